/*
 * baseline.c — loading fwdrift-baseline/1 files strictly: an unknown key,
 * a wrong type or a dangling name is an error at its file:line:column,
 * because a silently ignored typo in a baseline hides a required port.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "acquire.h"
#include "baseline.h"
#include "baseline_parse.h"
#include "jsonpos.h"
#include "paths.h"

/* Roles or features: the extended baseline's (n_base of base), then
 * this file's. */
static int load_named_list(struct bl_ctx *c, json_t *root, const char *key,
			   bool required, const struct bl_named *base,
			   unsigned n_base, struct bl_named **out, unsigned *n)
{
	static const char *const keys[] = { "name", "description",
					    "source_text", NULL };
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = bl_get_array(c, root, "", key, required, &rc);
	if (rc)
		return rc;
	*out = calloc(n_base + (arr ? json_array_size(arr) : 0) + 1,
		      sizeof(**out));
	if (!*out)
		return FWD_ENOMEM;
	if (n_base)
		memcpy(*out, base, n_base * sizeof(*base));
	*n = n_base;
	json_array_foreach(arr, i, it) {
		struct bl_named *e = &(*out)[*n];
		char path[64];
		unsigned k;

		snprintf(path, sizeof(path), "%s[%zu]", key, i);
		if (!json_is_object(it))
			return bl_fail(c, path, "expected an object with 'name'");
		if ((rc = bl_check_keys(c, it, path, keys)) ||
		    (rc = bl_get_name(c, it, path, "name", true, &e->name)) ||
		    (rc = bl_get_str(c, it, path, "description", false,
				  &e->description)))
			return rc;
		for (k = 0; k < *n; k++)
			if (!strcmp((*out)[k].name, e->name))
				return bl_fail(c, path, k < n_base
					       ? "'%s' is already declared by "
						 "the extended baseline"
					       : "duplicate name '%s'", e->name);
		(*n)++;
	}
	return 0;
}

/* Copy the extended baseline's named ranges (deeply: they are freed
 * with this baseline). */
static int inherit_ranges(struct baseline *b, size_t extra)
{
	const struct baseline *p = b->parent;
	unsigned i;

	b->ranges = calloc((p ? p->n_ranges : 0) + extra + 1,
			   sizeof(*b->ranges));
	if (!b->ranges)
		return FWD_ENOMEM;
	for (i = 0; p && i < p->n_ranges; i++) {
		struct bl_named_range *r = &b->ranges[b->n_ranges++];

		*r = p->ranges[i];
		r->ports = (struct portset)PORTSET_INIT;
		r->origin = p->ranges[i].origin ? strdup(p->ranges[i].origin)
						: NULL;
		r->replaces = p->ranges[i].replaces
				      ? strdup(p->ranges[i].replaces) : NULL;
		if (portset_copy(&r->ports, &p->ranges[i].ports) ||
		    (p->ranges[i].origin && !r->origin) ||
		    (p->ranges[i].replaces && !r->replaces))
			return FWD_ENOMEM;
	}
	return 0;
}

/* Named ranges: inherited ones first; an overlay's range of the same
 * name redefines the inherited one (a host with another dynamic range). */
