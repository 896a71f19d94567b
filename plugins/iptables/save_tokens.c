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

/* Bytes that end a run of plain word bytes. */
static bool special(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '"';
}

/* The quoted part opening at line[*i] into buf + *o; *i ends past the
 * closing quote. -1 when the line ends inside the quotes. */
static int quoted_part(char *buf, size_t *o, const char *line, size_t len,
		       size_t *i)
{
	size_t k = *i + 1;

	for (; k < len; k++) {
		if (line[k] == '"') {
			*i = k + 1;
			return 0;
		}
		if (line[k] == '\\' && ++k == len)
			break;
		buf[(*o)++] = line[k];
	}
	return -1;
}

int stok_split(struct stoks *t, const char *line, size_t len, int col0,
	       int *bad_col)
{
	size_t i = 0, o = 0, k;

	t->n = 0;
	/* Unescaped words are never longer than the line, plus NULs. */
	if (t->buf_cap < 2 * len + 2) {
		char *b = realloc(t->buf, 2 * len + 2);

		if (!b)
			return FWD_ENOMEM;
		t->buf = b;
		t->buf_cap = 2 * len + 2;
	}
	for (;;) {
		size_t start = o, j;
		bool quoted = false;
		int wcol, rc;

		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			break;
		wcol = col0 + (int)i;
		/* most words have no quote: copied in one go */
		for (j = i; j < len && !special((unsigned char)line[j]); j++)
			;
		memcpy(t->buf + o, line + i, j - i);
		o += j - i;
		i = j;
		if (i < len && line[i] == '"') {
			/* a closing quote ends the word, whatever follows */
			quoted = true;
			if (quoted_part(t->buf, &o, line, len, &i)) {
				*bad_col = col0 + (int)j;
				return FWD_EINVAL;
			}
		}
		t->buf[o++] = '\0';
		if ((rc = push(t, start, wcol, quoted)))
			return rc;
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
