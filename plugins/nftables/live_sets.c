/*
 * live_sets.c — elements of kernel sets and maps. Interval sets come as
 * start elements and "interval end" elements (one past the last value);
 * concatenated interval sets carry a key end per element. Elements are
 * decoded with the field types of the key that looks them up.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "live_rule.h"

struct raw_elem {
	uint8_t key[64], end[64];
	uint32_t klen, elen;
	bool is_end;     /* NFT_SET_ELEM_INTERVAL_END */
	bool has_data;
	int verdict;
	const char *chain;
};

struct raw_list {
	struct nir_ctx *cx;
	struct raw_elem *e;
	uint32_t n, cap;
};

static int collect(struct nftnl_set_elem *se, void *data)
{
	struct raw_list *l = data;
	struct raw_elem *r;
	const void *p;
	uint32_t len = 0;

	if (pool_grow(&l->cx->pool, (void **)&l->e, &l->cap, l->n + 1,
		      sizeof(*l->e)))
		return -1;
	r = &l->e[l->n++];
	memset(r, 0, sizeof(*r));
	p = nftnl_set_elem_get(se, NFTNL_SET_ELEM_KEY, &len);
	if (p && len <= sizeof(r->key)) {
		memcpy(r->key, p, len);
		r->klen = len;
	}
	if (nftnl_set_elem_is_set(se, NFTNL_SET_ELEM_KEY_END)) {
		p = nftnl_set_elem_get(se, NFTNL_SET_ELEM_KEY_END, &len);
		if (p && len <= sizeof(r->end)) {
			memcpy(r->end, p, len);
			r->elen = len;
		}
	}
	if (nftnl_set_elem_is_set(se, NFTNL_SET_ELEM_FLAGS))
		r->is_end = nftnl_set_elem_get_u32(se, NFTNL_SET_ELEM_FLAGS) &
			    NFT_SET_ELEM_INTERVAL_END;
	if (nftnl_set_elem_is_set(se, NFTNL_SET_ELEM_VERDICT)) {
		r->has_data = true;
		r->verdict = (int)nftnl_set_elem_get_u32(se,
						NFTNL_SET_ELEM_VERDICT);
		if (nftnl_set_elem_is_set(se, NFTNL_SET_ELEM_CHAIN))
			r->chain = pool_strdup(&l->cx->pool,
				nftnl_set_elem_get_str(se, NFTNL_SET_ELEM_CHAIN));
	}
	return 0;
}

static int count_elem(struct nftnl_set_elem *se, void *data)
{
	(void)se;
	(*(uint32_t *)data)++;
	return 0;
}

static uint32_t sort_len;

static int raw_cmp(const void *a, const void *b)
{
	const struct raw_elem *x = a, *y = b;
	int c = memcmp(x->key, y->key, sort_len);

	if (c)
		return c;
	return (int)y->is_end - (int)x->is_end; /* ends first */
}

/* Big-endian minus one (the end element is one past the interval). */
static void be_dec(uint8_t *b, uint32_t len)
{
	uint32_t i = len;

	while (i > 0) {
		i--;
		if (b[i]--)
			break;
	}
}

static void to_verdict(const struct raw_elem *r, struct nir_elem *e)
{
	if (!r->has_data)
		return;
	e->has_data = true;
	switch (r->verdict) {
	case NF_ACCEPT: e->data.v = FWD_VERDICT_ACCEPT; break;
	case NF_DROP: e->data.v = FWD_VERDICT_DROP; break;
	case NFT_JUMP: e->data.v = FWD_VERDICT_JUMP; break;
	case NFT_GOTO: e->data.v = FWD_VERDICT_GOTO; break;
	case NFT_RETURN: e->data.v = FWD_VERDICT_RETURN; break;
	case NF_QUEUE: e->data.v = FWD_VERDICT_QUEUE; break;
	default: e->data.v = FWD_VERDICT_CONTINUE; break;
	}
	e->data.chain = r->chain;
}

/* Component i of key at byte offset off of raw bytes → range. */
static int comp(const struct nir_key *key, unsigned i, const uint8_t *lo,
		const uint8_t *hi, uint32_t len, struct nir_range *out)
{
	const struct nir_field *f = key->f[i];

	if (nir_scalar_from_data(f, lo, len, &out->lo) ||
	    nir_scalar_from_data(f, hi, len, &out->hi))
		return -1;
	return 0;
}

