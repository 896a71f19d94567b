/*
 * portset.c — interval arithmetic on port sets.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portset.h"

void portset_free(struct portset *s)
{
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
}

void portset_clear(struct portset *s)
{
	s->n = 0;
}

static int reserve(struct portset *s, uint32_t need)
{
	uint32_t cap = s->cap ? s->cap : 4;
	struct fwd_port_range *r;

	if (need <= s->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	r = realloc(s->r, cap * sizeof(*r));
	if (!r)
		return FWD_ENOMEM;
	s->r = r;
	s->cap = cap;
	return 0;
}

int portset_append(struct portset *s, uint16_t lo, uint16_t hi)
{
	if (lo > hi)
		return FWD_EINVAL;
	if (reserve(s, s->n + 1))
		return FWD_ENOMEM;
	s->r[s->n].lo = lo;
	s->r[s->n].hi = hi;
	s->n++;
	return 0;
}

static int cmp_range(const void *a, const void *b)
{
	const struct fwd_port_range *x = a, *y = b;

	return (int)x->lo - (int)y->lo;
}

void portset_normalize(struct portset *s)
{
	uint32_t i, out = 0;
	bool sorted = true;

	for (i = 1; i < s->n && sorted; i++)
		sorted = s->r[i - 1].lo <= s->r[i].lo;
	if (!sorted)
		qsort(s->r, s->n, sizeof(*s->r), cmp_range);
	for (i = 0; i < s->n; i++) {
		if (out && (uint32_t)s->r[out - 1].hi + 1 >= s->r[i].lo) {
			if (s->r[i].hi > s->r[out - 1].hi)
				s->r[out - 1].hi = s->r[i].hi;
		} else {
			s->r[out++] = s->r[i];
		}
	}
	s->n = out;
}

int portset_add(struct portset *s, uint16_t lo, uint16_t hi)
{
	int rc = portset_append(s, lo, hi);

	if (!rc)
		portset_normalize(s);
	return rc;
}

int portset_copy(struct portset *dst, const struct portset *src)
{
	if (reserve(dst, src->n))
		return FWD_ENOMEM;
	if (src->n)
		memcpy(dst->r, src->r, src->n * sizeof(*src->r));
	dst->n = src->n;
	return 0;
}

int portset_union(struct portset *dst, const struct portset *src)
{
	uint32_t i;

	if (reserve(dst, dst->n + src->n))
		return FWD_ENOMEM;
	for (i = 0; i < src->n; i++)
		dst->r[dst->n++] = src->r[i];
	portset_normalize(dst);
	return 0;
}

int portset_intersect(struct portset *out, const struct portset *a,
		      const struct portset *b)
{
	uint32_t i = 0, j = 0;

	out->n = 0;
	while (i < a->n && j < b->n) {
		uint16_t lo = a->r[i].lo > b->r[j].lo ? a->r[i].lo : b->r[j].lo;
		uint16_t hi = a->r[i].hi < b->r[j].hi ? a->r[i].hi : b->r[j].hi;

		if (lo <= hi && portset_append(out, lo, hi))
			return FWD_ENOMEM;
		if (a->r[i].hi < b->r[j].hi)
			i++;
		else
			j++;
	}
	return 0;
}

int portset_complement(struct portset *out, const struct portset *a)
{
	uint32_t next = 0, i;

	out->n = 0;
	for (i = 0; i < a->n; i++) {
		if (a->r[i].lo > next &&
		    portset_append(out, (uint16_t)next, a->r[i].lo - 1))
			return FWD_ENOMEM;
		next = (uint32_t)a->r[i].hi + 1;
	}
	if (next <= 65535 && portset_append(out, (uint16_t)next, 65535))
		return FWD_ENOMEM;
	return 0;
}

int portset_subtract(struct portset *dst, const struct portset *src)
{
	struct portset comp = PORTSET_INIT, out = PORTSET_INIT;
	int rc;

	if (!src->n || !dst->n)
		return 0;
	rc = portset_complement(&comp, src);
	if (!rc)
		rc = portset_intersect(&out, dst, &comp);
	portset_free(&comp);
	if (rc) {
		portset_free(&out);
		return rc;
	}
	portset_free(dst);
	*dst = out;
	return 0;
}

bool portset_contains(const struct portset *s, uint16_t port)
{
	uint32_t lo = 0, hi = s->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (s->r[mid].hi < port)
			lo = mid + 1;
		else if (s->r[mid].lo > port)
			hi = mid;
		else
			return true;
	}
	return false;
}

bool portset_covers(const struct portset *s, const struct portset *sub)
{
	uint32_t i = 0, j;

	for (j = 0; j < sub->n; j++) {
		while (i < s->n && s->r[i].hi < sub->r[j].lo)
			i++;
		if (i == s->n || s->r[i].lo > sub->r[j].lo ||
		    s->r[i].hi < sub->r[j].hi)
			return false;
	}
	return true;
}

bool portset_overlaps(const struct portset *a, const struct portset *b)
{
	uint32_t i = 0, j = 0;

	while (i < a->n && j < b->n) {
		if (a->r[i].hi < b->r[j].lo)
			i++;
		else if (b->r[j].hi < a->r[i].lo)
			j++;
		else
			return true;
	}
	return false;
}

uint32_t portset_count(const struct portset *s)
{
	uint32_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += (uint32_t)s->r[i].hi - s->r[i].lo + 1;
	return n;
}

int portset_from_match(struct portset *out, const struct fwd_port_match *m)
{
	struct portset sel = PORTSET_INIT;
	uint32_t i;
	int rc;

	out->n = 0;
	if (!m->n)
		return portset_append(out, 0, 65535);
	for (i = 0; i < m->n; i++)
		if (portset_append(&sel, m->ranges[i].lo, m->ranges[i].hi)) {
			portset_free(&sel);
			return FWD_ENOMEM;
		}
	portset_normalize(&sel);
	if (!m->negate) {
		portset_free(out);
		*out = sel;
		return 0;
	}
	rc = portset_complement(out, &sel);
	portset_free(&sel);
	return rc;
}

static int parse_port(const char **p, uint16_t *out)
{
	unsigned long v = 0;
	const char *s = *p;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 65535)
			return -1;
		s++;
	}
	*p = s;
	*out = (uint16_t)v;
	return 0;
}

int portset_parse(struct portset *s, const char *text, size_t *bad_pos)
{
	const char *p = text;

	s->n = 0;
	while (*p) {
		const char *tok = p;
		uint16_t lo, hi;

		while (*p == ' ')
			p++;
		tok = p;
		if (parse_port(&p, &lo))
			goto bad;
		hi = lo;
		if (*p == '-' || *p == ':') {
			p++;
			if (parse_port(&p, &hi) || hi < lo)
				goto bad;
		}
		while (*p == ' ')
			p++;
		if (*p && *p != ',')
			goto bad;
		if (portset_append(s, lo, hi))
			return FWD_ENOMEM;
		if (*p == ',') {
			p++;
			if (!*p)
				goto bad;
		}
		continue;
bad:
		if (bad_pos)
			*bad_pos = (size_t)(tok - text);
		return FWD_EINVAL;
	}
	portset_normalize(s);
	return 0;
}

char *portset_format(const struct portset *s)
{
	size_t len = (size_t)s->n * 12 + 1, off = 0;
	char *buf = malloc(len);
	uint32_t i;

	if (!buf)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < s->n; i++) {
		const char *sep = i ? "," : "";

		if (s->r[i].lo == s->r[i].hi)
			off += (size_t)snprintf(buf + off, len - off, "%s%u",
						sep, s->r[i].lo);
		else
			off += (size_t)snprintf(buf + off, len - off,
						"%s%u-%u", sep, s->r[i].lo,
						s->r[i].hi);
	}
	return buf;
}
