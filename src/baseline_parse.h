/*
 * baseline_parse.h — private to the baseline loader (baseline.c,
 * baseline_parse.c, baseline_overlay.c): the load context and the strict
 * value readers. Each returns 0 or a negative FWD_E* with err filled at
 * the value's file:line:column; none prints.
 */
#ifndef FWD_BASELINE_PARSE_H
#define FWD_BASELINE_PARSE_H

#include <jansson.h>

#include "baseline.h"

struct jsonpos;

struct bl_ctx {
	const char *source;         /* file name for messages */
	struct jsonpos *pos;        /* positions of the values in source */
	struct fwd_error *err;
	struct baseline *b;         /* being filled */
	const char *search_path;    /* for "extends" */
	unsigned depth;             /* overlays above this one */
};

/* Paths are written "requirements[3].ports" (see jsonpos.h). */
__attribute__((format(printf, 3, 4)))
int bl_fail(struct bl_ctx *c, const char *path, const char *fmt, ...);
bool bl_valid_name(const char *s);
/* Refuse keys of obj outside allowed (a NULL-terminated list). */
int bl_check_keys(struct bl_ctx *c, json_t *obj, const char *path,
		  const char *const *allowed);
int bl_get_str(struct bl_ctx *c, json_t *obj, const char *path,
	       const char *key, bool required, const char **out);
int bl_get_name(struct bl_ctx *c, json_t *obj, const char *path,
		const char *key, bool required, const char **out);
/* NULL with *rc 0 when absent and not required. */
json_t *bl_get_array(struct bl_ctx *c, json_t *obj, const char *path,
		     const char *key, bool required, int *rc);
const struct bl_named_range *bl_find_range(const struct baseline *b,
					   const char *name, size_t len);
/* "135,139,windows-dynamic-rpc" into out (named ranges of c->b). */
int bl_parse_ports(struct bl_ctx *c, const char *path, const char *spec,
		   struct portset *out, bool allow_names);
bool bl_has_named(const struct bl_named *list, unsigned n, const char *name);
int bl_load_enum(struct bl_ctx *c, json_t *o, const char *path,
		 const char *key, const char *const *vals, bool required,
		 int def, int *out);
/* "file:line:column" of the value at path; malloc'd, NULL on ENOMEM. */
char *bl_origin(struct bl_ctx *c, const char *path);

/*
 * Load a baseline from text, resolving "extends" on search_path; depth
 * counts the overlays above (a chain deeper than 8 is refused).
 */
int bl_load_text(struct baseline **out, const char *source, const char *text,
		 size_t len, const char *search_path, unsigned depth,
		 struct fwd_error *err);

/*
 * The baseline an overlay at child_path extends: a name on search_path
 * (skipping child_path itself, so that /etc/fwdrift/baselines/X.json may
 * extend the shipped X), or a file relative to child_path's folder.
 */
int bl_load_parent(struct baseline **out, const char *extends,
		   const char *child_path, const char *search_path,
		   unsigned depth, struct fwd_error *err);

/* baseline_overlay.c: the parts of load_root an overlay adds. */
int bl_overlay_begin(struct bl_ctx *c, json_t *root);
int bl_overlay_inherit_reqs(struct bl_ctx *c, json_t *root);
int bl_load_waivers(struct bl_ctx *c, json_t *root);

#endif
