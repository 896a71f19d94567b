/*
 * decode.c — bytes of a Windows export to UTF-8 text, and a line cursor.
 *
 * Windows hands us many encodings for the same text: PowerShell 5's `>`
 * and `reg export` write UTF-16LE with a BOM, PowerShell 7 and editors
 * write UTF-8 with or without one, cmd.exe writes the console code page.
 * Everything becomes UTF-8 here, with the line structure unchanged so that
 * line numbers in messages are the lines a person sees in an editor.
 * Binary data is refused here, before any parser sees it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netsh.h"

/* Windows-1252 0x80..0x9f; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

struct sink {
	char *buf;
	size_t len, cap;
};

static int sink_grow(struct sink *s, size_t more)
{
	size_t cap = s->cap ? s->cap : 256;
	char *n;

	if (s->len + more + 1 <= s->cap)
		return 0;
	while (cap < s->len + more + 1)
		cap *= 2;
	n = realloc(s->buf, cap);
	if (!n)
		return FWD_ENOMEM;
	s->buf = n;
	s->cap = cap;
	return 0;
}

static int put_cp(struct sink *s, uint32_t c)
{
	if (sink_grow(s, 4))
		return FWD_ENOMEM;
	if (c < 0x80) {
		s->buf[s->len++] = (char)c;
	} else if (c < 0x800) {
		s->buf[s->len++] = (char)(0xc0 | (c >> 6));
		s->buf[s->len++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		s->buf[s->len++] = (char)(0xe0 | (c >> 12));
		s->buf[s->len++] = (char)(0x80 | ((c >> 6) & 0x3f));
		s->buf[s->len++] = (char)(0x80 | (c & 0x3f));
	} else {
		s->buf[s->len++] = (char)(0xf0 | (c >> 18));
		s->buf[s->len++] = (char)(0x80 | ((c >> 12) & 0x3f));
		s->buf[s->len++] = (char)(0x80 | ((c >> 6) & 0x3f));
		s->buf[s->len++] = (char)(0x80 | (c & 0x3f));
	}
	s->buf[s->len] = '\0';
	return 0;
}

/* Characters no text export contains. Ctrl-Z ends old DOS files. */
static bool is_junk(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x1a)
		return false;
	return c < 0x20 || c == 0x7f;
}

static int junk_error(struct fwd_error *err, const char *name, int line,
		      uint32_t c)
{
	return fwd_error_set(err, FWD_EINVAL, name, line, 0,
			     "binary data (byte 0x%02x): expected the text of "
			     "'netsh advfirewall' or of 'reg export'",
			     (unsigned)c);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t k, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, c &= 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return k;
}

static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t c;

	while (i < n) {
		if (!(k = utf8_seq(s + i, n - i, &c)))
			return false;
		i += k;
	}
	return true;
}

/* Decode 8-bit text; strict: refuse junk. */
static int decode_8bit(struct sink *s, const unsigned char *d, size_t n,
		       bool utf8, bool strict, const char *name,
		       struct fwd_error *err)
{
	int line = 1;
	size_t i = 0;

	while (i < n) {
		uint32_t c = d[i];
		size_t k = 1;

		if (utf8)
			k = utf8_seq(d + i, n - i, &c);
		else if (c >= 0x80 && c < 0xa0)
			c = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
		if (!k)
			k = 1, c = 0xfffd; /* lenient mode only */
		if (is_junk(c)) {
			if (strict)
				return junk_error(err, name, line, c);
			c = '?';
		}
		if (c == '\n')
			line++;
		if (c != 0x1a && put_cp(s, c))
			return FWD_ENOMEM;
		i += k;
	}
	return 0;
}

static int decode_utf16(struct sink *s, const unsigned char *d, size_t n,
			bool be, bool strict, const char *name,
			struct fwd_error *err)
{
	int line = 1;
	size_t i;

