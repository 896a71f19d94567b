/*
 * model.c — the builder functions of <fwdrift/model.h> that readers call:
 * views, chains, rules, notes, sources. All model memory comes from the
 * ruleset's arena except the growable pointer arrays, freed here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"

int fwd_grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t n = *cap ? *cap : 8;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*arr, (size_t)n * elem);
	if (!p)
		return FWD_ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

struct fwd_ruleset *fwd_ruleset_new(void)
{
	struct fwd_ruleset *rs = calloc(1, sizeof(*rs));

	if (rs)
		arena_init(&rs->arena);
	return rs;
}

void view_release(struct fwd_view *v)
{
	uint32_t j;

	for (j = 0; j < v->n_chains; j++)
		free(v->chains[j]->rules);
	free(v->chains);
	chain_index_free(v);
}

void fwd_ruleset_free(struct fwd_ruleset *rs)
{
	uint32_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->n_views; i++)
		view_release(rs->views[i]);
	free(rs->views);
	free(rs->notes);
	free(rs->sources);
	arena_release(&rs->arena);
	free(rs);
}

void *fwd_alloc(struct fwd_ruleset *rs, size_t size)
{
	return arena_alloc(&rs->arena, size);
}

const char *fwd_strndup(struct fwd_ruleset *rs, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(&rs->arena, n + 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

const char *fwd_strdup(struct fwd_ruleset *rs, const char *s)
{
	return s ? fwd_strndup(rs, s, strlen(s)) : NULL;
}

static const char *arena_vsprintf(struct fwd_ruleset *rs, const char *fmt,
				  va_list ap)
{
	char small[256];
	va_list aq;
	int n;
	char *p;

	/* One formatting pass for the usual short string, two for long. */
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	p = arena_alloc(&rs->arena, (size_t)n + 1);
	if (!p)
		return NULL;
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

const char *fwd_sprintf(struct fwd_ruleset *rs, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = arena_vsprintf(rs, fmt, ap);
	va_end(ap);
	return s;
}

const char *fwd_file_line(struct fwd_ruleset *rs, const char *file, int line)
{
	char digits[12];
	size_t flen = strlen(file), n = 0;
	unsigned v = line < 0 ? 0u - (unsigned)line : (unsigned)line;
	char *p;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	if (line < 0)
		digits[n++] = '-';
	p = arena_alloc(&rs->arena, flen + 1 + n + 1);
	if (!p)
		return NULL;
	memcpy(p, file, flen);
	p[flen] = ':';
	for (v = 0; v < n; v++)
		p[flen + 1 + v] = digits[n - 1 - v];
	return p;
}

struct fwd_view *fwd_view_get(struct fwd_ruleset *rs, const char *name)
{
	struct fwd_view *v;
	uint32_t i;

	for (i = 0; i < rs->n_views; i++)
		if (strcmp(rs->views[i]->name, name) == 0)
			return rs->views[i];
	if (fwd_grow((void **)&rs->views, &rs->cap_views, rs->n_views + 1,
		     sizeof(*rs->views)))
		return NULL;
	v = fwd_alloc(rs, sizeof(*v));
	if (!v || !(v->name = fwd_strdup(rs, name)))
		return NULL;
	v->enabled = true;
	rs->views[rs->n_views++] = v;
	return v;
}

void fwd_view_mark_read(struct fwd_view *v, unsigned families)
{
	v->families_read |= families & FWD_FAM_ALL;
}

struct fwd_chain *fwd_chain_get(struct fwd_ruleset *rs, struct fwd_view *v,
				const char *backend, const char *table,
				const char *name, unsigned families)
{
	struct fwd_chain *c = chain_index_find(v, backend, table, name);

	if (c)
		return c;
	if (fwd_grow((void **)&v->chains, &v->cap_chains, v->n_chains + 1,
		     sizeof(*v->chains)))
		return NULL;
	c = fwd_alloc(rs, sizeof(*c));
	if (!c)
		return NULL;
	c->backend = fwd_strdup(rs, backend);
	c->table = fwd_strdup(rs, table);
	c->name = fwd_strdup(rs, name);
	c->families = families & FWD_FAM_ALL;
	c->policy = FWD_VERDICT_ACCEPT;
	if (!c->backend || !c->table || !c->name || chain_index_add(v, c))
		return NULL;
	v->chains[v->n_chains++] = c;
	return c;
}

void fwd_chain_set_base(struct fwd_chain *c, enum fwd_hook hook,
			int priority, enum fwd_verdict policy)
{
	c->base = true;
	c->hook = hook;
	c->priority = priority;
	c->policy = policy == FWD_VERDICT_DROP || policy == FWD_VERDICT_REJECT
			    ? FWD_VERDICT_DROP
			    : FWD_VERDICT_ACCEPT;
}

struct fwd_rule *fwd_rule_add(struct fwd_ruleset *rs, struct fwd_chain *c)
{
	struct fwd_rule *r;

