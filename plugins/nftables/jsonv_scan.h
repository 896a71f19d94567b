/*
 * jsonv_scan.h — what jsonv_scan.c (structure, keys, the element index)
 * and jsonv_lex.c (tokens and messages) share. Internal to them.
 */
#ifndef NFT_JSONV_SCAN_H
#define NFT_JSONV_SCAN_H

#include "jsonv.h"

/* A key of an object being scanned: its bytes in the text, or decoded
 * into the scanner's kb when it has escapes (so "\u0061" equals "a"). */
struct key {
	const char *raw;
	uint32_t len; /* decoded bytes */
	uint32_t off; /* in kb when esc */
	uint32_t hash;
	bool esc;
};

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

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Past the blanks at p. */
const char *js_blank(const char *p);
/* Length of the valid UTF-8 sequence at p, 0 if it is not one. */
int js_utf8_len(const unsigned char *p);
/* End of the token at p, for messages only. */
const char *js_token_end(const struct scan *s, const char *p);
/* The bytes [a, b) quoted for a message into buf. */
const char *js_near(const struct scan *s, const char *a, const char *b,
		    char *buf, size_t size);
/* Record the first error: at is just past the offending token. -1. */
int js_fail(struct scan *s, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int js_oom(struct scan *s);
/* "WHAT expected near TOKEN" for the token at p; opened: the '{' or '['
 * it should close, NULL if none. -1. */
int js_expected(struct scan *s, const char *p, const char *what,
		const char *opened);
/* The string, number or literal at s->p; s->p moves past it. 0 or -1.
 * js_string sets *esc when the string has escapes. */
int js_string(struct scan *s, bool *esc, bool key);
int js_number(struct scan *s);
int js_word(struct scan *s);

#endif
