/*
 * jsonv_scan.c — the strict half of jsonv.h: one pass over the whole text
 * that checks it is JSON as RFC 8259 and jansson (JSON_REJECT_DUPLICATES)
 * define it — UTF-8 only, no control characters or \u0000 in strings,
 * paired surrogates, integers that fit 64 bits, finite reals, unique keys,
 * depth at most JV_MAX_DEPTH, nothing after the document — and notes where
 * each element of the "nftables" array starts. It builds nothing. This
 * file has the structure (objects, arrays, keys, the index); the tokens
 * are in jsonv_lex.c.
 *
 * Errors give the line and column of the last character of the offending
 * token (jansson's convention, kept so that messages stay comparable) and
 * say what was expected there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv_scan.h"

enum mode { M_PLAIN, M_ROOT, M_RULESET, M_ELEMENT };

/* Objects up to this many keys look for duplicates by comparing; bigger
 * ones get a hash table, so that no input costs quadratic time. */
#define SMALL_OBJECT 16

struct keyset {
	uint32_t *slots; /* key index - first + 1, 0 = empty */
	uint32_t mask, n;
};

static const char *key_bytes(const struct scan *s, const struct key *k)
{
	return k->esc ? s->kb + k->off : k->raw;
}

static bool key_is(const struct scan *s, const struct key *k,
		   const char *name)
{
	size_t n = strlen(name);

	return k->len == n && memcmp(key_bytes(s, k), name, n) == 0;
}

static uint32_t key_hash(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

/* Read the key at s->p onto the key stack. */
static int push_key(struct scan *s)
{
	const char *a = s->p;
	struct key *k;
	bool esc;

	if (js_string(s, &esc, true))
		return -1;
	if (s->nkeys == s->capkeys) {
		size_t cap = s->capkeys ? s->capkeys * 2 : 64;
		struct key *nk = realloc(s->keys, cap * sizeof(*nk));

		if (!nk)
			return js_oom(s);
		s->keys = nk;
		s->capkeys = cap;
	}
	k = &s->keys[s->nkeys++];
	k->raw = a + 1;
	k->esc = esc;
	k->len = (uint32_t)(s->p - a - 2);
	if (esc) {
		if (s->kblen + k->len > s->kbcap) {
			size_t cap = s->kbcap ? s->kbcap : 256;
			char *nb;

			while (cap < s->kblen + k->len)
				cap *= 2;
			if (!(nb = realloc(s->kb, cap)))
				return js_oom(s);
			s->kb = nb;
			s->kbcap = cap;
		}
		k->off = (uint32_t)s->kblen;
		k->len = (uint32_t)jv_unescape(a + 1, s->kb + s->kblen, NULL);
		s->kblen += k->len;
	}
	return 0;
}

static int keyset_put(struct scan *s, struct keyset *ks, size_t first,
		      size_t i)
{
	struct key *k = &s->keys[i];
	uint32_t h;

	if (2 * (ks->n + 1) > ks->mask + 1) {
		uint32_t size = ks->mask ? 2 * (ks->mask + 1) : 64, j;
		uint32_t *slots = calloc(size, sizeof(*slots));

		if (!slots)
			return js_oom(s);
		free(ks->slots);
		ks->slots = slots;
		ks->mask = size - 1;
		ks->n = 0;
		for (j = (uint32_t)first; j < i; j++)
			if (keyset_put(s, ks, first, j))
				return -1;
	}
	k->hash = key_hash(key_bytes(s, k), k->len);
	for (h = k->hash & ks->mask; ks->slots[h]; h = (h + 1) & ks->mask) {
		struct key *o = &s->keys[first + ks->slots[h] - 1];

		if (o->hash == k->hash && o->len == k->len &&
		    memcmp(key_bytes(s, o), key_bytes(s, k), k->len) == 0)
			return 1;
	}
	ks->slots[h] = (uint32_t)(i - first + 1);
	ks->n++;
	return 0;
}

/* Whether the newest key repeats one of the object's keys from first on. */
static int key_seen(struct scan *s, struct keyset *ks, size_t first)
{
	size_t last = s->nkeys - 1, i;
	const struct key *k = &s->keys[last];

	if (last - first < SMALL_OBJECT) {
		for (i = first; i < last; i++)
			if (s->keys[i].len == k->len &&
			    memcmp(key_bytes(s, &s->keys[i]), key_bytes(s, k),
				   k->len) == 0)
				return 1;
		return 0;
	}
	return keyset_put(s, ks, first, last);
}

static uint32_t element_kind(const struct scan *s, const struct key *k)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} kinds[] = {
		{ "rule", JV_EL_RULE }, { "chain", JV_EL_CHAIN },
		{ "table", JV_EL_TABLE }, { "set", JV_EL_SET },
		{ "map", JV_EL_MAP },
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (key_is(s, k, kinds[i].name))
			return kinds[i].bit;
	return 0;
}

static int scan_value(struct scan *s, int depth, enum mode mode,
		      uint32_t *kinds);

