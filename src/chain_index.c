/*
 * chain_index.c — per-view hash of chains by (backend, table, name), so
 * that building and resolving 10k-chain rulesets stays linear.
 */
#include <stdlib.h>
#include <string.h>

#include "ruleset.h"

struct chain_index {
	struct fwd_chain **slots;
	uint32_t mask;
	uint32_t used;
};

static uint32_t hash_str(uint32_t h, const char *s)
{
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return (h ^ 0xffu) * 16777619u;
}

static uint32_t hash_key(const char *backend, const char *table,
			 const char *name)
{
	return hash_str(hash_str(hash_str(2166136261u, backend), table), name);
}

static bool same(const struct fwd_chain *c, const char *backend,
		 const char *table, const char *name)
{
	return strcmp(c->name, name) == 0 && strcmp(c->table, table) == 0 &&
	       strcmp(c->backend, backend) == 0;
}

struct fwd_chain *chain_index_find(struct fwd_view *v, const char *backend,
				   const char *table, const char *name)
{
	struct chain_index *ix = v->index;
	uint32_t i;

	if (!ix)
		return NULL;
	for (i = hash_key(backend, table, name) & ix->mask; ix->slots[i];
	     i = (i + 1) & ix->mask)
		if (same(ix->slots[i], backend, table, name))
			return ix->slots[i];
	return NULL;
}

static void insert(struct chain_index *ix, struct fwd_chain *c)
{
	uint32_t i = hash_key(c->backend, c->table, c->name) & ix->mask;

	while (ix->slots[i])
		i = (i + 1) & ix->mask;
	ix->slots[i] = c;
	ix->used++;
}

int chain_index_add(struct fwd_view *v, struct fwd_chain *c)
{
	struct chain_index *ix = v->index;

	if (!ix) {
		ix = calloc(1, sizeof(*ix));
		if (!ix)
			return FWD_ENOMEM;
		ix->mask = 63;
		ix->slots = calloc(ix->mask + 1, sizeof(*ix->slots));
		if (!ix->slots) {
			free(ix);
			return FWD_ENOMEM;
		}
		v->index = ix;
	}
	if ((ix->used + 1) * 2 > ix->mask + 1) {
		struct chain_index bigger = { .mask = ix->mask * 2 + 1 };
		uint32_t i;

		bigger.slots = calloc(bigger.mask + 1, sizeof(*bigger.slots));
		if (!bigger.slots)
			return FWD_ENOMEM;
		for (i = 0; i <= ix->mask; i++)
			if (ix->slots[i])
				insert(&bigger, ix->slots[i]);
		free(ix->slots);
		*ix = bigger;
	}
	insert(ix, c);
	return 0;
}

void chain_index_free(struct fwd_view *v)
{
	struct chain_index *ix = v->index;

	if (ix) {
		free(ix->slots);
		free(ix);
		v->index = NULL;
	}
}
