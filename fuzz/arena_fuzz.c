/*
 * arena_fuzz.c — the arena of src/arena.h for the fuzz build only: one
 * malloc per allocation instead of a bump block, so that AddressSanitizer
 * puts a red zone around every model object and catches a reader that
 * writes past the end of a string or array it got from fwd_alloc(). The
 * real arena would hide such an overflow inside its 64 KiB block.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct arena_block {
	struct arena_block *next;
	max_align_t data[];
};

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = malloc(sizeof(*b) + (size ? size : 1));

	if (!b)
		return NULL;
	b->next = a->head;
	a->head = b;
	a->total += size;
	memset(b->data, 0, size);
	return b->data;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
	arena_init(a);
}
