/*
 * jsonv.h — the JSON of `nft -j list ruleset` without a document tree.
 *
 * jv_scan() checks the whole text once, as strictly as RFC 8259 (and
 * jansson with JSON_REJECT_DUPLICATES, which this reader used before),
 * and indexes the elements of its "nftables" array. Each element is then
 * built on demand with jv_build() as a small tree in an arena that the
 * caller empties before the next one, so memory follows the largest
 * element, not the file. Building trusts the text: only call it on
 * positions inside a text jv_scan() accepted.
 *
 * Texts end with a NUL at text[len] (the reader ABI guarantees it); the
 * scanner uses it as a sentinel and rejects NUL bytes inside.
 */
#ifndef NFT_JSONV_H
#define NFT_JSONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fwdrift/error.h>

#include "util.h"

/* jansson's limit: values nested deeper than this are an error. */
#define JV_MAX_DEPTH 2048

enum jv_kind { JV_NULL, JV_FALSE, JV_TRUE, JV_INT, JV_REAL, JV_STR, JV_ARR,
	       JV_OBJ };

struct jv_member;

struct jv {
	enum jv_kind kind;
	uint32_t n; /* JV_STR: bytes; JV_ARR: items; JV_OBJ: members */
	union {
		int64_t i;
		double d;
		const char *s; /* NUL-terminated copy in the arena */
		struct jv *items;
		struct jv_member *members;
	} u;
};

struct jv_member {
	const char *key; /* NUL-terminated copy in the arena */
	uint32_t klen;
	struct jv v;
};

/* Lookups that accept NULL (and the wrong kind) like jansson's, so that
 * chains such as jv_str(jv_get(o, "name")) need no checks between. */
static inline bool jv_is(const struct jv *v, enum jv_kind k)
{
	return v && v->kind == k;
}

static inline const char *jv_str(const struct jv *v)
{
	return jv_is(v, JV_STR) ? v->u.s : NULL;
}

/* The integer, 0 when v is not one. */
static inline int64_t jv_int(const struct jv *v)
{
	return jv_is(v, JV_INT) ? v->u.i : 0;
}

/* Items of an array or members of an object, 0 otherwise. */
static inline size_t jv_size(const struct jv *v)
{
	return jv_is(v, JV_ARR) || jv_is(v, JV_OBJ) ? v->n : 0;
}

/* Item i of an array, NULL when out of range or not an array. */
static inline const struct jv *jv_at(const struct jv *a, size_t i)
{
	return jv_is(a, JV_ARR) && i < a->n ? &a->u.items[i] : NULL;
}

/* The member of object o named key, NULL if none. */
const struct jv *jv_get(const struct jv *o, const char *key);

#define jv_array_foreach(a, i, item) \
	for ((i) = 0; (i) < jv_size(a) && ((item) = jv_at((a), (i))); (i)++)

/* ------------------------------------------------------------------ */
/* Scanning: the whole text, checked and indexed. */

/* What a top-level element holds: bits of the object-valued members
 * table, set, map, chain and rule it has (one element may have several). */
enum { JV_EL_TABLE = 1, JV_EL_SET = 2, JV_EL_MAP = 4, JV_EL_CHAIN = 8,
       JV_EL_RULE = 16 };

struct jv_elem {
	uint32_t off;   /* of its first byte in the text */
	uint32_t kinds; /* JV_EL_* */
};

struct jv_index {
	struct jv_elem *e; /* elements with kinds != 0, in text order */
	size_t n, cap;
	bool ruleset;      /* the root is an object with a "nftables" array */
};

/*
 * Check that text (len bytes, text[len] == '\0') is one JSON document and
 * index the elements of the root's "nftables" array into ix (zeroed by
 * the caller, freed with jv_index_release even on error). 0, or
 * FWD_EINVAL with err naming name:line:column and what was expected, or
 * FWD_ENOMEM.
 */
int jv_scan(const char *text, size_t len, const char *name,
	    struct jv_index *ix, struct fwd_error *err);
void jv_index_release(struct jv_index *ix);

/* Line and column (in characters, as jansson counts them) of the byte
 * at, for messages about a value found after scanning. */
void jv_position(const char *text, const char *at, int *line, int *column);

/* ------------------------------------------------------------------ */
/* Building: one value of a scanned text, in an arena. */

struct jv_arena {
	struct pool pool;        /* the values (pool.failed: out of memory) */
	struct jv_member *stack; /* members of the arrays being built */
	size_t depth, cap;
};

void jv_arena_init(struct jv_arena *a);
/* Forget every value built, keeping one chunk for the next. */
void jv_arena_reset(struct jv_arena *a);
void jv_arena_release(struct jv_arena *a);

/* The value starting at *at (blanks before it allowed), built in a;
 * *at moves past it. NULL when out of memory. */
struct jv *jv_build(struct jv_arena *a, const char **at);

/* The start of the value of member key of the object at at (blanks
 * before it allowed), without building anything; NULL if none. */
const char *jv_member_at(const char *at, const char *key);

/* How many items the array at at has, without building them. */
size_t jv_array_count(const char *at);

/* The items of the array at at, one at a time. */
struct jv_iter {
	const char *p;
};

void jv_iter_init(struct jv_iter *it, const char *at);
/* The next item built in a, NULL after the last one (or when out of
 * memory: then a->failed). *where is set to the item's first byte. */
struct jv *jv_iter_next(struct jv_iter *it, struct jv_arena *a,
			const char **where);

/* Shared by scanner and builder. */
/* The bytes of the string whose body starts at p (after the opening
 * quote; escapes already checked), decoded into out, which has room for
 * as many bytes as the raw body. Returns the decoded length; *end is set
 * past the closing quote. */
size_t jv_unescape(const char *p, char *out, const char **end);
/* A checked JSON number of n bytes at p as a double. -1 on overflow. */
int jv_strtod(const char *p, size_t n, double *out);

#endif
