/*
 * portset.h — sets of ports as sorted, disjoint, non-adjacent inclusive
 * intervals. Everything in the evaluator and the diff works on these, so
 * cost follows the number of intervals, never the 65,536 ports.
 */
#ifndef FWD_PORTSET_H
#define FWD_PORTSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fwdrift/model.h>

struct portset {
	struct fwd_port_range *r;
	uint32_t n;
	uint32_t cap;
};

#define PORTSET_INIT { NULL, 0, 0 }

void portset_free(struct portset *s);
void portset_clear(struct portset *s);

/* Append a range without normalizing; call portset_normalize() after. */
int portset_append(struct portset *s, uint16_t lo, uint16_t hi);
/* Sort and merge overlapping or adjacent ranges. */
void portset_normalize(struct portset *s);
/* Union with one range, keeping s normalized. 0 or FWD_ENOMEM. */
int portset_add(struct portset *s, uint16_t lo, uint16_t hi);

int portset_copy(struct portset *dst, const struct portset *src);
int portset_union(struct portset *dst, const struct portset *src);
/* dst = dst minus src. */
int portset_subtract(struct portset *dst, const struct portset *src);
/* out = a intersect b (out must not alias a or b). */
int portset_intersect(struct portset *out, const struct portset *a,
		      const struct portset *b);
/* out = complement of a within [0, 65535]. */
int portset_complement(struct portset *out, const struct portset *a);

bool portset_contains(const struct portset *s, uint16_t port);
/* true when every port of sub is in s. */
bool portset_covers(const struct portset *s, const struct portset *sub);
bool portset_overlaps(const struct portset *a, const struct portset *b);
uint32_t portset_count(const struct portset *s);
static inline bool portset_empty(const struct portset *s) { return !s->n; }

/*
 * The ports a rule's match selects, negation applied. An absent match
 * (n == 0) selects all ports.
 */
int portset_from_match(struct portset *out, const struct fwd_port_match *m);

/*
 * Parse "22,80,1000-2000" (also "1000:2000"). Returns 0, FWD_EINVAL with
 * *bad_pos set to the offset of the bad token, or FWD_ENOMEM.
 */
int portset_parse(struct portset *s, const char *text, size_t *bad_pos);

/* "22,80,1000-2000", "" when empty. Caller frees. NULL on ENOMEM. */
char *portset_format(const struct portset *s);

#endif
