/*
 * compare_priv.h — what the compare files share: the loaded report and
 * the steps of the comparison. Not for use outside src/compare*.c.
 */
#ifndef FWD_COMPARE_PRIV_H
#define FWD_COMPARE_PRIV_H

#include <stdbool.h>

#include <jansson.h>

#include "compare.h"

/*
 * A checked fwdrift-report/1. The pointers borrow from root, which
 * compare_load() has verified to have the keys and types the comparison
 * reads, so the steps below need no further type checks.
 */
struct cmp_report {
	char *path;
	json_t *root;
	const char *baseline; /* baseline.name */
	const char *host;     /* "" when the report has none */
	json_t *reqs;         /* requirements[] */
	json_t *extras;       /* extra[] */
};

enum { CMP_OK = 0, CMP_WARNING = 1, CMP_CRITICAL = 2 };

const char *cmp_status_name(int status);

/* A string member, or def when absent (types were checked on load). */
const char *cmp_str(const json_t *o, const char *key, const char *def);

/* Append v to list (taking no reference) unless an equal value is in it
 * already. 0 or FWD_ENOMEM. */
int cmp_append_unique(json_t *list, json_t *v);

/*
 * Append to out (an array) the extras that appeared and went away, one
 * entry per port interval, and raise *worst to WARNING for new ones.
 * 0 or FWD_ENOMEM.
 */
int cmp_extras(json_t *out, const struct cmp_report *old,
	       const struct cmp_report *new, int *worst);

/*
 * Append to rules the evidence rules that appeared or went away (by
 * fingerprint) and to policies the chains whose policy changed.
 * 0 or FWD_ENOMEM.
 */
int cmp_rules(json_t *rules, json_t *policies, const struct cmp_report *old,
	      const struct cmp_report *new);

#endif
