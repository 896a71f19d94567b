/*
 * model_mark.c — taking back what a reader added. A live reader that
 * decodes while the kernel is still sending (instead of holding a copy
 * of the dump, which for 100k rules weighs more than the model) learns
 * only at the end whether the ruleset changed under it; then it rolls
 * the model back to where it stood and reads again. The arena memory of
 * the abandoned attempt stays allocated until the ruleset is freed:
 * retries are rare and bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"

struct mark_view {
	uint32_t n_chains;
	unsigned families_read;
	bool enabled;
	uint32_t *n_rules; /* per chain */
};

struct fwd_mark {
	uint32_t n_views, n_notes, n_sources;
	struct mark_view *views;
};

struct fwd_mark *fwd_ruleset_mark(struct fwd_ruleset *rs)
{
	struct fwd_mark *m = fwd_alloc(rs, sizeof(*m));
	uint32_t i, j;

	if (!m)
		return NULL;
	m->n_views = rs->n_views;
	m->n_notes = rs->n_notes;
	m->n_sources = rs->n_sources;
	m->views = fwd_alloc(rs, (rs->n_views + 1) * sizeof(*m->views));
	if (!m->views)
		return NULL;
	for (i = 0; i < rs->n_views; i++) {
		const struct fwd_view *v = rs->views[i];
		struct mark_view *mv = &m->views[i];

		mv->n_chains = v->n_chains;
		mv->families_read = v->families_read;
		mv->enabled = v->enabled;
		mv->n_rules = fwd_alloc(rs, (v->n_chains + 1) *
					    sizeof(*mv->n_rules));
		if (!mv->n_rules)
			return NULL;
		for (j = 0; j < v->n_chains; j++)
			mv->n_rules[j] = v->chains[j]->n_rules;
	}
	return m;
}

/* Drop chains [from, n_chains) of v; the index is rebuilt from the rest
 * (it has no delete, and a rollback is rare). 0 or FWD_ENOMEM. */
static int drop_chains(struct fwd_view *v, uint32_t from)
{
	uint32_t j;

	for (j = from; j < v->n_chains; j++)
		free(v->chains[j]->rules);
	v->n_chains = from;
	chain_index_free(v);
	for (j = 0; j < v->n_chains; j++)
		if (chain_index_add(v, v->chains[j]))
			return FWD_ENOMEM;
	return 0;
}

int fwd_ruleset_rollback(struct fwd_ruleset *rs, const struct fwd_mark *m)
{
	uint32_t i, j;
	int rc = 0;

	for (i = m->n_views; i < rs->n_views; i++)
		view_release(rs->views[i]);
	rs->n_views = m->n_views;
	for (i = 0; i < rs->n_views; i++) {
		struct fwd_view *v = rs->views[i];
		const struct mark_view *mv = &m->views[i];

		for (j = 0; j < mv->n_chains; j++)
			v->chains[j]->n_rules = mv->n_rules[j];
		if (v->n_chains > mv->n_chains &&
		    drop_chains(v, mv->n_chains))
			rc = FWD_ENOMEM;
		v->families_read = mv->families_read;
		v->enabled = mv->enabled;
	}
	rs->n_notes = m->n_notes;
	rs->n_sources = m->n_sources;
	return rc;
}