	if (fwd_grow((void **)&c->rules, &c->cap_rules, c->n_rules + 1,
		     sizeof(*c->rules)))
		return NULL;
	r = fwd_alloc(rs, sizeof(*r));
	if (!r)
		return NULL;
	r->families = c->families;
	r->chain = c;
	r->index = c->n_rules + 1;
	c->rules[c->n_rules++] = r;
	return r;
}

/*
 * Append one element to an arena array of n elements. Capacity is implicit:
 * the array is reallocated whenever n reaches a power of two, so no
 * capacity field is needed in the public structs.
 */
static void *arena_push(struct fwd_ruleset *rs, void **arr, uint32_t n,
			size_t elem)
{
	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n ? (size_t)n * 2 : 1;
		void *p = fwd_alloc(rs, cap * elem);

		if (!p)
			return NULL;
		if (n)
			memcpy(p, *arr, (size_t)n * elem);
		*arr = p;
	}
	return (char *)*arr + (size_t)n * elem;
}

int fwd_port_match_add(struct fwd_ruleset *rs, struct fwd_port_match *m,
		       uint16_t lo, uint16_t hi)
{
	struct fwd_port_range *r;

	if (lo > hi)
		return FWD_EINVAL;
	r = arena_push(rs, (void **)&m->ranges, m->n, sizeof(*r));
	if (!r)
		return FWD_ENOMEM;
	r->lo = lo;
	r->hi = hi;
	m->n++;
	return 0;
}

int fwd_addr_match_add(struct fwd_ruleset *rs, struct fwd_addr_match *m,
		       const struct fwd_prefix *p)
{
	struct fwd_prefix *d = arena_push(rs, (void **)&m->prefixes, m->n,
					  sizeof(*d));

	if (!d)
		return FWD_ENOMEM;
	*d = *p;
	m->n++;
	return 0;
}

int fwd_iface_match_add(struct fwd_ruleset *rs, struct fwd_iface_match *m,
			const char *name)
{
	const char **d = arena_push(rs, (void **)&m->names, m->n, sizeof(*d));

	if (!d || !(*d = fwd_strdup(rs, name)))
		return FWD_ENOMEM;
	m->n++;
	return 0;
}

int fwd_proto_match_add(struct fwd_ruleset *rs, struct fwd_proto_match *m,
			uint8_t proto)
{
	uint8_t *d = arena_push(rs, (void **)&m->protos, m->n, sizeof(*d));

	if (!d)
		return FWD_ENOMEM;
	*d = proto;
	m->n++;
	return 0;
}

int fwd_rule_add_opaque(struct fwd_ruleset *rs, struct fwd_rule *r,
			const char *name)
{
	const char **d = arena_push(rs, (void **)&r->opaque, r->n_opaque,
				    sizeof(*d));

	if (!d || !(*d = fwd_strdup(rs, name)))
		return FWD_ENOMEM;
	r->n_opaque++;
	return 0;
}

void fwd_ruleset_note(struct fwd_ruleset *rs, enum fwd_note_level level,
		      const char *fmt, ...)
{
	va_list ap;
	const char *text;
	uint32_t i;

	va_start(ap, fmt);
	text = arena_vsprintf(rs, fmt, ap);
	va_end(ap);
	if (!text)
		return;
	/* Readers may say the same thing once per rule; keep it once. */
	for (i = 0; i < rs->n_notes; i++)
		if (strcmp(rs->notes[i].text, text) == 0)
			return;
	if (fwd_grow((void **)&rs->notes, &rs->cap_notes, rs->n_notes + 1,
		     sizeof(*rs->notes)))
		return;
	rs->notes[rs->n_notes].level = level;
	rs->notes[rs->n_notes].text = text;
	rs->n_notes++;
}

void fwd_ruleset_add_source(struct fwd_ruleset *rs, const char *fmt, ...)
{
	va_list ap;
	const char *text;

	va_start(ap, fmt);
	text = arena_vsprintf(rs, fmt, ap);
	va_end(ap);
	if (!text || fwd_grow((void **)&rs->sources, &rs->cap_sources,
			      rs->n_sources + 1, sizeof(*rs->sources)))
		return;
	rs->sources[rs->n_sources++] = text;
}

uint32_t fwd_ruleset_view_count(const struct fwd_ruleset *rs)
{
	return rs->n_views;
}

struct fwd_view *fwd_ruleset_view(const struct fwd_ruleset *rs, uint32_t i)
{
	return i < rs->n_views ? rs->views[i] : NULL;
}

const char *fwd_family_name(enum fwd_family f)
{
	return f == FWD_IPV6 ? "ipv6" : "ipv4";
}

const char *fwd_hook_name(enum fwd_hook h)
{
	static const char *const names[FWD_HOOK_COUNT] = {
		"prerouting", "input", "forward", "output", "postrouting",
	};
	return (unsigned)h < FWD_HOOK_COUNT ? names[h] : "?";
}

const char *fwd_verdict_name(enum fwd_verdict v)
{
	static const char *const names[] = {
		"continue", "accept", "drop", "reject",
		"jump",     "goto",   "return", "queue",
	};
	return (unsigned)v < sizeof(names) / sizeof(names[0]) ? names[v] : "?";
}
