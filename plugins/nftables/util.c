/*
 * util.c — the pool and string buffer of util.h. Nothing here knows about
 * nftables; it exists so that the decoders can allocate freely and free
 * everything in one call when a read ends, whatever path it took.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

struct pool_chunk {
	struct pool_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define POOL_CHUNK 65536

void pool_init(struct pool *p)
{
	p->head = NULL;
	p->failed = false;
}

void *pool_alloc_raw(struct pool *p, size_t size)
{
	struct pool_chunk *c = p->head;
	size_t need = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	void *ret;

	if (need == 0)
		need = sizeof(max_align_t);
	if (!c || c->size - c->used < need) {
		size_t sz = need > POOL_CHUNK ? need : POOL_CHUNK;

		c = malloc(sizeof(*c) + sz);
		if (!c) {
			p->failed = true;
			return NULL;
		}
		c->used = 0;
		c->size = sz;
		/* Keep a partly used chunk at the head when a big block
		 * gets a chunk of its own. */
		if (p->head && need > POOL_CHUNK) {
			c->next = p->head->next;
			p->head->next = c;
		} else {
			c->next = p->head;
			p->head = c;
		}
	}
	ret = (char *)c->data + c->used;
	c->used += need;
	return ret;
}

void *pool_alloc(struct pool *p, size_t size)
{
	void *ret = pool_alloc_raw(p, size);

	if (ret)
		memset(ret, 0, size);
	return ret;
}

char *pool_strndup(struct pool *p, const char *s, size_t n)
{
	char *d;

	if (!s)
		return NULL;
	d = pool_alloc_raw(p, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *pool_strdup(struct pool *p, const char *s)
{
	return s ? pool_strndup(p, s, strlen(s)) : NULL;
}

int pool_grow(struct pool *p, void **arr, uint32_t *cap, uint32_t need,
	      size_t size)
{
	uint32_t n = *cap ? *cap : 4;
	void *d;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	d = pool_alloc_raw(p, (size_t)n * size);
	if (!d)
		return -1;
	if (*arr)
		memcpy(d, *arr, (size_t)*cap * size);
	*arr = d;
	*cap = n;
	return 0;
}

static uint32_t fnv(uint32_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ 0xff) * 16777619u;
}

uint32_t name_hash(const char *family, const char *table, const char *name)
{
	return fnv(fnv(fnv(2166136261u, family), table), name);
}

int name_index_init(struct pool *p, struct name_index *ix, uint32_t n)
{
	uint32_t size = 16;

	while (size < 2 * n)
		size *= 2;
	ix->slots = pool_alloc(p, size * sizeof(*ix->slots));
	ix->mask = size - 1;
	return ix->slots ? 0 : -1;
}

void name_index_put(struct name_index *ix, uint32_t hash, uint32_t item)
{
	uint32_t h = hash & ix->mask;

	while (ix->slots[h])
		h = (h + 1) & ix->mask;
	ix->slots[h] = item + 1;
}

int64_t name_index_find(const struct name_index *ix, uint32_t hash,
			bool (*same)(uint32_t item, const void *key),
			const void *key)
{
	uint32_t h;

	for (h = hash & ix->mask; ix->slots[h]; h = (h + 1) & ix->mask)
		if (same(ix->slots[h] - 1, key))
			return ix->slots[h] - 1;
	return -1;
}

void pool_reset(struct pool *p)
{
	struct pool_chunk *c = p->head, *n, *keep = NULL;

	for (; c; c = n) {
		n = c->next;
		if (!keep && c->size == POOL_CHUNK)
			keep = c;
		else
			free(c);
	}
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	p->head = keep;
}

void pool_release(struct pool *p)
{
	struct pool_chunk *c = p->head, *n;

	while (c) {
		n = c->next;
		free(c);
		c = n;
	}
	p->head = NULL;
}

void sb_init(struct strbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void sb_init_on(struct strbuf *sb, char *buf, size_t size)
{
	sb_init(sb);
	if (!size)
		return;
	sb->buf = buf;
	sb->cap = size;
	sb->borrowed = true;
	buf[0] = '\0';
}

static bool sb_room(struct strbuf *sb, size_t more)
{
	size_t n;
	char *b;

	if (sb->failed)
		return false;
	if (sb->len + more + 1 <= sb->cap)
		return true;
	n = sb->cap ? sb->cap : 128;
	while (n < sb->len + more + 1)
		n *= 2;
	b = realloc(sb->borrowed ? NULL : sb->buf, n);
	if (!b) {
		sb->failed = true;
		return false;
	}
	if (sb->borrowed)
		memcpy(b, sb->buf, sb->len + 1);
	sb->borrowed = false;
	sb->buf = b;
	sb->cap = n;
	return true;
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	if (!sb_room(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_addc(struct strbuf *sb, char c)
{
	if (!sb_room(sb, 1))
		return;
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sb_addu(struct strbuf *sb, uint64_t v)
{
	char buf[20];
	size_t i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_addn(sb, buf + i, sizeof(buf) - i);
}

/* Formats straight into the room left and only formats again when it
 * did not fit: rule text is built from many short pieces, and measuring
 * each first doubled the cost of printing it. */
void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!sb_room(sb, 32))
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= sb->cap - sb->len) {
		if (!sb_room(sb, (size_t)n)) {
			sb->buf[sb->len] = '\0';
			return;
		}
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	sb->len += (size_t)n;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf && !sb->failed ? sb->buf : "";
}

void sb_release(struct strbuf *sb)
{
	if (!sb->borrowed)
		free(sb->buf);
	sb_init(sb);
}

double nft_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
