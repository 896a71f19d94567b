/*
 * match_class.h — how much of the packet class "new connection between
 * this host and a remote peer" a rule's non-port matches select.
 */
#ifndef FWD_MATCH_CLASS_H
#define FWD_MATCH_CLASS_H

#include <fwdrift/model.h>

#include "exposure.h"

enum { REACH_NONE = 0, REACH_SOME = 1, REACH_ALL = 2 };

/* REACH_NONE, REACH_SOME or REACH_ALL. */
uint8_t match_class(const struct fwd_rule *r, enum fwd_family fam,
		    enum fwd_dir dir, uint8_t proto);

/*
 * Of the class (family fam, direction dir, protocol proto), a selects
 * every packet b selects, ports aside: each match of a is true for the
 * whole class or is the very same match in b. Never when either rule has
 * a match the reader could not read.
 */
bool match_covers(const struct fwd_rule *a, const struct fwd_rule *b,
		  enum fwd_family fam, enum fwd_dir dir, uint8_t proto);

/*
 * Why a rule matches only some packets of the class, for the report:
 * "source 10.0.0.0/8", "unresolved: -m recent", "interface eth0".
 * Writes into buf and returns it; "" when the rule matches all.
 */
const char *match_condition(const struct fwd_rule *r, enum fwd_family fam,
			    enum fwd_dir dir, char *buf, size_t len);

#endif
