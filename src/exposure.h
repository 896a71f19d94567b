/*
 * exposure.h — what the rules let through: for every (view, family,
 * direction, protocol) a list of port intervals labelled open, restricted
 * or closed, each with the rules that decided it.
 */
#ifndef FWD_EXPOSURE_H
#define FWD_EXPOSURE_H

#include <stdbool.h>
#include <stdint.h>

#include <fwdrift/model.h>

#include "portset.h"

enum fwd_label { LABEL_CLOSED = 0, LABEL_RESTRICTED = 1, LABEL_OPEN = 2 };
enum fwd_dir { DIR_IN = 0, DIR_OUT = 1 };
#define DIR_COUNT 2
#define PROTO_COUNT 2 /* index 0 tcp, 1 udp */

/* Why a port interval got its label. Any pointer may be NULL. */
struct evidence {
	const struct fwd_rule *decided_by;    /* the accept/drop that decided */
	const struct fwd_chain *policy_of;    /* ...or this base chain's policy */
	const struct fwd_rule *cond_by;       /* matched only some packets */
	const struct fwd_rule *block_by;      /* first rule dropping packets */
	const struct fwd_rule *shadowed;      /* an accept no packet reached */
	const struct fwd_rule *other_rule;    /* another backend disagreed... */
	const struct fwd_chain *other_policy; /* ...by this rule or policy */
	bool backend_conflict;
	bool no_rules;                        /* nothing on the hook at all */
};

struct exposure_seg {
	uint16_t lo, hi;
	uint8_t label;
	struct evidence ev;
};

struct exposure_map {
	const struct fwd_view *view;
	enum fwd_family family;
	enum fwd_dir dir;
	uint8_t proto;            /* 6 or 17 */
	bool default_deny;        /* most ports are closed */
	struct exposure_seg *segs;
	uint32_t n_segs;
};

struct exposure {
	struct exposure_map *maps;
	uint32_t n_maps;
};

/* Evaluate every view and family that was read. 0 or FWD_E* + err. */
int exposure_build(struct exposure *x, const struct fwd_ruleset *rs,
		   struct fwd_error *err);
void exposure_free(struct exposure *x);
/* Drop the maps of every view but the one named view (--profile). */
void exposure_keep_view(struct exposure *x, const char *view);

const struct exposure_map *exposure_find(const struct exposure *x,
					 const struct fwd_view *view,
					 enum fwd_family fam, enum fwd_dir dir,
					 uint8_t proto);

/* Ports of map with the given label, as an interval set. */
int exposure_ports(const struct exposure_map *m, enum fwd_label label,
		   struct portset *out);

const char *label_name(enum fwd_label l);
const char *dir_name(enum fwd_dir d);
const char *proto_name(uint8_t proto);

#endif