static int decode_plain(const struct nir_key *key, const struct raw_elem *r,
			struct nir_elem *e)
{
	uint32_t off = 0;
	unsigned i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < key->n; i++) {
		uint32_t l = key->n == 1 ? r->klen : key->f[i]->len;
		const uint8_t *hi = r->elen ? r->end + off : r->key + off;

		if (off + l > r->klen ||
		    comp(key, i, r->key + off, hi, l, &e->c[i]))
			return -1;
		off += key->n == 1 ? l : (l + 3) & ~3u;
	}
	to_verdict(r, e);
	return 0;
}

int live_set_elems(struct nir_ctx *cx, struct nir_set *s,
		   const struct nir_key *key, struct nir_elem **out,
		   uint32_t *n)
{
	struct nftnl_set *ns = s->src;
	struct raw_list l = { cx, NULL, 0, 0 };
	bool interval = nftnl_set_get_u32(ns, NFTNL_SET_FLAGS) &
			NFT_SET_INTERVAL;
	struct nir_elem *e;
	uint32_t i, k = 0;
	bool ends = false;

	/* Sized once: growing by doubling in a pool keeps every old copy,
	 * which for a set of 100k prefixes was twice the set again. */
	nftnl_set_elem_foreach(ns, count_elem, &l.cap);
	if (l.cap && !(l.e = pool_alloc(&cx->pool, l.cap * sizeof(*l.e))))
		return nir_oom(cx);
	if (nftnl_set_elem_foreach(ns, collect, &l) < 0)
		return nir_oom(cx);
	for (i = 0; i < l.n; i++)
		ends |= l.e[i].elen > 0;
	e = pool_alloc(&cx->pool, (l.n ? l.n : 1) * sizeof(*e));
	if (!e)
		return nir_oom(cx);
	if (!interval || ends || key->n != 1) {
		for (i = 0; i < l.n; i++) {
			if (l.e[i].is_end)
				continue;
			if (decode_plain(key, &l.e[i], &e[k]))
				goto bad;
			k++;
		}
	} else {
		/* start ... end(+1) pairs in key order */
		const struct raw_elem *open = NULL;
		uint32_t len = l.n ? l.e[0].klen : 0;

		sort_len = len;
		qsort(l.e, l.n, sizeof(*l.e), raw_cmp);
		for (i = 0; i <= l.n; i++) {
			struct raw_elem tmp;

			if (i < l.n && !l.e[i].is_end) {
				if (!open) {
					open = &l.e[i];
					continue;
				}
				/* two starts: the first is one value */
				tmp = *open;
				memcpy(tmp.end, open->key, len);
			} else if (open) {
				tmp = *open;
				if (i < l.n) {
					memcpy(tmp.end, l.e[i].key, len);
					be_dec(tmp.end, len);
				} else {
					memset(tmp.end, 0xff, len);
				}
			} else {
				continue;
			}
			tmp.elen = len;
			memset(&e[k], 0, sizeof(e[k]));
			if (comp(key, 0, tmp.key, tmp.end, len, &e[k].c[0]))
				goto bad;
			to_verdict(&tmp, &e[k]);
			k++;
			open = i < l.n && !l.e[i].is_end ? &l.e[i] : NULL;
		}
	}
	nir_elems_sort(key, e, k);
	*out = e;
	*n = k;
	return 0;
bad:
	return fwd_error_set(cx->err, FWD_EINVAL, cx->source, 0, 0,
			     "set %s: an element does not fit its key",
			     s->name);
}

static int decode_cb(struct nir_ctx *cx, struct nir_set *s,
		     const struct nir_key *key, struct nir_elem **out,
		     uint32_t *n)
{
	return live_set_elems(cx, s, key, out, n);
}

struct nir_set *live_set_wrap(struct nir_ctx *cx, struct nftnl_set *ns)
{
	struct nir_set *s = pool_alloc(&cx->pool, sizeof(*s));
	uint32_t flags = nftnl_set_get_u32(ns, NFTNL_SET_FLAGS);

	if (!s)
		return NULL;
	s->name = pool_strdup(&cx->pool, nftnl_set_get_str(ns, NFTNL_SET_NAME));
	s->anonymous = flags & NFT_SET_ANONYMOUS;
	s->map = flags & NFT_SET_MAP;
	s->vmap = s->map && nftnl_set_is_set(ns, NFTNL_SET_DATA_TYPE) &&
		  nftnl_set_get_u32(ns, NFTNL_SET_DATA_TYPE) == NFT_DATA_VERDICT;
	s->src = ns;
	s->decode = decode_cb;
	return s->name ? s : NULL;
}