static int load_ranges(struct bl_ctx *c, json_t *root)
{
	static const char *const keys[] = { "name", "ports", "source_text",
					    "note", NULL };
	struct baseline *b = c->b;
	unsigned n_base = b->parent ? b->parent->n_ranges : 0;
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = bl_get_array(c, root, "", "named_ranges", false, &rc);
	if (rc || (rc = inherit_ranges(b, arr ? json_array_size(arr) : 0)))
		return rc;
	json_array_foreach(arr, i, it) {
		struct bl_named_range nr = { 0 }, *r;
		const char *ports;
		char path[64], sub[80];

		snprintf(path, sizeof(path), "named_ranges[%zu]", i);
		snprintf(sub, sizeof(sub), "%s.ports", path);
		if (!json_is_object(it))
			return bl_fail(c, path, "expected an object");
		if ((rc = bl_check_keys(c, it, path, keys)) ||
		    (rc = bl_get_name(c, it, path, "name", true, &nr.name)) ||
		    (rc = bl_get_str(c, it, path, "ports", true, &ports)) ||
		    (rc = bl_get_str(c, it, path, "note", true, &nr.note)) ||
		    (rc = bl_get_str(c, it, path, "source_text", false,
				  &nr.source_text)))
			return rc;
		for (size_t k = 0; k < i; k++) {
			json_t *o = json_object_get(json_array_get(arr, k),
						    "name");

			if (json_is_string(o) &&
			    !strcmp(json_string_value(o), nr.name))
				return bl_fail(c, path, "duplicate named "
					       "range '%s'", nr.name);
		}
		r = (struct bl_named_range *)bl_find_range(b, nr.name,
							   strlen(nr.name));
		if (r && (unsigned)(r - b->ranges) >= n_base)
			return bl_fail(c, path, "duplicate named range '%s'",
				    nr.name);
		if (r) {
			/* Redefine: the inherited origin becomes "replaces". */
			portset_free(&r->ports);
			r->replaces = r->origin;
			r->origin = NULL;
			r->name = nr.name;
			r->note = nr.note;
			r->source_text = nr.source_text;
		} else {
			r = &b->ranges[b->n_ranges++];
			*r = nr;
		}
		if (!(r->origin = bl_origin(c, path)))
			return FWD_ENOMEM;
		if ((rc = bl_parse_ports(c, sub, ports, &r->ports, false)))
			return rc;
	}
	return 0;
}

static int load_req(struct bl_ctx *c, json_t *o, const char *path,
		    struct bl_req *r)
{
	static const char *const keys[] = {
		"id", "roles", "feature", "unless_feature", "direction",
		"protocols", "protocol_text", "ports", "ports_text", "peer",
		"peer_scope", "purpose", "section", "expect", "note", NULL,
	};
	static const char *const dirs[] = { "in", "out", "both", NULL };
	static const char *const scopes[] = { "specific", "any", NULL };
	static const char *const expects[] = { "open", "restricted", "closed",
					       NULL };
	struct baseline *b = c->b;
	json_t *arr, *it;
	char sub[512];
	size_t i;
	int rc, dir, scope, expect;

	if (!json_is_object(o))
		return bl_fail(c, path, "expected a requirement object");
	if ((rc = bl_check_keys(c, o, path, keys)) ||
	    (rc = bl_get_name(c, o, path, "id", true, &r->id)) ||
	    (rc = bl_get_name(c, o, path, "feature", false, &r->feature)) ||
	    (rc = bl_get_name(c, o, path, "unless_feature", false,
			   &r->unless_feature)) ||
	    (rc = bl_load_enum(c, o, path, "direction", dirs, true, 0, &dir)) ||
	    (rc = bl_get_str(c, o, path, "protocol_text", false,
			  &r->protocol_text)) ||
	    (rc = bl_get_str(c, o, path, "ports", true, &r->ports_spec)) ||
	    (rc = bl_get_str(c, o, path, "ports_text", false, &r->ports_text)) ||
	    (rc = bl_get_str(c, o, path, "peer", true, &r->peer)) ||
	    (rc = bl_load_enum(c, o, path, "peer_scope", scopes, false, 0,
			    &scope)) ||
	    (rc = bl_get_str(c, o, path, "purpose", true, &r->purpose)) ||
	    (rc = bl_get_str(c, o, path, "section", true, &r->section)) ||
	    (rc = bl_load_enum(c, o, path, "expect", expects, false, 0,
			    &expect)) ||
	    (rc = bl_get_str(c, o, path, "note", false, &r->note)))
		return rc;
	r->dirs = dir == 2 ? 3u : 1u << dir;
	r->peer_any = scope == 1;
	r->expect = (enum expect)expect;
	snprintf(sub, sizeof(sub), "%s.feature", path);
	if (r->feature && !bl_has_named(b->features, b->n_features, r->feature))
		return bl_fail(c, sub, "unknown feature '%s' (declare it in "
			    "features)", r->feature);
	snprintf(sub, sizeof(sub), "%s.unless_feature", path);
	if (r->unless_feature &&
	    !bl_has_named(b->features, b->n_features, r->unless_feature))
		return bl_fail(c, sub, "unknown feature '%s' (declare it in "
			    "features)", r->unless_feature);

