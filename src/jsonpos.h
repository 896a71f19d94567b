/*
 * jsonpos.h — where each value of a JSON text starts, by path, so that a
 * schema error can say file:line:column like a syntax error does
 * (jansson keeps no positions once a document is loaded).
 */
#ifndef FWD_JSONPOS_H
#define FWD_JSONPOS_H

#include <stddef.h>

struct jsonpos;

/* Index the text (assumed valid JSON: call after json_loads succeeded). */
struct jsonpos *jsonpos_index(const char *text, size_t len);
void jsonpos_free(struct jsonpos *jp);

/*
 * Position of the value at path, written like "requirements[3].ports"
 * (keys joined by '.', indices in brackets; "" is the root). For a key
 * that is absent, the nearest present parent. Returns 0 when found.
 */
int jsonpos_lookup(const struct jsonpos *jp, const char *path, int *line,
		   int *column);

#endif
