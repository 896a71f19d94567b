/*
 * resolve.c — after reading: bind jump/goto targets to chains and refuse
 * models the evaluator could not walk (unknown targets, jump loops).
 * The kernel refuses loops too, so a loop here means a broken export.
 */
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"

enum { WHITE = 0, GREY, BLACK };

struct chain_pos {
	const struct fwd_chain *chain;
	uint32_t pos;
};

struct walk {
	struct fwd_chain **chains;
	unsigned char *color;
	struct chain_pos *sorted; /* by chain address, for bsearch */
	uint32_t n;
};

static int cmp_pos(const void *a, const void *b)
{
	const struct fwd_chain *x = ((const struct chain_pos *)a)->chain;
	const struct fwd_chain *y = ((const struct chain_pos *)b)->chain;

	return x < y ? -1 : x > y;
}

static uint32_t chain_pos(const struct walk *w, const struct fwd_chain *c)
{
	struct chain_pos key = { c, 0 };
	const struct chain_pos *hit =
		bsearch(&key, w->sorted, w->n, sizeof(key), cmp_pos);

	return hit ? hit->pos : 0;
}

/* Recursion is bounded: the kernel limits nesting far below the C stack,
 * and a deeper model is rejected by the depth check. */
static int visit(struct walk *w, uint32_t i, unsigned depth,
		 struct fwd_error *err)
{
	struct fwd_chain *c = w->chains[i];
	uint32_t r;

	if (depth > 64)
		return fwd_error_set(err, FWD_EINVAL, c->where ? c->where : c->name,
				     0, 0, "chain %s: jumps nest deeper than 64 levels",
				     c->name);
	w->color[i] = GREY;
	for (r = 0; r < c->n_rules; r++) {
		struct fwd_chain *t = c->rules[r]->target_chain;
		uint32_t j;
		int rc;

		if (!t)
			continue;
		j = chain_pos(w, t);
		if (w->color[j] == GREY) {
			const struct fwd_rule *rule = c->rules[r];

			return fwd_error_set(err, FWD_EINVAL,
					     rule->where ? rule->where : c->name,
					     0, 0, "jump to chain %s makes a loop",
					     t->name);
		}
		if (w->color[j] == WHITE && (rc = visit(w, j, depth + 1, err)))
			return rc;
	}
	w->color[i] = BLACK;
	return 0;
}

static int resolve_view(struct fwd_view *v, struct fwd_error *err)
{
	struct walk w = { .chains = v->chains, .n = v->n_chains };
	uint32_t i, r;
	int rc = 0;

	for (i = 0; i < v->n_chains; i++) {
		struct fwd_chain *c = v->chains[i];

		for (r = 0; r < c->n_rules; r++) {
			struct fwd_rule *rule = c->rules[r];

			rule->chain = c;
			rule->index = r + 1;
			if (rule->verdict != FWD_VERDICT_JUMP &&
			    rule->verdict != FWD_VERDICT_GOTO)
				continue;
			if (!rule->target_chain && rule->target)
				rule->target_chain = chain_index_find(
					v, c->backend, c->table, rule->target);
			if (!rule->target_chain)
				return fwd_error_set(
					err, FWD_EINVAL,
					rule->where ? rule->where : c->name, 0, 0,
					"%s to chain '%s', which does not exist",
					fwd_verdict_name(rule->verdict),
					rule->target ? rule->target : "?");
			if (rule->target_chain->base)
				return fwd_error_set(
					err, FWD_EINVAL,
					rule->where ? rule->where : c->name, 0, 0,
					"%s to base chain '%s'",
					fwd_verdict_name(rule->verdict),
					rule->target_chain->name);
		}
	}
	w.color = calloc(v->n_chains ? v->n_chains : 1, 1);
	w.sorted = malloc((v->n_chains ? v->n_chains : 1) * sizeof(*w.sorted));
	if (!w.color || !w.sorted) {
		free(w.color);
		free(w.sorted);
		return FWD_ENOMEM;
	}
	for (i = 0; i < v->n_chains; i++)
		w.sorted[i] = (struct chain_pos){ v->chains[i], i };
	qsort(w.sorted, v->n_chains, sizeof(*w.sorted), cmp_pos);
	for (i = 0; i < v->n_chains && !rc; i++)
		if (w.color[i] == WHITE && v->chains[i]->base)
			rc = visit(&w, i, 0, err);
	free(w.color);
	free(w.sorted);
	return rc;
}

int fwd_ruleset_finalize(struct fwd_ruleset *rs, struct fwd_error *err)
{
	uint32_t i;
	int rc;

	for (i = 0; i < rs->n_views; i++)
		if ((rc = resolve_view(rs->views[i], err)))
			return rc;
	return 0;
}
