/*
 * jsonv_lex.c — the tokens of jsonv_scan.c: strings (escapes, surrogate
 * pairs, UTF-8), numbers, literals, and the messages that point at them.
 * Everything stops at the NUL after the text, which is never valid.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv_scan.h"

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

const char *js_blank(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return p;
}

/* Length of the UTF-8 sequence at p, 0 when it is not valid (overlong,
 * a surrogate, above U+10FFFF, cut short: the NUL at the end stops it). */
int js_utf8_len(const unsigned char *p)
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
const char *js_token_end(const struct scan *s, const char *p)
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
const char *js_near(const struct scan *s, const char *a, const char *b,
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

int js_fail(struct scan *s, const char *at, const char *fmt, ...)
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

int js_oom(struct scan *s)
{
	if (!s->code) {
		s->code = FWD_ENOMEM;
		snprintf(s->msg, sizeof(s->msg), "out of memory");
	}
	return -1;
}

/* "X expected near TOKEN" for the token at p. */
int js_expected(struct scan *s, const char *p, const char *what,
		    const char *opened)
{
	const char *e = js_token_end(s, p);
	char buf[96], pos[64] = "";

	if (opened) {
		int line, col;

		jv_position(s->base, opened, &line, &col);
		snprintf(pos, sizeof(pos), " (to close the %s at %d:%d)",
			 *opened == '{' ? "object" : "array", line, col);
	}
	return js_fail(s, e, "%s expected near %s%s", what,
		    js_near(s, p, e, buf, sizeof(buf)), pos);
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
		return js_fail(s, p + 2, "invalid escape near %s",
			    js_near(s, str, p + 2, buf, sizeof(buf)));
	if (v >= 0xdc00 && v <= 0xdfff)
		return js_fail(s, p + 6, "invalid Unicode '\\u%04X' (a low "
			    "surrogate without a high one)", v);
	if (v >= 0xd800 && v <= 0xdbff) {
		if (p[6] != '\\' || p[7] != 'u')
			return js_fail(s, p + 6, "invalid Unicode '\\u%04X' (a "
				    "high surrogate without a low one)", v);
		if ((v2 = hex4(p + 8)) < 0)
			return js_fail(s, p + 8, "invalid escape near %s",
				    js_near(s, str, p + 8, buf, sizeof(buf)));
		if (v2 < 0xdc00 || v2 > 0xdfff)
			return js_fail(s, p + 12, "invalid Unicode "
				    "'\\u%04X\\u%04X' (a high surrogate "
				    "without a low one)", v, v2);
		return 12;
	}
	if (v == 0)
		return js_fail(s, p + 6, key ? "NUL byte in object key not "
			    "supported" : "\\u0000 is not allowed in a "
			    "string");
	return 6;
}

/* The string at s->p (its opening quote); *esc tells whether it had
 * escapes. s->p ends past the closing quote. */
int js_string(struct scan *s, bool *esc, bool key)
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
			if (!(n = js_utf8_len(p)))
				return js_fail(s, (const char *)p + 1,
					    "unable to decode byte 0x%x: not "
					    "UTF-8", *p);
			p += n;
		} else if ((const char *)p >= s->end) {
			return js_fail(s, s->end, "premature end of input near "
				    "%s: the string has no closing quote",
				    js_near(s, str, s->end, buf, sizeof(buf)));
		} else if (*p == '\n') {
			return js_fail(s, (const char *)p, "unexpected newline "
				    "near %s: strings end on their line",
				    js_near(s, str, (const char *)p, buf,
					 sizeof(buf)));
		} else {
			return js_fail(s, (const char *)p + 1, "control "
				    "character 0x%x near %s: escape it", *p,
				    js_near(s, str, (const char *)p, buf,
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

int js_number(struct scan *s)
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
		return js_fail(s, p, "real number overflow near %s",
			    js_near(s, a, p, buf, sizeof(buf)));
	if (!real && too_big(d, (size_t)(p - d), *a == '-'))
		return js_fail(s, p, "too big %sinteger near %s: integers must "
			    "fit 64 bits", *a == '-' ? "negative " : "",
			    js_near(s, a, p, buf, sizeof(buf)));
	s->p = p;
	return 0;
invalid:
	p = js_token_end(s, a);
	return js_fail(s, p, "invalid token near %s: not a JSON number",
		    js_near(s, a, p, buf, sizeof(buf)));
}

int js_word(struct scan *s)
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
	    !js_utf8_len((const unsigned char *)a))
		return js_fail(s, a + 1, "unable to decode byte 0x%x: not UTF-8",
			    (unsigned char)*a);
	if (n == 0 && a >= s->end)
		return js_fail(s, a, "premature end of input: a value expected");
	p = js_token_end(s, a);
	if (n == 0 && *a && strchr(",:]}", *a))
		return js_fail(s, p, "unexpected token near %s: a value expected",
			    js_near(s, a, p, buf, sizeof(buf)));
	return js_fail(s, p, "invalid token near %s", js_near(s, a, p, buf,
							sizeof(buf)));
}

