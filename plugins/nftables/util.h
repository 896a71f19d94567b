/*
 * util.h — small helpers of the nftables reader: a bump pool for the
 * intermediate form (freed at once when a read ends) and a growable
 * string buffer for rule text. Model memory never comes from here: what
 * the model keeps is copied into the ruleset's arena with fwd_strdup().
 */
#ifndef NFT_UTIL_H
#define NFT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pool {
	struct pool_chunk *head;
	bool failed; /* an allocation failed: the caller reports ENOMEM */
};

void pool_init(struct pool *p);
/* Zeroed memory living until pool_release(); NULL (and p->failed) on ENOMEM. */
void *pool_alloc(struct pool *p, size_t size);
/* The same, not zeroed: for memory the caller fills at once. */
void *pool_alloc_raw(struct pool *p, size_t size);
char *pool_strdup(struct pool *p, const char *s);
char *pool_strndup(struct pool *p, const char *s, size_t n);
/* Make room for need elements of size in *arr (capacity *cap). 0 or -1.
 * Elements past the old capacity are not zeroed. */
int pool_grow(struct pool *p, void **arr, uint32_t *cap, uint32_t need,
	      size_t size);
void pool_release(struct pool *p);
/* Forget everything allocated, keeping one chunk for what comes next:
 * the scratch pool of one rule, reused by the next. */
void pool_reset(struct pool *p);

/*
 * Chains by (family, table, name): rules name their chain, and a
 * Kubernetes node has thousands of chains, so a scan per rule would be
 * quadratic. Open addressing over item indexes; the caller keeps the
 * items and says how to compare one with a key.
 */
struct name_index {
	uint32_t *slots; /* item index + 1, 0 = empty */
	uint32_t mask;
};

uint32_t name_hash(const char *family, const char *table, const char *name);
/* Room for n items, from p. 0 or -1. */
int name_index_init(struct pool *p, struct name_index *ix, uint32_t n);
void name_index_put(struct name_index *ix, uint32_t hash, uint32_t item);
/* The first item with this hash for which same() holds, or -1. */
int64_t name_index_find(const struct name_index *ix, uint32_t hash,
			bool (*same)(uint32_t item, const void *key),
			const void *key);

struct strbuf {
	char *buf;   /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	bool failed;
	bool borrowed; /* buf is the caller's until the text outgrows it */
};

void sb_init(struct strbuf *sb);
/* Start in the caller's buf of size bytes (a stack array: a rule's text
 * usually fits, and then no malloc is needed); moves to the heap when
 * the text outgrows it. sb_release() as usual. */
void sb_init_on(struct strbuf *sb, char *buf, size_t size);
/* Appenders without printf: rule text is built for every rule, and
 * vsnprintf's set-up costs more than the few bytes it writes. */
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
/* v in decimal */
void sb_addu(struct strbuf *sb, uint64_t v);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_reset(struct strbuf *sb);
/* The text so far ("" when empty); valid until the next sb_* call. */
const char *sb_str(const struct strbuf *sb);
void sb_release(struct strbuf *sb);

/* Seconds on CLOCK_MONOTONIC, the clock of fwd_read_opts.deadline. */
double nft_now(void);

#endif