	snprintf(sub, sizeof(sub), "%s.roles", path);
	arr = bl_get_array(c, o, path, "roles", true, &rc);
	if (rc)
		return rc;
	if (!json_array_size(arr))
		return bl_fail(c, sub, "'roles' must name at least one role");
	r->roles = calloc(json_array_size(arr), sizeof(*r->roles));
	if (!r->roles)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		snprintf(sub, sizeof(sub), "%s.roles[%zu]", path, i);
		if (!json_is_string(it) ||
		    !bl_has_named(b->roles, b->n_roles, json_string_value(it)))
			return bl_fail(c, sub, "unknown role %s%s%s (declare it "
				    "in roles)", json_is_string(it) ? "'" : "",
				    json_is_string(it) ? json_string_value(it)
						       : "(not a string)",
				    json_is_string(it) ? "'" : "");
		r->roles[r->n_roles++] = json_string_value(it);
	}

	arr = bl_get_array(c, o, path, "protocols", true, &rc);
	if (rc)
		return rc;
	snprintf(sub, sizeof(sub), "%s.protocols", path);
	if (!json_array_size(arr))
		return bl_fail(c, sub, "'protocols' must list tcp and/or udp");
	json_array_foreach(arr, i, it) {
		const char *p = json_is_string(it) ? json_string_value(it) : "";

		snprintf(sub, sizeof(sub), "%s.protocols[%zu]", path, i);
		if (!strcmp(p, "tcp"))
			r->protos |= 1;
		else if (!strcmp(p, "udp"))
			r->protos |= 2;
		else
			return bl_fail(c, sub, "bad protocol '%s' (expected "
				    "\"tcp\" or \"udp\")", p);
	}
	snprintf(sub, sizeof(sub), "%s.ports", path);
	return bl_parse_ports(c, sub, r->ports_spec, &r->ports, true);
}

static int load_reqs(struct bl_ctx *c, json_t *root)
{
	struct baseline *b = c->b;
	json_t *arr, *it;
	size_t i;
	unsigned k;
	int rc;

	unsigned base = b->n_reqs; /* inherited, already in b->reqs */
	size_t own;
	void *p;

	arr = bl_get_array(c, root, "", "requirements", !b->parent, &rc);
	if (rc)
		return rc;
	own = arr ? json_array_size(arr) : 0;
	p = realloc(b->reqs, (base + own + 1) * sizeof(*b->reqs));
	if (!p)
		return FWD_ENOMEM;
	b->reqs = p;
	memset(b->reqs + base, 0, (own + 1) * sizeof(*b->reqs));
	json_array_foreach(arr, i, it) {
		struct bl_req *r = &b->reqs[b->n_reqs++];
		char path[64];

		snprintf(path, sizeof(path), "requirements[%zu]", i);
		if ((rc = load_req(c, it, path, r)))
			return rc;
		if (!(r->origin = bl_origin(c, path)))
			return FWD_ENOMEM;
		for (k = 0; k + 1 < b->n_reqs; k++)
			if (!strcmp(b->reqs[k].id, r->id)) {
				snprintf(path, sizeof(path),
					 "requirements[%zu].id", i);
				return bl_fail(c, path, k < base
					       ? "requirement id '%s' is "
						 "already in the extended "
						 "baseline (add it to \"drop\""
						 " to replace it)"
					       : "duplicate requirement id "
						 "'%s'", r->id);
			}
	}
	return 0;
}

