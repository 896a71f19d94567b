/*
 * json_value.c — keys and values of `nft -j` matches: {"payload": {...}},
 * {"meta": {...}}, {"concat": [...]}, and the values, prefixes, ranges,
 * sets and verdicts they are compared with.
 */
#include <stdio.h>
#include <string.h>

#include "json_nft.h"

/* {"result": "oif", "flags": ["saddr", "mark", "iif"]} */
static const struct nir_field *nj_fib(const struct jv *v)
{
	static const char *const flag_names[] = {
		"saddr", "daddr", "mark", "iif", "oif", /* NFTA_FIB_F_* order */
	};
	static const char *const results[] = { "", "oif", "oifname", "type" };
	const char *res = jv_str(jv_get(v, "result"));
	const struct jv *fl = jv_get(v, "flags");
	uint32_t flags = 0, result = 0, b;
	size_t i, n;

	for (b = 1; res && b < sizeof(results) / sizeof(results[0]); b++)
		if (strcmp(res, results[b]) == 0)
			result = b;
	/* one flag is written without a list */
	n = jv_is(fl, JV_ARR) ? jv_size(fl) : 1;
	for (i = 0; fl && i < n; i++) {
		const char *name = jv_str(jv_is(fl, JV_ARR) ? jv_at(fl, i) : fl);

		for (b = 0; name && b < sizeof(flag_names) / sizeof(flag_names[0]); b++)
			if (strcmp(name, flag_names[b]) == 0)
				flags |= 1u << b;
	}
	return result ? nir_field_fib(flags, result) : NULL;
}

static int nj_field(const struct jv *o, const struct nir_field **f,
		    const char **what)
{
	const char *k, *proto = NULL, *name = NULL;
	const struct jv *v;

	if (!jv_is(o, JV_OBJ) || o->n != 1)
		return -1;
	k = o->u.members[0].key;
	v = &o->u.members[0].v;
	*what = k;
	if (strcmp(k, "payload") == 0) {
		proto = jv_str(jv_get(v, "protocol"));
		name = jv_str(jv_get(v, "field"));
	} else if (strcmp(k, "meta") == 0) {
		proto = "meta";
		name = jv_str(jv_get(v, "key"));
	} else if (strcmp(k, "ct") == 0) {
		if (jv_get(v, "dir"))
			return -1;
		proto = "ct";
		name = jv_str(jv_get(v, "key"));
	} else if (strcmp(k, "fib") == 0) {
		*f = nj_fib(v);
		return *f ? 0 : -1;
	}
	if (!proto || !name)
		return -1;
	*f = nir_field_by_name(proto, name);
	return *f ? 0 : -1;
}

int nj_key(const struct jv *left, struct nir_key *key, const char **what)
{
	const struct jv *c, *item;
	size_t i;

	memset(key, 0, sizeof(*key));
	*what = "?";
	if ((c = jv_get(left, "concat")) && jv_is(c, JV_ARR)) {
		*what = "concat";
		if (jv_size(c) < 2 || jv_size(c) > NIR_MAX_CONCAT)
			return -1;
		jv_array_foreach(c, i, item) {
			if (nj_field(item, &key->f[i], what))
				return -1;
		}
		key->n = (unsigned)jv_size(c);
		return 0;
	}
	if ((c = jv_get(left, "&")) && jv_is(c, JV_ARR) && jv_size(c) == 2) {
		struct nir_range m;

		*what = "&";
		if (nj_field(jv_at(c, 0), &key->f[0], what))
			return -1;
		key->n = 1;
		item = jv_at(c, 1);
		if (jv_is(item, JV_INT)) {
			if (nir_range_from_uint(key->f[0],
						(uint64_t)jv_int(item), &m))
				return -1;
		} else {
			struct nir_elem e;

			if (nj_elem(key, item, false, &e))
				return -1;
			m = e.c[0];
		}
		key->masked = true;
		key->mask = m.lo;
		return 0;
	}
	if (nj_field(left, &key->f[0], what))
		return -1;
	key->n = 1;
	return 0;
}

/* A bitmask written as a list of names: OR them. */
static int nj_bits(const struct nir_field *f, const struct jv *arr,
		   struct nir_range *r)
{
	uint64_t bits = 0;
	struct nir_range one;
	const struct jv *item;
	size_t i;

