/*
 * jsonv_scan.c — the strict half of jsonv.h: one pass over the whole text
 * that checks it is JSON as RFC 8259 and jansson (JSON_REJECT_DUPLICATES)
 * define it — UTF-8 only, no control characters or \u0000 in strings,
 * paired surrogates, integers that fit 64 bits, finite reals, unique keys,
 * depth at most JV_MAX_DEPTH, nothing after the document — and notes where
 * each element of the "nftables" array starts. It builds nothing.
 *
 * Errors give the line and column of the last character of the offending
 * token (jansson's convention, kept so that messages stay comparable) and
 * say what was expected there.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"

/* Bytes that stand for themselves in a string (ASCII, no '"', '\\' or
 * control character); everything else takes the slow path. */
static const uint8_t plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* A key of an object being scanned: its bytes in the text, or decoded
 * into the scanner's kb when it has escapes (so "\u0061" equals "a"). */
struct key {
	const char *raw;
	uint32_t len; /* decoded bytes */
	uint32_t off; /* in kb when esc */
	uint32_t hash;
	bool esc;
};

enum mode { M_PLAIN, M_ROOT, M_RULESET, M_ELEMENT };

struct scan {
	const char *base, *p, *end;
	struct jv_index *ix;
	struct key *keys;    /* of every object open, innermost last */
	size_t nkeys, capkeys;
	char *kb;
	size_t kblen, kbcap;
	int code;            /* 0, FWD_EINVAL or FWD_ENOMEM */
	const char *err_at;  /* just past the offending token */
	char msg[256];
};

/* Objects up to this many keys look for duplicates by comparing; bigger
 * ones get a hash table, so that no input costs quadratic time. */
#define SMALL_OBJECT 16

