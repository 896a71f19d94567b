/*
 * json_value.c — keys and values of `nft -j` matches: {"payload": {...}},
 * {"meta": {...}}, {"concat": [...]}, and the values, prefixes, ranges,
 * sets and verdicts they are compared with.
 */
#include <string.h>

#include "json_nft.h"

/* {"result": "oif", "flags": ["saddr", "mark", "iif"]} */
static const struct nir_field *nj_fib(json_t *v)
{
	static const char *const flag_names[] = {
		"saddr", "daddr", "mark", "iif", "oif", /* NFTA_FIB_F_* order */
	};
	static const char *const results[] = { "", "oif", "oifname", "type" };
	const char *res = json_string_value(json_object_get(v, "result"));
	json_t *fl = json_object_get(v, "flags"), *item;
	uint32_t flags = 0, result = 0, b;
	size_t i;

	for (b = 1; res && b < sizeof(results) / sizeof(results[0]); b++)
		if (strcmp(res, results[b]) == 0)
			result = b;
	if (json_is_string(fl)) /* one flag is written without a list */
		fl = json_pack("[O]", fl);
	else
		json_incref(fl);
	json_array_foreach(fl, i, item) {
		const char *n = json_string_value(item);

		for (b = 0; n && b < sizeof(flag_names) / sizeof(flag_names[0]); b++)
			if (strcmp(n, flag_names[b]) == 0)
				flags |= 1u << b;
	}
	json_decref(fl);
	return result ? nir_field_fib(flags, result) : NULL;
}

static int nj_field(json_t *o, const struct nir_field **f, const char **what)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o) || json_object_size(o) != 1)
		return -1;
	json_object_foreach(o, k, v) {
		const char *proto = NULL, *name = NULL;

		*what = k;
		if (strcmp(k, "payload") == 0) {
			proto = json_string_value(json_object_get(v, "protocol"));
			name = json_string_value(json_object_get(v, "field"));
		} else if (strcmp(k, "meta") == 0) {
			proto = "meta";
			name = json_string_value(json_object_get(v, "key"));
		} else if (strcmp(k, "ct") == 0) {
			if (json_object_get(v, "dir"))
				return -1;
			proto = "ct";
			name = json_string_value(json_object_get(v, "key"));
		} else if (strcmp(k, "fib") == 0) {
			*f = nj_fib(v);
			return *f ? 0 : -1;
		}
		if (!proto || !name)
			return -1;
		*f = nir_field_by_name(proto, name);
		return *f ? 0 : -1;
	}
	return -1;
}

int nj_key(json_t *left, struct nir_key *key, const char **what)
{
	json_t *c, *item;
	size_t i;

	memset(key, 0, sizeof(*key));
	*what = "?";
	if ((c = json_object_get(left, "concat")) && json_is_array(c)) {
		*what = "concat";
		if (json_array_size(c) < 2 || json_array_size(c) > NIR_MAX_CONCAT)
			return -1;
		json_array_foreach(c, i, item) {
			if (nj_field(item, &key->f[i], what))
				return -1;
		}
		key->n = (unsigned)json_array_size(c);
		return 0;
	}
	if ((c = json_object_get(left, "&")) && json_is_array(c) &&
	    json_array_size(c) == 2) {
		struct nir_range m;

		*what = "&";
		if (nj_field(json_array_get(c, 0), &key->f[0], what))
			return -1;
		key->n = 1;
		item = json_array_get(c, 1);
		if (json_is_integer(item)) {
			if (nir_range_from_uint(key->f[0],
						(uint64_t)json_integer_value(item),
						&m))
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
static int nj_bits(const struct nir_field *f, json_t *arr, struct nir_range *r)
{
	uint64_t bits = 0;
	struct nir_range one;
	json_t *item;
	size_t i;

	json_array_foreach(arr, i, item) {
		if (json_is_string(item)) {
			if (nir_range_from_text(f, json_string_value(item), &one))
				return -1;
		} else if (json_is_integer(item)) {
			if (nir_range_from_uint(f, (uint64_t)json_integer_value(item),
						&one))
				return -1;
		} else {
			return -1;
		}
		bits |= nir_scalar_uint(f, &one.lo);
	}
	return nir_range_from_uint(f, bits, r);
}

static int nj_range(const struct nir_field *f, json_t *v, struct nir_range *r)
{
	json_t *x;

	if (json_is_integer(v))
		return nir_range_from_uint(f, (uint64_t)json_integer_value(v), r);
	if (json_is_boolean(v)) /* fib ... oif exists / missing */
		return nir_range_from_uint(f, json_is_true(v), r);
	if (json_is_string(v))
		return nir_range_from_text(f, json_string_value(v), r);
	if (json_is_array(v))
		return nj_bits(f, v, r);
	if (!json_is_object(v))
		return -1;
	if ((x = json_object_get(v, "prefix"))) {
		const char *a = json_string_value(json_object_get(x, "addr"));
		json_t *l = json_object_get(x, "len");
		char buf[128];

		if (!a || !json_is_integer(l))
			return -1;
		snprintf(buf, sizeof(buf), "%s/%lld", a,
			 (long long)json_integer_value(l));
		return nir_range_from_text(f, buf, r);
	}
	if ((x = json_object_get(v, "range")) && json_is_array(x) &&
	    json_array_size(x) == 2) {
		struct nir_range a, b;

		if (nj_range(f, json_array_get(x, 0), &a) ||
		    nj_range(f, json_array_get(x, 1), &b))
			return -1;
		r->lo = a.lo;
		r->hi = b.hi;
		return 0;
	}
	if ((x = json_object_get(v, "elem")))
		return nj_range(f, json_object_get(x, "val"), r);
	return -1;
}

int nj_elem(const struct nir_key *key, json_t *v, bool map,
	    struct nir_elem *e)
{
	json_t *c, *item;
	size_t i;

	memset(e, 0, sizeof(*e));
	if (map) {
		if (!json_is_array(v) || json_array_size(v) != 2)
			return -1;
		if (nj_verdict(NULL, json_array_get(v, 1), &e->data) == 0)
			e->has_data = true;
		else
			return -1;
		v = json_array_get(v, 0);
	}
	if ((c = json_object_get(v, "elem")) && json_is_object(c))
		v = json_object_get(c, "val");
	if (key->n == 1)
		return nj_range(key->f[0], v, &e->c[0]);
	c = json_object_get(v, "concat");
	if (!json_is_array(c) || json_array_size(c) != key->n)
		return -1;
	json_array_foreach(c, i, item) {
		if (nj_range(key->f[i], item, &e->c[i]))
			return -1;
	}
	return 0;
}

int nj_verdict(struct nir_ctx *cx, json_t *v, struct nir_verdict *out)
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
	const char *k;
	json_t *val;
	size_t i;

	(void)cx;
	if (!json_is_object(v) || json_object_size(v) != 1)
		return -1;
	json_object_foreach(v, k, val) {
		for (i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
			if (strcmp(simple[i].name, k) != 0)
				continue;
			out->v = simple[i].v;
			out->chain = NULL;
			if (out->v == FWD_VERDICT_JUMP ||
			    out->v == FWD_VERDICT_GOTO) {
				out->chain = json_string_value(
					json_object_get(val, "target"));
				if (!out->chain)
					return -1;
			}
			return 0;
		}
	}
	return -1;
}