	jv_array_foreach(arr, i, item) {
		if (jv_is(item, JV_STR)) {
			if (nir_range_from_text(f, jv_str(item), &one))
				return -1;
		} else if (jv_is(item, JV_INT)) {
			if (nir_range_from_uint(f, (uint64_t)jv_int(item),
						&one))
				return -1;
		} else {
			return -1;
		}
		bits |= nir_scalar_uint(f, &one.lo);
	}
	return nir_range_from_uint(f, bits, r);
}

static int nj_range(const struct nir_field *f, const struct jv *v,
		    struct nir_range *r)
{
	const struct jv *x;

	if (jv_is(v, JV_INT))
		return nir_range_from_uint(f, (uint64_t)jv_int(v), r);
	if (jv_is(v, JV_TRUE) || jv_is(v, JV_FALSE)) /* fib ... oif exists / missing */
		return nir_range_from_uint(f, jv_is(v, JV_TRUE), r);
	if (jv_is(v, JV_STR))
		return nir_range_from_text(f, jv_str(v), r);
	if (jv_is(v, JV_ARR))
		return nj_bits(f, v, r);
	if (!jv_is(v, JV_OBJ))
		return -1;
	if ((x = jv_get(v, "prefix"))) {
		const char *a = jv_str(jv_get(x, "addr"));
		const struct jv *l = jv_get(x, "len");
		char buf[128];

		if (!a || !jv_is(l, JV_INT))
			return -1;
		snprintf(buf, sizeof(buf), "%s/%lld", a, (long long)jv_int(l));
		return nir_range_from_text(f, buf, r);
	}
	if ((x = jv_get(v, "range")) && jv_is(x, JV_ARR) && jv_size(x) == 2) {
		struct nir_range a, b;

		if (nj_range(f, jv_at(x, 0), &a) ||
		    nj_range(f, jv_at(x, 1), &b))
			return -1;
		r->lo = a.lo;
		r->hi = b.hi;
		return 0;
	}
	if ((x = jv_get(v, "elem")))
		return nj_range(f, jv_get(x, "val"), r);
	return -1;
}

int nj_elem(const struct nir_key *key, const struct jv *v, bool map,
	    struct nir_elem *e)
{
	const struct jv *c, *item;
	size_t i;

	memset(e, 0, sizeof(*e));
	if (map) {
		if (!jv_is(v, JV_ARR) || jv_size(v) != 2)
			return -1;
		if (nj_verdict(NULL, jv_at(v, 1), &e->data) == 0)
			e->has_data = true;
		else
			return -1;
		v = jv_at(v, 0);
	}
	if ((c = jv_get(v, "elem")) && jv_is(c, JV_OBJ))
		v = jv_get(c, "val");
	if (key->n == 1)
		return nj_range(key->f[0], v, &e->c[0]);
	c = jv_get(v, "concat");
	if (!jv_is(c, JV_ARR) || jv_size(c) != key->n)
		return -1;
	jv_array_foreach(c, i, item) {
		if (nj_range(key->f[i], item, &e->c[i]))
			return -1;
	}
	return 0;
}

int nj_verdict_kv(const char *k, const struct jv *val,
		  struct nir_verdict *out)
{
	static const struct {
		const char *name;
		enum fwd_verdict v;
	} simple[] = {
		{ "accept", FWD_VERDICT_ACCEPT }, { "drop", FWD_VERDICT_DROP },
		{ "return", FWD_VERDICT_RETURN },
		{ "continue", FWD_VERDICT_CONTINUE },
		{ "jump", FWD_VERDICT_JUMP }, { "goto", FWD_VERDICT_GOTO },
	};
	size_t i;

	for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (strcmp(simple[i].name, k) != 0)
			continue;
		out->v = simple[i].v;
		out->chain = NULL;
		if (out->v == FWD_VERDICT_JUMP || out->v == FWD_VERDICT_GOTO) {
			out->chain = jv_str(jv_get(val, "target"));
			if (!out->chain)
				return -1;
		}
		return 0;
	}
	return -1;
}

int nj_verdict(struct nir_ctx *cx, const struct jv *v,
	       struct nir_verdict *out)
{
	(void)cx;
	if (!jv_is(v, JV_OBJ) || v->n != 1)
		return -1;
	return nj_verdict_kv(v->u.members[0].key, &v->u.members[0].v, out);
}
