/*
 * save_tokens.h — split one iptables-save line into words the way
 * iptables-restore does (double quotes group, backslash escapes inside
 * quotes), remembering each word's column for error messages.
 */
#ifndef FWD_IPT_SAVE_TOKENS_H
#define FWD_IPT_SAVE_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

struct stok {
	const char *s; /* unescaped, NUL-terminated, owned by the stoks */
	int col;       /* 1-based column of the word's first byte */
	bool quoted;   /* some part was in double quotes */
};

struct stoks {
	struct stok *v;
	size_t n, cap;
	char *buf; /* word storage */
	size_t buf_cap;
};

/*
 * Split line[0..len) (no newline) whose first byte is at column col0.
 * Replaces earlier contents of t. Returns 0, FWD_ENOMEM, or FWD_EINVAL
 * with *bad_col at an unterminated quote.
 */
int stok_split(struct stoks *t, const char *line, size_t len, int col0,
	       int *bad_col);

void stok_free(struct stoks *t);

#endif
