/*
 * save_tokens.c — the word splitter of the iptables-save parser.
 *
 * Mirrors iptables-restore's add_param_to_argv(): words are separated by
 * blanks; a double quote opens or closes a quoted part (which may contain
 * blanks); inside quotes a backslash takes the next byte literally; a
 * closing quote ends the word. Nothing else is special, so
 * --comment "a \"b\"" is the word  a "b".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fwdrift/error.h>

#include "save_tokens.h"

static int push(struct stoks *t, size_t off, int col, bool quoted)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct stok *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return FWD_ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	/* s holds an offset until the buffer stops moving */
	t->v[t->n].s = (const char *)(uintptr_t)off;
	t->v[t->n].col = col;
	t->v[t->n].quoted = quoted;
	t->n++;
	return 0;
}

int stok_split(struct stoks *t, const char *line, size_t len, int col0,
	       int *bad_col)
{
	size_t i, o = 0, start = 0;
	bool in_word = false, quote = false, quoted = false, esc = false;
	int qcol = 0, wcol = 0;
	size_t k;

	t->n = 0;
	/* Unescaped words are never longer than the line, plus NULs. */
	if (t->buf_cap < 2 * len + 2) {
		char *b = realloc(t->buf, 2 * len + 2);

		if (!b)
			return FWD_ENOMEM;
		t->buf = b;
		t->buf_cap = 2 * len + 2;
	}
	for (i = 0; i <= len; i++) {
		char ch = i < len ? line[i] : '\0';
		bool end = i == len;

		if (quote && !end) {
			if (esc) {
				t->buf[o++] = ch;
				esc = false;
			} else if (ch == '\\') {
				esc = true;
			} else if (ch == '"') {
				quote = false;
				goto word_end; /* a closing quote ends the word */
			} else {
				t->buf[o++] = ch;
			}
			continue;
		}
		if (quote && end) {
			*bad_col = qcol;
			return FWD_EINVAL;
		}
		if (ch == '"') {
			if (!in_word) {
				in_word = true;
				start = o;
				wcol = col0 + (int)i;
			}
			quote = quoted = true;
			qcol = col0 + (int)i;
			continue;
		}
		if (!end && ch != ' ' && ch != '\t') {
			if (!in_word) {
				in_word = true;
				start = o;
				wcol = col0 + (int)i;
			}
			t->buf[o++] = ch;
			continue;
		}
word_end:
		if (in_word) {
			int rc;

			t->buf[o++] = '\0';
			if ((rc = push(t, start, wcol, quoted)))
				return rc;
		}
		in_word = quoted = false;
	}
	for (k = 0; k < t->n; k++)
		t->v[k].s = t->buf + (uintptr_t)t->v[k].s;
	return 0;
}

void stok_free(struct stoks *t)
{
	free(t->v);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}
