/*
 * ruleset.h — the core's view of a struct fwd_ruleset: arena, views,
 * notes and sources. Readers see only the opaque type and model.h.
 */
#ifndef FWD_RULESET_H
#define FWD_RULESET_H

#include <fwdrift/model.h>

#include "arena.h"

struct fwd_note {
	enum fwd_note_level level;
	const char *text;
};

struct fwd_ruleset {
	struct arena arena;
	struct fwd_view **views;
	uint32_t n_views, cap_views;
	struct fwd_note *notes;
	uint32_t n_notes, cap_notes;
	const char **sources;
	uint32_t n_sources, cap_sources;
};

/* Grow a malloc'd array so that it holds at least need elements. */
int fwd_grow(void **arr, uint32_t *cap, uint32_t need, size_t elem);

/* Free what a view holds outside the arena (chain and rule arrays, the
 * chain index); the view itself is arena memory. */
void view_release(struct fwd_view *v);

/* Chain lookup per view (chain_index.c). */
struct fwd_chain *chain_index_find(struct fwd_view *v, const char *backend,
				   const char *table, const char *name);
int chain_index_add(struct fwd_view *v, struct fwd_chain *c);
void chain_index_free(struct fwd_view *v);

/*
 * Resolve every jump/goto target name to its chain (same view, backend
 * and table) and number the rules. Fails with the rule's origin when a
 * target does not exist or chains jump in a loop.
 */
int fwd_ruleset_finalize(struct fwd_ruleset *rs, struct fwd_error *err);

#endif
