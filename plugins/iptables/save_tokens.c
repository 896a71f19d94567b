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

/* Bytes that neither separate words nor open quotes. */
static bool plain_byte[256];

static void plain_init(void)
{
	int c;

	for (c = 1; c < 256; c++)
		plain_byte[c] = c != ' ' && c != '\t' && c != '"';
}

/* The quoted part opening at buf[*i], unescaped in place to buf + *o
 * (never ahead of the reading position); *i ends past the closing
 * quote. -1 when the line ends inside the quotes. */
static int quoted_part(char *buf, size_t len, size_t *i, size_t *o)
{
	size_t k = *i + 1;

	for (; k < len; k++) {
		if (buf[k] == '"') {
			*i = k + 1;
			return 0;
		}
		if (buf[k] == '\\' && ++k == len)
			break;
		buf[(*o)++] = buf[k];
	}
	return -1;
}

/*
 * The line is copied once and cut in place: a word without quotes (nearly
 * all of them) ends where a blank is overwritten with its NUL; a quoted
 * part is unescaped over itself, which only ever shortens it.
 */
int stok_split(struct stoks *t, const char *line, size_t len, int col0,
	       int *bad_col)
{
	size_t i = 0, k;
	char *buf;

	if (!plain_byte['a'])
		plain_init();
	t->n = 0;
	if (t->buf_cap < len + 1) {
		char *b = realloc(t->buf, len + 1);

		if (!b)
			return FWD_ENOMEM;
		t->buf = b;
		t->buf_cap = len + 1;
	}
	buf = t->buf;
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (;;) {
		size_t start, o;
		bool quoted = false;
		int rc;

		while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		if (i == len)
			break;
		start = i;
		while (plain_byte[(unsigned char)buf[i]])
			i++;
		o = i;
		if (buf[i] == '"') {
			/* a closing quote ends the word, whatever follows */
			size_t q = i;

			quoted = true;
			if (quoted_part(buf, len, &i, &o)) {
				*bad_col = col0 + (int)q;
				return FWD_EINVAL;
			}
		} else if (i < len) {
			i++; /* past the blank that takes the NUL */
		}
		buf[o] = '\0';
		if ((rc = push(t, start, col0 + (int)start, quoted)))
			return rc;
	}
	for (k = 0; k < t->n; k++)
		t->v[k].s = buf + (uintptr_t)t->v[k].s;
	return 0;
}

void stok_free(struct stoks *t)
{
	free(t->v);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}
