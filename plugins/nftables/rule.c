/*
 * rule.c — building the intermediate form: statements of a rule, the
 * named sets of a table, and the elements a match stands for.
 */
#include <string.h>

#include "nir.h"

int nir_oom(struct nir_ctx *cx)
{
	return fwd_error_set(cx->err, FWD_ENOMEM, cx->source, 0, 0,
			     "out of memory");
}

struct nir_stmt *nir_rule_push(struct nir_ctx *cx, struct nir_rule *r,
			       enum nir_skind kind)
{
	struct nir_stmt *s;

	if (pool_grow(&cx->pool, (void **)&r->stmts, &r->cap, r->n + 1,
		      sizeof(*r->stmts)))
		return NULL;
	s = &r->stmts[r->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	return s;
}

struct nir_set *nir_table_set(struct nir_table *t, const char *name)
{
	uint32_t i;

	for (i = 0; i < t->n_sets; i++)
		if (strcmp(t->sets[i]->name, name) == 0)
			return t->sets[i];
	return NULL;
}

int nir_table_add_set(struct nir_ctx *cx, struct nir_table *t,
		      struct nir_set *s)
{
	if (pool_grow(&cx->pool, (void **)&t->sets, &t->cap_sets,
		      t->n_sets + 1, sizeof(*t->sets)))
		return nir_oom(cx);
	t->sets[t->n_sets++] = s;
	return 0;
}

int nir_stmt_elems(struct nir_ctx *cx, const struct nir_stmt *s,
		   struct nir_elem **out, uint32_t *n)
{
	if (!s->set) {
		*out = s->elems;
		*n = s->n_elems;
		return 0;
	}
	return s->set->decode(cx, s->set, &s->key, out, n);
}
