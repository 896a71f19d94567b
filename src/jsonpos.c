/*
 * jsonpos.c — a small scanner that walks JSON text once and records the
 * line and column at which every value starts, keyed by its path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"

struct entry {
	char *path;
	int line, column;
};

struct jsonpos {
	struct entry *e;
	size_t n, cap;
};

struct scan {
	const char *p, *end;
	int line, col;
	struct jsonpos *jp;
};

static void advance(struct scan *s)
{
	if (*s->p == '\n') {
		s->line++;
		s->col = 1;
	} else if (((unsigned char)*s->p & 0xc0) != 0x80) {
		s->col++; /* columns count characters, as jansson does */
	}
	s->p++;
}

static void skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		advance(s);
}

static int record(struct scan *s, const char *path)
{
	struct jsonpos *jp = s->jp;

	if (jp->n == jp->cap) {
		size_t cap = jp->cap ? jp->cap * 2 : 64;
		struct entry *e = realloc(jp->e, cap * sizeof(*e));

		if (!e)
			return -1;
		jp->e = e;
		jp->cap = cap;
	}
	jp->e[jp->n].path = strdup(path);
	if (!jp->e[jp->n].path)
		return -1;
	jp->e[jp->n].line = s->line;
	jp->e[jp->n].column = s->col;
	jp->n++;
	return 0;
}

/* Copy a JSON string's raw content (escapes kept) into buf. */
static void read_string(struct scan *s, char *buf, size_t len)
{
	size_t n = 0;

	advance(s); /* opening quote */
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end) {
			if (n + 1 < len)
				buf[n++] = *s->p;
			advance(s);
		}
		if (n + 1 < len)
			buf[n++] = *s->p;
		advance(s);
	}
	if (s->p < s->end)
		advance(s);
	if (buf)
		buf[n < len ? n : len - 1] = '\0';
}

static int value(struct scan *s, char *path, size_t plen, int depth)
{
	size_t base = strlen(path);

	skip_ws(s);
	if (s->p >= s->end || depth > 512)
		return 0;
	if (record(s, path))
		return -1;
	if (*s->p == '{') {
		advance(s);
		for (;;) {
			char key[256];

			skip_ws(s);
			if (s->p >= s->end || *s->p == '}')
				break;
			if (*s->p != '"')
				return 0;
			read_string(s, key, sizeof(key));
			skip_ws(s);
			if (s->p < s->end && *s->p == ':')
				advance(s);
			snprintf(path + base, plen - base, "%s%s",
				 base ? "." : "", key);
			if (value(s, path, plen, depth + 1))
				return -1;
			path[base] = '\0';
			skip_ws(s);
			if (s->p < s->end && *s->p == ',')
				advance(s);
		}
		if (s->p < s->end)
			advance(s);
	} else if (*s->p == '[') {
		unsigned i = 0;

		advance(s);
		for (;;) {
			skip_ws(s);
			if (s->p >= s->end || *s->p == ']')
				break;
			snprintf(path + base, plen - base, "[%u]", i++);
			if (value(s, path, plen, depth + 1))
				return -1;
			path[base] = '\0';
			skip_ws(s);
			if (s->p < s->end && *s->p == ',')
				advance(s);
		}
		if (s->p < s->end)
			advance(s);
	} else if (*s->p == '"') {
		char dummy[2];

		read_string(s, dummy, sizeof(dummy));
	} else {
		while (s->p < s->end && !strchr(",]} \t\r\n", *s->p))
			advance(s);
	}
	return 0;
}

struct jsonpos *jsonpos_index(const char *text, size_t len)
{
	struct jsonpos *jp = calloc(1, sizeof(*jp));
	struct scan s = { text, text + len, 1, 1, jp };
	char path[1024] = "";

	if (!jp)
		return NULL;
	if (value(&s, path, sizeof(path), 0)) {
		jsonpos_free(jp);
		return NULL;
	}
	return jp;
}

void jsonpos_free(struct jsonpos *jp)
{
	size_t i;

	if (!jp)
		return;
	for (i = 0; i < jp->n; i++)
		free(jp->e[i].path);
	free(jp->e);
	free(jp);
}

int jsonpos_lookup(const struct jsonpos *jp, const char *path, int *line,
		   int *column)
{
	char buf[1024];
	size_t i;

	if (!jp)
		return -1;
	snprintf(buf, sizeof(buf), "%s", path);
	for (;;) {
		char *cut;

		for (i = 0; i < jp->n; i++)
			if (strcmp(jp->e[i].path, buf) == 0) {
				*line = jp->e[i].line;
				*column = jp->e[i].column;
				return 0;
			}
		if (!buf[0])
			return -1;
		cut = strrchr(buf, '.');
		if (!cut || strrchr(buf, '[') > cut)
			cut = strrchr(buf, '[');
		if (!cut)
			cut = buf;
		*cut = '\0';
	}
}
