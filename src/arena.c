/*
 * arena.c — bump allocator behind fwd_alloc(). Blocks grow geometrically
 * so that a 100k-rule ruleset costs a handful of mallocs, not 100k.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

struct arena_block {
	struct arena_block *next;
	size_t mapped; /* bytes mmap'ed, 0 when malloc'ed */
	max_align_t data[];
};

#define ARENA_MIN_BLOCK (64u * 1024u)
#define ARENA_MAX_BLOCK (8u * 1024u * 1024u)
#define ARENA_HUGE (2u * 1024u * 1024u)

/*
 * Large blocks are mapped and offered to transparent huge pages: a 100k-rule
 * model touches tens of megabytes once, and on virtual machines a page
 * fault per 4 KiB costs more than building the rules.
 */
static struct arena_block *block_new(size_t cap)
{
	size_t bytes = sizeof(struct arena_block) + cap;
	struct arena_block *b;

	if (bytes >= ARENA_HUGE) {
		bytes = (bytes + ARENA_HUGE - 1) & ~(size_t)(ARENA_HUGE - 1);
		b = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b == MAP_FAILED)
			return NULL;
		madvise(b, bytes, MADV_HUGEPAGE);
		b->mapped = bytes;
		return b;
	}
	b = calloc(1, bytes);
	if (b)
		b->mapped = 0;
	return b;
}

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	size_t need = (size + align - 1) & ~(align - 1);
	void *p;

	if (size == 0)
		need = align;
	if (!a->head || a->cap - a->used < need) {
		size_t cap = a->cap ? a->cap * 2 : ARENA_MIN_BLOCK;
		struct arena_block *b;

		if (cap > ARENA_MAX_BLOCK)
			cap = ARENA_MAX_BLOCK;
		if (cap < need)
			cap = need;
		b = block_new(cap);
		if (!b)
			return NULL;
		b->next = a->head;
		a->head = b;
		a->cap = cap;
		a->used = 0;
		a->total += cap;
	}
	/* blocks start zeroed (calloc, fresh anonymous pages) and are
	 * never handed out twice: nothing to clear here */
	p = (char *)a->head->data + a->used;
	a->used += need;
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;

		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
		b = next;
	}
	arena_init(a);
}
