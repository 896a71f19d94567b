/*
 * fingerprint.h — a name for a rule that survives insertions above it:
 * a hash of its chain ("backend table chain") and its text, never of its
 * position or file line. Waivers and `fwdrift compare` name rules this
 * way (or by the rule's comment).
 */
#ifndef FWD_FINGERPRINT_H
#define FWD_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include <fwdrift/model.h>

#define FINGERPRINT_LEN 20 /* "fp-" + 16 hex digits + NUL */

/* "fp-0123456789abcdef" from a chain label and rule text into out. */
void fingerprint_text(const char *chain, const char *text,
		      char out[FINGERPRINT_LEN]);
void fingerprint_rule(const struct fwd_rule *r, char out[FINGERPRINT_LEN]);

/* True when name is the rule's fingerprint or its comment. */
bool fingerprint_names_rule(const char *name, const struct fwd_rule *r);

#endif