static int load_notes(struct bl_ctx *c, json_t *root)
{
	static const char *const keys[] = { "text", "requirements", NULL };
	struct baseline *b = c->b;
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = bl_get_array(c, root, "", "notes", false, &rc);
	if (rc)
		return rc;
	b->notes = calloc((b->parent ? b->parent->n_notes : 0) +
			  (arr ? json_array_size(arr) : 0) + 1,
			  sizeof(*b->notes));
	if (!b->notes)
		return FWD_ENOMEM;
	for (i = 0; b->parent && i < b->parent->n_notes; i++)
		b->notes[b->n_notes++] = b->parent->notes[i];
	json_array_foreach(arr, i, it) {
		char path[64];
		json_t *ids, *id;
		size_t j;

		snprintf(path, sizeof(path), "notes[%zu]", i);
		if (!json_is_object(it))
			return bl_fail(c, path, "expected {\"text\": ...}");
		if ((rc = bl_check_keys(c, it, path, keys)) ||
		    (rc = bl_get_str(c, it, path, "text", true,
				  &b->notes[b->n_notes])))
			return rc;
		b->n_notes++;
		ids = bl_get_array(c, it, path, "requirements", false, &rc);
		if (rc)
			return rc;
		json_array_foreach(ids, j, id) {
			unsigned k;
			bool found = false;

			for (k = 0; k < b->n_reqs && json_is_string(id); k++)
				found |= !strcmp(b->reqs[k].id,
						 json_string_value(id));
			if (!found) {
				char sub[160];

				snprintf(sub, sizeof(sub),
					 "%s.requirements[%zu]", path, j);
				return bl_fail(c, sub, "note names an unknown "
					    "requirement id");
			}
		}
	}
	return 0;
}

/* The head of a baseline that stands alone (no "extends"). */
static int load_head(struct bl_ctx *c, json_t *root)
{
	static const char *const keys[] = {
		"schema", "name", "product", "platform", "source",
		"default_role", "roles", "features", "named_ranges",
		"requirements", "notes", "waivers", NULL,
	};
	static const char *const src_keys[] = { "title", "version", "seed",
						NULL };
	static const char *const platforms[] = { "linux", "windows", NULL };
	struct baseline *b = c->b;
	json_t *src;
	int rc, platform;

	if (json_object_get(root, "drop"))
		return bl_fail(c, "drop", "'drop' needs \"extends\": only an "
			       "overlay drops requirements");
	if ((rc = bl_check_keys(c, root, "", keys)) ||
	    (rc = bl_get_name(c, root, "", "name", true, &b->name)) ||
	    (rc = bl_get_str(c, root, "", "product", true, &b->product)) ||
	    (rc = bl_load_enum(c, root, "", "platform", platforms, true, 0,
			    &platform)) ||
	    (rc = bl_get_name(c, root, "", "default_role", true,
			   &b->default_role)))
		return rc;
	b->platform = platforms[platform];
	src = json_object_get(root, "source");
	if (!src || !json_is_object(src))
		return bl_fail(c, src ? "source" : "", "'source' must be an "
			    "object with title, version and seed");
	return (rc = bl_check_keys(c, src, "source", src_keys)) ||
	       (rc = bl_get_str(c, src, "source", "title", true,
				&b->source_title)) ||
	       (rc = bl_get_str(c, src, "source", "version", false,
				&b->source_version)) ||
	       (rc = bl_get_str(c, src, "source", "seed", false,
				&b->source_seed)) ? rc : 0;
}

