/*
 * jsonv_build.c — the building half of jsonv.h: values of a text that
 * jv_scan() accepted, as small trees in an arena. Nothing here checks the
 * grammar again (that is what makes it fast); every loop still stops at
 * the NUL after the text, so a wrong position cannot run past the end.
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"

void jv_arena_init(struct jv_arena *a)
{
	memset(a, 0, sizeof(*a));
	pool_init(&a->pool);
}

void jv_arena_reset(struct jv_arena *a)
{
	pool_reset(&a->pool);
	a->depth = 0;
}

void jv_arena_release(struct jv_arena *a)
{
	pool_release(&a->pool);
	free(a->stack);
	jv_arena_init(a);
}

static const char *blank(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

static uint32_t hex4(const char *p)
{
	return (uint32_t)(hexval(p[0]) << 12 | hexval(p[1]) << 8 |
			  hexval(p[2]) << 4 | hexval(p[3]));
}

static size_t utf8_put(uint32_t v, char *out)
{
	if (v < 0x80) {
		out[0] = (char)v;
		return 1;
	}
	if (v < 0x800) {
		out[0] = (char)(0xc0 | v >> 6);
		out[1] = (char)(0x80 | (v & 0x3f));
		return 2;
	}
	if (v < 0x10000) {
		out[0] = (char)(0xe0 | v >> 12);
		out[1] = (char)(0x80 | (v >> 6 & 0x3f));
		out[2] = (char)(0x80 | (v & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | v >> 18);
	out[1] = (char)(0x80 | (v >> 12 & 0x3f));
	out[2] = (char)(0x80 | (v >> 6 & 0x3f));
	out[3] = (char)(0x80 | (v & 0x3f));
	return 4;
}

size_t jv_unescape(const char *p, char *out, const char **end)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	size_t n = 0;

	while (*p && *p != '"') {
		if (*p != '\\') {
			out[n++] = *p++;
		} else if (p[1] == 'u') {
			uint32_t v = hex4(p + 2);

			p += 6;
			/* the scanner let only valid pairs through */
			if (v >= 0xd800 && v <= 0xdbff && p[0] == '\\') {
				v = 0x10000 + ((v - 0xd800) << 10) +
				    (hex4(p + 2) - 0xdc00);
				p += 6;
			}
			n += utf8_put(v, out + n);
		} else {
			const char *c = p[1] ? strchr(from, p[1]) : NULL;

			out[n++] = c ? to[c - from] : p[1];
			p += p[1] ? 2 : 1;
		}
	}
	if (end)
		*end = *p ? p + 1 : p;
	return n;
}

int jv_strtod(const char *p, size_t n, double *out)
{
	char small[64], *buf = n < sizeof(small) ? small : malloc(n + 1);
	char point = *localeconv()->decimal_point;
	char *dot;
	int rc = 0;

	if (!buf)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	/* strtod reads the locale's decimal point; JSON's is '.' */
	if (point != '.' && (dot = strchr(buf, '.')))
		*dot = point;
	*out = strtod(buf, NULL);
	if (isinf(*out))
		rc = -1;
	if (buf != small)
		free(buf);
	return rc;
}

static bool push(struct jv_arena *a, const char *key, uint32_t klen,
		 const struct jv *v)
{
	if (a->depth == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		struct jv_member *s = realloc(a->stack, cap * sizeof(*s));

		if (!s) {
			a->pool.failed = true;
			return false;
		}
		a->stack = s;
		a->cap = cap;
	}
	a->stack[a->depth].key = key;
	a->stack[a->depth].klen = klen;
	a->stack[a->depth].v = *v;
	a->depth++;
	return true;
}

/* The string whose quote is at *pp, copied with a NUL; *pp moves on. */
static const char *build_string(struct jv_arena *a, const char **pp,
				uint32_t *len)
{
	const char *s = *pp + 1, *q = s;
	char *d;

	while (*q && *q != '"' && *q != '\\')
		q++;
	if (*q != '\\') {
		*len = (uint32_t)(q - s);
		*pp = *q ? q + 1 : q;
		if (!(d = pool_alloc_raw(&a->pool, *len + 1)))
			return NULL;
		memcpy(d, s, *len);
		d[*len] = '\0';
		return d;
	}
	while (*q && *q != '"')
		q += q[0] == '\\' && q[1] ? 2 : 1;
	if (!(d = pool_alloc_raw(&a->pool, (size_t)(q - s) + 1)))
		return NULL;
	*len = (uint32_t)jv_unescape(s, d, pp);
	d[*len] = '\0';
	return d;
}

static void build_number(const char **pp, struct jv *v)
{
	const char *a = *pp, *p = a + (*a == '-');
	uint64_t u = 0;

	while (*p >= '0' && *p <= '9')
		u = u * 10 + (uint64_t)(*p++ - '0');
	if (p == a && *p) /* not a number: a text jv_scan() did not check */
		p++;
	if (*p == '.' || *p == 'e' || *p == 'E') {
		while (*p && strchr("0123456789.eE+-", *p))
			p++;
		v->kind = JV_REAL;
		if (jv_strtod(a, (size_t)(p - a), &v->u.d))
			v->u.d = 0;
	} else {
		v->kind = JV_INT;
		/* in range: the scanner checked; -2^63 has no positive twin */
		v->u.i = *a != '-' ? (int64_t)u
			 : u ? -(int64_t)(u - 1) - 1 : 0;
	}
	*pp = p;
}