static int scan_object(struct scan *s, int depth, enum mode mode,
		       uint32_t *kinds)
{
	const char *open = s->p;
	size_t first = s->nkeys, kb_mark = s->kblen;
	struct keyset ks = { NULL, 0, 0 };
	int rc = -1, seen;

	s->p = js_blank(s->p + 1);
	if (*s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		const struct key *k;
		enum mode sub = M_PLAIN;

		if (*s->p != '"') {
			js_expected(s, s->p, s->nkeys == first ? "string or '}'"
							    : "string (a key)",
				 NULL);
			break;
		}
		if (push_key(s))
			break;
		if ((seen = key_seen(s, &ks, first))) {
			char buf[96];
			const char *a = s->keys[s->nkeys - 1].raw - 1;

			if (seen > 0)
				js_fail(s, s->p, "duplicate object key near %s",
				     js_near(s, a, s->p, buf, sizeof(buf)));
			break;
		}
		k = &s->keys[s->nkeys - 1];
		s->p = js_blank(s->p);
		if (*s->p != ':') {
			js_expected(s, s->p, "':'", NULL);
			break;
		}
		s->p = js_blank(s->p + 1);
		if (mode == M_ROOT && key_is(s, k, "nftables") &&
		    *s->p == '[') {
			sub = M_RULESET;
			s->ix->ruleset = true;
		} else if (mode == M_ELEMENT && *s->p == '{') {
			*kinds |= element_kind(s, k);
		}
		if (scan_value(s, depth + 1, sub, NULL))
			break;
		s->p = js_blank(s->p);
		if (*s->p == ',') {
			s->p = js_blank(s->p + 1);
			continue;
		}
		if (*s->p == '}') {
			s->p++;
			rc = 0;
		} else {
			js_expected(s, s->p, "'}'", open);
		}
		break;
	}
	free(ks.slots);
	s->nkeys = first;
	s->kblen = kb_mark;
	return rc;
}

static int push_elem(struct scan *s, const char *at, uint32_t kinds)
{
	struct jv_index *ix = s->ix;

	if (ix->n == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 256;
		struct jv_elem *e = realloc(ix->e, cap * sizeof(*e));

		if (!e)
			return js_oom(s);
		ix->e = e;
		ix->cap = cap;
	}
	ix->e[ix->n].off = (uint32_t)(at - s->base);
	ix->e[ix->n].kinds = kinds;
	ix->n++;
	return 0;
}

static int scan_array(struct scan *s, int depth, bool ruleset)
{
	const char *open = s->p;

	s->p = js_blank(s->p + 1);
	if (*s->p == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		const char *at = s->p;
		uint32_t kinds = 0;

		if (scan_value(s, depth + 1, ruleset ? M_ELEMENT : M_PLAIN,
			       &kinds))
			return -1;
		if (kinds && push_elem(s, at, kinds))
			return -1;
		s->p = js_blank(s->p);
		if (*s->p == ',') {
			s->p = js_blank(s->p + 1);
			continue;
		}
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		return js_expected(s, s->p, "']'", open);
	}
}

static int scan_value(struct scan *s, int depth, enum mode mode,
		      uint32_t *kinds)
{
	bool esc;

	if (depth > JV_MAX_DEPTH)
		return js_fail(s, s->p + 1, "maximum parsing depth reached: "
			    "values nest more than %d deep", JV_MAX_DEPTH);
	switch (*s->p) {
	case '{':
		return scan_object(s, depth, mode, kinds);
	case '[':
		return scan_array(s, depth, mode == M_RULESET);
	case '"':
		return js_string(s, &esc, false);
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return js_number(s);
	default:
		return js_word(s);
	}
}

int jv_scan(const char *text, size_t len, const char *name,
	    struct jv_index *ix, struct fwd_error *err)
{
	struct scan s;
	int line, col;

	memset(&s, 0, sizeof(s));
	s.base = text;
	s.end = text + len;
	s.ix = ix;
	s.p = js_blank(text);
	if (len > UINT32_MAX) {
		js_fail(&s, text, "too large: more than 4 GiB");
	} else if (*s.p != '{' && *s.p != '[') {
		js_expected(&s, s.p, "'[' or '{'", NULL);
	} else if (!scan_value(&s, 1, M_ROOT, NULL)) {
		/* Blanks only after the document (a NUL is not one). */
		s.p = js_blank(s.p);
		if (s.p != s.end)
			js_expected(&s, s.p, "end of file", NULL);
	}
	free(s.keys);
	free(s.kb);
	if (s.code == FWD_ENOMEM)
		return fwd_error_set(err, FWD_ENOMEM, name, 0, 0,
				     "out of memory");
	if (!s.code)
		return 0;
	/* jansson's columns: characters up to the end of the token. */
	line = 1;
	col = 0;
	for (; text < s.err_at; text++) {
		if (*text == '\n') {
			line++;
			col = 0;
		} else if ((*text & 0xc0) != 0x80) {
			col++;
		}
	}
	return fwd_error_set(err, FWD_EINVAL, name, line, col,
			     "not valid JSON: %s", s.msg);
}

void jv_index_release(struct jv_index *ix)
{
	free(ix->e);
	memset(ix, 0, sizeof(*ix));
}

void jv_position(const char *text, const char *at, int *line, int *column)
{
	*line = 1;
	*column = 1;
	for (; text < at; text++) {
		if (*text == '\n') {
			(*line)++;
			*column = 1;
		} else if ((*text & 0xc0) != 0x80) {
			(*column)++;
		}
	}
}