static int load_root(struct bl_ctx *c, json_t *root)
{
	struct baseline *b = c->b;
	const struct baseline *p;
	const char *schema;
	int rc;

	if (!json_is_object(root))
		return bl_fail(c, "", "expected a JSON object with \"schema\": "
			    "\"fwdrift-baseline/1\"");
	if ((rc = bl_get_str(c, root, "", "schema", true, &schema)))
		return rc;
	if (strcmp(schema, "fwdrift-baseline/1") != 0)
		return bl_fail(c, "schema", "unsupported schema '%s' (expected "
			    "\"fwdrift-baseline/1\")", schema);
	rc = json_object_get(root, "extends") ? bl_overlay_begin(c, root)
					      : load_head(c, root);
	if (rc)
		return rc;
	p = b->parent;
	if ((rc = load_named_list(c, root, "roles", !p, p ? p->roles : NULL,
				  p ? p->n_roles : 0, &b->roles,
				  &b->n_roles)) ||
	    (rc = load_named_list(c, root, "features", false,
				  p ? p->features : NULL,
				  p ? p->n_features : 0, &b->features,
				  &b->n_features)) ||
	    (rc = load_ranges(c, root)) ||
	    (p && (rc = bl_overlay_inherit_reqs(c, root))) ||
	    (rc = load_reqs(c, root)) || (rc = load_notes(c, root)) ||
	    (rc = bl_load_waivers(c, root)))
		return rc;
	if (!b->n_roles)
		return bl_fail(c, "roles", "'roles' must declare at least one "
			    "role");
	if (p && !b->n_reqs)
		return bl_fail(c, "drop", "the overlay drops every requirement "
			       "and adds none");
	if (!bl_has_named(b->roles, b->n_roles, b->default_role))
		return bl_fail(c, "default_role", "default_role '%s' is not "
			    "one of the roles", b->default_role);
	return 0;
}

int bl_load_text(struct baseline **out, const char *source, const char *text,
		 size_t len, const char *search_path, unsigned depth,
		 struct fwd_error *err)
{
	struct bl_ctx c = { .source = source, .err = err,
			    .search_path = search_path, .depth = depth };
	json_error_t jerr;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fwd_error_set(err, FWD_EINVAL, source, jerr.line,
				     jerr.column, "%s", jerr.text);
	c.b = calloc(1, sizeof(*c.b));
	if (!c.b) {
		json_decref(root);
		return FWD_ENOMEM;
	}
	c.b->json = root;
	c.b->path = strdup(source);
	c.pos = jsonpos_index(text, len);
	rc = c.b->path ? load_root(&c, root) : FWD_ENOMEM;
	jsonpos_free(c.pos);
	if (rc) {
		baseline_free(c.b);
		return rc;
	}
	*out = c.b;
	return 0;
}

int baseline_load_text(struct baseline **out, const char *source,
		       const char *text, size_t len, struct fwd_error *err)
{
	return bl_load_text(out, source, text, len, paths_baseline_path(), 0,
			    err);
}

void baseline_free(struct baseline *b)
{
	unsigned i;

	if (!b)
		return;
	for (i = 0; i < b->n_ranges; i++) {
		portset_free(&b->ranges[i].ports);
		free(b->ranges[i].origin);
		free(b->ranges[i].replaces);
	}
	for (i = 0; i < b->n_reqs; i++) {
		portset_free(&b->reqs[i].ports);
		free(b->reqs[i].roles);
		free(b->reqs[i].origin);
	}
	for (i = 0; i < b->n_drops; i++)
		free(b->drops[i].origin);
	for (i = 0; i < b->n_waivers; i++) {
		portset_free(&b->waivers[i].ports);
		free(b->waivers[i].origin);
	}
	free(b->drops);
	free(b->waivers);
	free(b->ranges);
	free(b->reqs);
	free(b->roles);
	free(b->features);
	free(b->notes);
	free(b->path);
	baseline_free(b->parent);
	json_decref(b->json);
	free(b);
}

const char *expect_name(enum expect e)
{
	return e == EXPECT_CLOSED ? "closed"
	       : e == EXPECT_RESTRICTED ? "restricted" : "open";
}