struct keyset {
	uint32_t *slots; /* key index - first + 1, 0 = empty */
	uint32_t mask, n;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *blank(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

/* Length of the UTF-8 sequence at p, 0 when it is not valid (overlong,
 * a surrogate, above U+10FFFF, cut short: the NUL at the end stops it). */
static int utf8_len(const unsigned char *p)
{
	uint32_t v;
	int n, i;

	if (p[0] < 0xc2)
		return 0;
	if (p[0] < 0xe0) {
		n = 2;
		v = p[0] & 0x1f;
	} else if (p[0] < 0xf0) {
		n = 3;
		v = p[0] & 0x0f;
	} else if (p[0] < 0xf5) {
		n = 4;
		v = p[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (n == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff)))
		return 0;
	if (n == 4 && (v < 0x10000 || v > 0x10ffff))
		return 0;
	return n;
}

/* End of the token at p, for messages only. */
static const char *token_end(const struct scan *s, const char *p)
{
	const char *e = s->end;

	if (p >= e)
		return p;
	if (*p == '"') {
		for (p++; p < e && *p != '"' && *p != '\n'; p++)
			if (*p == '\\' && p + 1 < e)
				p++;
		return p < e && *p == '"' ? p + 1 : p;
	}
	if (is_digit(*p) || *p == '-') {
		while (p < e && *p && (is_digit(*p) || strchr("+-.eE", *p)))
			p++;
		return p;
	}
	if (is_alpha(*p)) {
		while (p < e && is_alpha(*p))
			p++;
		return p;
	}
	p++;
	while (p < e && (*p & 0xc0) == 0x80)
		p++;
	return p;
}

/* The bytes [a, b) quoted for a message, at most 20 of them, control
 * and non-ASCII bytes escaped; "end of file" at the end. */
static const char *near(const struct scan *s, const char *a, const char *b,
			char *buf, size_t size)
{
	size_t n = 0;

	if (a >= s->end)
		return "end of file";
	buf[n++] = '\'';
	for (; a < b && n + 8 < size; a++) {
		unsigned char c = (unsigned char)*a;

		if (n > 21) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (c >= 0x20 && c < 0x7f)
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return buf;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct scan *s, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (s->code)
		return -1;
	s->code = FWD_EINVAL;
	s->err_at = at;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int oom(struct scan *s)
{
	if (!s->code) {
		s->code = FWD_ENOMEM;
		snprintf(s->msg, sizeof(s->msg), "out of memory");
	}
	return -1;
}

/* "X expected near TOKEN" for the token at p. */
static int expected(struct scan *s, const char *p, const char *what,
		    const char *opened)
{
	const char *e = token_end(s, p);
	char buf[96], pos[64] = "";

	if (opened) {
		int line, col;

		jv_position(s->base, opened, &line, &col);
		snprintf(pos, sizeof(pos), " (to close the %s at %d:%d)",
			 *opened == '{' ? "object" : "array", line, col);
	}
	return fail(s, e, "%s expected near %s%s", what,
		    near(s, p, e, buf, sizeof(buf)), pos);
}

static int hex4(const char *p)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (is_digit(c))
			v += c - '0';
		else if (c >= 'a' && c <= 'f')
			v += c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v += c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* One escape at p (the backslash); returns its length, or -1. */
static int scan_escape(struct scan *s, const char *str, const char *p,
		       bool key)
{
	char buf[96];
	int v, v2;

	if (p[1] && strchr("\"\\/bfnrt", p[1]))
		return 2;
	if (p[1] != 'u' || (v = hex4(p + 2)) < 0)
		return fail(s, p + 2, "invalid escape near %s",
			    near(s, str, p + 2, buf, sizeof(buf)));
	if (v >= 0xdc00 && v <= 0xdfff)
		return fail(s, p + 6, "invalid Unicode '\\u%04X' (a low "
			    "surrogate without a high one)", v);
	if (v >= 0xd800 && v <= 0xdbff) {
		if (p[6] != '\\' || p[7] != 'u')
			return fail(s, p + 6, "invalid Unicode '\\u%04X' (a "
				    "high surrogate without a low one)", v);
		if ((v2 = hex4(p + 8)) < 0)
			return fail(s, p + 8, "invalid escape near %s",
				    near(s, str, p + 8, buf, sizeof(buf)));
		if (v2 < 0xdc00 || v2 > 0xdfff)
			return fail(s, p + 12, "invalid Unicode "
				    "'\\u%04X\\u%04X' (a high surrogate "
				    "without a low one)", v, v2);
		return 12;
	}
	if (v == 0)
		return fail(s, p + 6, key ? "NUL byte in object key not "
			    "supported" : "\\u0000 is not allowed in a "
			    "string");
	return 6;
}

/* The string at s->p (its opening quote); *esc tells whether it had
 * escapes. s->p ends past the closing quote. */
static int scan_string(struct scan *s, bool *esc, bool key)
{
	const char *str = s->p;
	const unsigned char *p = (const unsigned char *)str + 1;
	char buf[96];
	int n;

	*esc = false;
	for (;;) {
		while (plain[*p])
			p++;
		if (*p == '"')
			break;
		if (*p == '\\') {
			*esc = true;
			if ((n = scan_escape(s, str, (const char *)p, key)) < 0)
				return -1;
			p += n;
		} else if (*p >= 0x80) {
			if (!(n = utf8_len(p)))
				return fail(s, (const char *)p + 1,
					    "unable to decode byte 0x%x: not "
					    "UTF-8", *p);
			p += n;
		} else if ((const char *)p >= s->end) {
			return fail(s, s->end, "premature end of input near "
				    "%s: the string has no closing quote",
				    near(s, str, s->end, buf, sizeof(buf)));
		} else if (*p == '\n') {
			return fail(s, (const char *)p, "unexpected newline "
				    "near %s: strings end on their line",
				    near(s, str, (const char *)p, buf,
					 sizeof(buf)));
		} else {
			return fail(s, (const char *)p + 1, "control "
				    "character 0x%x near %s: escape it", *p,
				    near(s, str, (const char *)p, buf,
					 sizeof(buf)));
		}
	}
	s->p = (const char *)p + 1;
	return 0;
}

/* More than 19 digits, or 19 above the limit. */
static bool too_big(const char *d, size_t n, bool neg)
{
	return n > 19 || (n == 19 && memcmp(d, neg ? "9223372036854775808"
						    : "9223372036854775807",
					    19) > 0);
}

static int scan_number(struct scan *s)
{
	const char *a = s->p, *p = a, *d;
	bool real = false;
	char buf[96];
	double x;

	if (*p == '-')
		p++;
	d = p;
	if (!is_digit(*p) || (p[0] == '0' && is_digit(p[1])))
		goto invalid;
	while (is_digit(*p))
		p++;
	if (*p == '.') {
		real = true;
		if (!is_digit(*++p))
			goto invalid;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		real = true;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			goto invalid;
		while (is_digit(*p))
			p++;
	}
	if (real && jv_strtod(a, (size_t)(p - a), &x))
		return fail(s, p, "real number overflow near %s",
			    near(s, a, p, buf, sizeof(buf)));
	if (!real && too_big(d, (size_t)(p - d), *a == '-'))
		return fail(s, p, "too big %sinteger near %s: integers must "
			    "fit 64 bits", *a == '-' ? "negative " : "",
			    near(s, a, p, buf, sizeof(buf)));
	s->p = p;
	return 0;
invalid:
	p = token_end(s, a);
	return fail(s, p, "invalid token near %s: not a JSON number",
		    near(s, a, p, buf, sizeof(buf)));
}

static int scan_word(struct scan *s)
{
	const char *a = s->p, *p = a;
	char buf[96];
	size_t n;

	while (is_alpha(*p))
		p++;
	n = (size_t)(p - a);
	if ((n == 4 && (memcmp(a, "true", 4) == 0 ||
			memcmp(a, "null", 4) == 0)) ||
	    (n == 5 && memcmp(a, "false", 5) == 0)) {
		s->p = p;
		return 0;
	}
	if (n == 0 && (unsigned char)*a >= 0x80 &&
	    !utf8_len((const unsigned char *)a))
		return fail(s, a + 1, "unable to decode byte 0x%x: not UTF-8",
			    (unsigned char)*a);
	if (n == 0 && a >= s->end)
		return fail(s, a, "premature end of input: a value expected");
	p = token_end(s, a);
	if (n == 0 && *a && strchr(",:]}", *a))
		return fail(s, p, "unexpected token near %s: a value expected",
			    near(s, a, p, buf, sizeof(buf)));
	return fail(s, p, "invalid token near %s", near(s, a, p, buf,
							sizeof(buf)));
}

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

	if (scan_string(s, &esc, true))
		return -1;
	if (s->nkeys == s->capkeys) {
		size_t cap = s->capkeys ? s->capkeys * 2 : 64;
		struct key *nk = realloc(s->keys, cap * sizeof(*nk));

		if (!nk)
			return oom(s);
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
				return oom(s);
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
			return oom(s);
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

	s->p = blank(s->p + 1);
	if (*s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		const struct key *k;
		enum mode sub = M_PLAIN;

		if (*s->p != '"') {
			expected(s, s->p, s->nkeys == first ? "string or '}'"
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
				fail(s, s->p, "duplicate object key near %s",
				     near(s, a, s->p, buf, sizeof(buf)));
			break;
		}
		k = &s->keys[s->nkeys - 1];
		s->p = blank(s->p);
		if (*s->p != ':') {
			expected(s, s->p, "':'", NULL);
			break;
		}
		s->p = blank(s->p + 1);
		if (mode == M_ROOT && key_is(s, k, "nftables") &&
		    *s->p == '[') {
			sub = M_RULESET;
			s->ix->ruleset = true;
		} else if (mode == M_ELEMENT && *s->p == '{') {
			*kinds |= element_kind(s, k);
		}
		if (scan_value(s, depth + 1, sub, NULL))
			break;
		s->p = blank(s->p);
		if (*s->p == ',') {
			s->p = blank(s->p + 1);
			continue;
		}
		if (*s->p == '}') {
			s->p++;
			rc = 0;
		} else {
			expected(s, s->p, "'}'", open);
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
			return oom(s);
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

	s->p = blank(s->p + 1);
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
		s->p = blank(s->p);
		if (*s->p == ',') {
			s->p = blank(s->p + 1);
			continue;
		}
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		return expected(s, s->p, "']'", open);
	}
}

static int scan_value(struct scan *s, int depth, enum mode mode,
		      uint32_t *kinds)
{
	bool esc;

	if (depth > JV_MAX_DEPTH)
		return fail(s, s->p + 1, "maximum parsing depth reached: "
			    "values nest more than %d deep", JV_MAX_DEPTH);
	switch (*s->p) {
	case '{':
		return scan_object(s, depth, mode, kinds);
	case '[':
		return scan_array(s, depth, mode == M_RULESET);
	case '"':
		return scan_string(s, &esc, false);
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return scan_number(s);
	default:
		return scan_word(s);
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
	s.p = blank(text);
	if (len > UINT32_MAX) {
		fail(&s, text, "too large: more than 4 GiB");
	} else if (*s.p != '{' && *s.p != '[') {
		expected(&s, s.p, "'[' or '{'", NULL);
	} else if (!scan_value(&s, 1, M_ROOT, NULL)) {
		/* Blanks only after the document (a NUL is not one). */
		s.p = blank(s.p);
		if (s.p != s.end)
			expected(&s, s.p, "end of file", NULL);
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