static bool build_value(struct jv_arena *a, const char **pp, struct jv *v);

/* Items or members (with keys) of the container at *pp. */
static bool build_container(struct jv_arena *a, const char **pp,
			    struct jv *v)
{
	bool obj = **pp == '{';
	char close = obj ? '}' : ']';
	size_t base = a->depth, i;
	const char *p = blank(*pp + 1);

	while (*p && *p != close) {
		const char *key = NULL;
		uint32_t klen = 0;
		struct jv item;

		if (obj) {
			if (!(key = build_string(a, &p, &klen)))
				return false;
			p = blank(p);
			if (*p == ':')
				p++;
		}
		if (!build_value(a, &p, &item) || !push(a, key, klen, &item))
			return false;
		p = blank(p);
		if (*p == ',')
			p = blank(p + 1);
	}
	*pp = *p ? p + 1 : p;
	v->kind = obj ? JV_OBJ : JV_ARR;
	v->n = (uint32_t)(a->depth - base);
	if (obj) {
		v->u.members = pool_alloc_raw(&a->pool, (v->n ? v->n : 1) *
					      sizeof(struct jv_member));
		if (v->u.members && v->n)
			memcpy(v->u.members, a->stack + base,
			       v->n * sizeof(struct jv_member));
	} else {
		v->u.items = pool_alloc_raw(&a->pool, (v->n ? v->n : 1) *
					    sizeof(struct jv));
		for (i = 0; v->u.items && i < v->n; i++)
			v->u.items[i] = a->stack[base + i].v;
	}
	a->depth = base;
	return !a->pool.failed;
}

static bool build_value(struct jv_arena *a, const char **pp, struct jv *v)
{
	const char *p = blank(*pp);

	v->n = 0;
	v->u.i = 0;
	switch (*p) {
	case '{':
	case '[':
		*pp = p;
		return build_container(a, pp, v);
	case '"':
		v->kind = JV_STR;
		*pp = p;
		return (v->u.s = build_string(a, pp, &v->n)) != NULL;
	case 't':
	case 'f':
	case 'n':
		v->kind = *p == 't' ? JV_TRUE : *p == 'f' ? JV_FALSE : JV_NULL;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			p++;
		*pp = p;
		return true;
	default:
		*pp = p;
		build_number(pp, v);
		return true;
	}
}

struct jv *jv_build(struct jv_arena *a, const char **at)
{
	struct jv *v = pool_alloc_raw(&a->pool, sizeof(*v));

	if (!v || !build_value(a, at, v))
		return NULL;
	return v;
}

const struct jv *jv_get(const struct jv *o, const char *key)
{
	size_t n, i;

	if (!jv_is(o, JV_OBJ))
		return NULL;
	n = strlen(key);
	for (i = 0; i < o->n; i++)
		if (o->u.members[i].klen == n &&
		    memcmp(o->u.members[i].key, key, n) == 0)
			return &o->u.members[i].v;
	return NULL;
}

/* Past the value at p, without building it. */
static const char *skip_value(const char *p)
{
	int depth = 0;

	do {
		p = blank(p);
		switch (*p) {
		case '\0':
			return p;
		case '"':
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
			break;
		case '{':
		case '[':
			depth++;
			p++;
			break;
		case '}':
		case ']':
			depth--;
			p++;
			break;
		case ',':
		case ':':
			p++;
			break;
		default:
			while (*p && !strchr(",:]} \t\r\n", *p))
				p++;
		}
	} while (depth > 0);
	return p;
}

const char *jv_member_at(const char *at, const char *key)
{
	const char *p = blank(at);
	size_t n = strlen(key);

	if (*p != '{')
		return NULL;
	for (p = blank(p + 1); *p == '"'; ) {
		const char *k = p + 1, *end;
		char *buf = NULL;
		size_t len;

		for (end = k; *end && *end != '"'; end++)
			if (*end == '\\' && end[1])
				end++;
		len = (size_t)(end - k);
		if (memchr(k, '\\', len) && (buf = malloc(len + 1)))
			len = jv_unescape(k, buf, NULL);
		p = blank(*end ? end + 1 : end);
		if (*p == ':')
			p = blank(p + 1);
		if (len == n && memcmp(buf ? buf : k, key, n) == 0) {
			free(buf);
			return p;
		}
		free(buf);
		p = blank(skip_value(p));
		if (*p == ',')
			p = blank(p + 1);
	}
	return NULL;
}

size_t jv_array_count(const char *at)
{
	const char *p = blank(at);
	size_t n = 0;

	if (*p != '[')
		return 0;
	for (p = blank(p + 1); *p && *p != ']'; n++) {
		p = blank(skip_value(p));
		if (*p == ',')
			p = blank(p + 1);
	}
	return n;
}

void jv_iter_init(struct jv_iter *it, const char *at)
{
	const char *p = blank(at);

	it->p = *p == '[' ? p + 1 : "]";
}

struct jv *jv_iter_next(struct jv_iter *it, struct jv_arena *a,
			const char **where)
{
	const char *p = blank(it->p);

	if (*p == ',')
		p = blank(p + 1);
	if (*p == '\0' || *p == ']' || *p == '}') {
		it->p = p;
		return NULL;
	}
	*where = p;
	it->p = p;
	return jv_build(a, &it->p);
}