	if (strict && n % 2)
		return fwd_error_set(err, FWD_EINVAL, name, 0, 0,
				     "UTF-16 text with an odd number of bytes: "
				     "the file is truncated or not UTF-16");
	for (i = 0; i + 1 < n; i += 2) {
		uint32_t c = be ? (uint32_t)(d[i] << 8 | d[i + 1])
				: (uint32_t)(d[i] | d[i + 1] << 8);

		if (c >= 0xd800 && c <= 0xdbff && i + 3 < n) {
			uint32_t c2 = be ? (uint32_t)(d[i + 2] << 8 | d[i + 3])
					 : (uint32_t)(d[i + 2] | d[i + 3] << 8);

			if (c2 >= 0xdc00 && c2 <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
				i += 2;
			}
		}
		if (c >= 0xd800 && c <= 0xdfff) {
			if (strict)
				return fwd_error_set(err, FWD_EINVAL, name, line,
						     0, "invalid UTF-16 (unpaired "
						     "surrogate 0x%04x)",
						     (unsigned)c);
			c = 0xfffd;
		}
		if (is_junk(c)) {
			if (strict)
				return junk_error(err, name, line, c);
			c = '?';
		}
		if (c == '\n')
			line++;
		if (c != 0x1a && put_cp(s, c))
			return FWD_ENOMEM;
	}
	return 0;
}

/* UTF-16 without a BOM: text is mostly ASCII, so every other byte is 0. */
static int guess_utf16(const unsigned char *d, size_t n)
{
	size_t i, lim = n < 1024 ? n : 1024, z_even = 0, z_odd = 0;

	if (lim < 4)
		return 0;
	for (i = 0; i + 1 < lim; i += 2) {
		z_even += d[i] == 0;
		z_odd += d[i + 1] == 0;
	}
	if (z_odd * 10 >= (lim / 2) * 7 && z_even == 0)
		return 1; /* little endian */
	if (z_even * 10 >= (lim / 2) * 7 && z_odd == 0)
		return 2; /* big endian */
	return 0;
}

static int decode(const char *name, const char *data, size_t len,
		  bool strict, struct nsh_text *out, struct fwd_error *err)
{
	const unsigned char *d = (const unsigned char *)data;
	struct sink s = { 0 };
	int rc, u16;

	memset(out, 0, sizeof(*out));
	if (sink_grow(&s, len))
		return FWD_ENOMEM;
	s.buf[0] = '\0';
	if (len >= 2 && d[0] == 0xff && d[1] == 0xfe)
		rc = decode_utf16(&s, d + 2, len - 2, false, strict, name, err);
	else if (len >= 2 && d[0] == 0xfe && d[1] == 0xff)
		rc = decode_utf16(&s, d + 2, len - 2, true, strict, name, err);
	else if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
		rc = decode_8bit(&s, d + 3, len - 3, true, strict, name, err);
	else if ((u16 = guess_utf16(d, len)))
		rc = decode_utf16(&s, d, len, u16 == 2, strict, name, err);
	else if (valid_utf8(d, len))
		rc = decode_8bit(&s, d, len, true, strict, name, err);
	else {
		out->charset = "Windows-1252";
		rc = decode_8bit(&s, d, len, false, strict, name, err);
	}
	if (rc) {
		free(s.buf);
		out->charset = NULL;
		return rc;
	}
	out->buf = s.buf;
	out->len = s.len;
	return 0;
}

int nsh_decode(const char *name, const char *data, size_t len,
	       struct nsh_text *out, struct fwd_error *err)
{
	return decode(name, data, len, true, out, err);
}

char *nsh_decode_head(const char *data, size_t len, size_t max)
{
	struct nsh_text t;

	if (len > max)
		len = max & ~(size_t)1; /* keep UTF-16 units whole */
	if (decode("", data, len, false, &t, NULL))
		return NULL;
	return t.buf;
}

void nsh_lines_init(struct nsh_lines *l, struct nsh_text *t)
{
	l->p = t->buf;
	l->end = t->buf + t->len;
	l->lineno = 0;
}

char *nsh_lines_next(struct nsh_lines *l)
{
	char *line = l->p, *nl, *e;

	if (!l->p || l->p >= l->end)
		return NULL;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	e = nl ? nl : l->end;
	l->p = nl ? nl + 1 : l->end;
	while (e > line && e[-1] == '\r')
		e--;
	*e = '\0';
	l->lineno++;
	return line;
}
