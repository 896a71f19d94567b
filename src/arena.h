/*
 * arena.h — bump allocator: many small allocations, one free.
 * The model of one ruleset lives in one arena, so readers never free.
 */
#ifndef FWD_ARENA_H
#define FWD_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;   /* bytes used in head */
	size_t cap;    /* capacity of head */
	size_t total;  /* bytes obtained from malloc, for benchmarks */
};

void arena_init(struct arena *a);
/* Zeroed memory aligned for any type; NULL on ENOMEM. */
void *arena_alloc(struct arena *a, size_t size);
void arena_release(struct arena *a);

#endif
