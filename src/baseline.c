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
#include "jsonpos.h"

struct ctx {
	const char *source;
	struct jsonpos *pos;
	struct fwd_error *err;
	struct baseline *b;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	int line = 0, col = 0;
	va_list ap;

	jsonpos_lookup(c->pos, path, &line, &col);
	va_start(ap, fmt);
	fwd_error_setv(c->err, FWD_EINVAL, c->source, line, col, fmt, ap);
	va_end(ap);
	return FWD_EINVAL;
}

static bool valid_name(const char *s)
{
	bool dash_ok = false;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (islower((unsigned char)*s) || isdigit((unsigned char)*s))
			dash_ok = true;
		else if (*s == '-' && dash_ok)
			dash_ok = false;
		else
			return false;
	}
	return dash_ok;
}

/* Refuse keys outside allowed (a NULL-terminated list). */
static int check_keys(struct ctx *c, json_t *obj, const char *path,
		      const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *a;
		char sub[512];

		for (a = allowed; *a && strcmp(*a, key); a++)
			;
		if (!*a) {
			snprintf(sub, sizeof(sub), "%s%s%s", path,
				 *path ? "." : "", key);
			return fail(c, sub, "unknown key '%s' in %s", key,
				    *path ? path : "the baseline");
		}
	}
	return 0;
}

static int get_str(struct ctx *c, json_t *obj, const char *path,
		   const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char sub[512];

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	*out = NULL;
	if (!v) {
		if (required)
			return fail(c, path, "missing key '%s' (expected a "
				    "string)", key);
		return 0;
	}
	if (!json_is_string(v))
		return fail(c, sub, "'%s' must be a string", key);
	*out = json_string_value(v);
	return 0;
}

static int get_name(struct ctx *c, json_t *obj, const char *path,
		    const char *key, bool required, const char **out)
{
	char sub[512];
	int rc = get_str(c, obj, path, key, required, out);

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	if (!rc && *out && !valid_name(*out))
		return fail(c, sub, "'%s' must be lowercase-with-dashes "
			    "(a-z, 0-9, single dashes), got '%s'", key, *out);
	return rc;
}

static json_t *get_array(struct ctx *c, json_t *obj, const char *path,
			 const char *key, bool required, int *rc)
{
	json_t *v = json_object_get(obj, key);
	char sub[512];

	snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
	*rc = 0;
	if (!v) {
		if (required)
			*rc = fail(c, path, "missing key '%s' (expected an "
				   "array)", key);
		return NULL;
	}
	if (!json_is_array(v)) {
		*rc = fail(c, sub, "'%s' must be an array", key);
		return NULL;
	}
	return v;
}

static int load_named_list(struct ctx *c, json_t *root, const char *key,
			   bool required, struct bl_named **out, unsigned *n)
{
	static const char *const keys[] = { "name", "description",
					    "source_text", NULL };
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = get_array(c, root, "", key, required, &rc);
	if (rc || !arr)
		return rc;
	*out = calloc(json_array_size(arr) + 1, sizeof(**out));
	if (!*out)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		char path[64];
		unsigned k;

		snprintf(path, sizeof(path), "%s[%zu]", key, i);
		if (!json_is_object(it))
			return fail(c, path, "expected an object with 'name'");
		if ((rc = check_keys(c, it, path, keys)) ||
		    (rc = get_name(c, it, path, "name", true, &(*out)[i].name)) ||
		    (rc = get_str(c, it, path, "description", false,
				  &(*out)[i].description)))
			return rc;
		for (k = 0; k < i; k++)
			if (!strcmp((*out)[k].name, (*out)[i].name))
				return fail(c, path, "duplicate name '%s'",
					    (*out)[i].name);
		(*n)++;
	}
	return 0;
}

static const struct bl_named_range *find_range(const struct baseline *b,
					       const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < b->n_ranges; i++)
		if (strlen(b->ranges[i].name) == len &&
		    !strncmp(b->ranges[i].name, name, len))
			return &b->ranges[i];
	return NULL;
}

/* "135,139,windows-dynamic-rpc": numbers, ranges and named ranges. */
static int parse_ports(struct ctx *c, const char *path, const char *spec,
		       struct portset *out, bool allow_names)
{
	const char *p = spec;

	if (!*spec)
		return fail(c, path, "empty port list (expected ports like "
			    "\"22\", \"1514-1516\" or a named range)");
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char tok[128];
		size_t bad;
		struct portset one = PORTSET_INIT;
		const struct bl_named_range *nr;

		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (!len || len >= sizeof(tok))
			return fail(c, path, "bad port list \"%s\": empty "
				    "element (expected N, A-B or a named "
				    "range)", spec);
		memcpy(tok, p, len);
		tok[len] = '\0';
		if (isdigit((unsigned char)tok[0])) {
			int rc = portset_parse(&one, tok, &bad);

			if (rc == 0 && one.n && one.r[0].lo == 0)
				rc = FWD_EINVAL;
			if (rc) {
				portset_free(&one);
				return fail(c, path, "bad port '%s' in \"%s\" "
					    "(expected 1-65535 or A-B with "
					    "A <= B)", tok, spec);
			}
			portset_union(out, &one);
			portset_free(&one);
		} else if (allow_names &&
			   (nr = find_range(c->b, tok, len)) != NULL) {
			portset_union(out, &nr->ports);
		} else {
			return fail(c, path, "unknown named range '%s' in "
				    "\"%s\"%s", tok, spec,
				    allow_names ? " (declare it in named_ranges)"
						: "");
		}
		p = end ? end + 1 : p + strlen(p);
		if (end && !*p)
			return fail(c, path, "bad port list \"%s\": trailing "
				    "comma", spec);
	}
	return 0;
}

static int load_ranges(struct ctx *c, json_t *root)
{
	static const char *const keys[] = { "name", "ports", "source_text",
					    "note", NULL };
	struct baseline *b = c->b;
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = get_array(c, root, "", "named_ranges", false, &rc);
	if (rc || !arr)
		return rc;
	b->ranges = calloc(json_array_size(arr) + 1, sizeof(*b->ranges));
	if (!b->ranges)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		struct bl_named_range *r = &b->ranges[i];
		const char *ports;
		char path[64], sub[80];

		snprintf(path, sizeof(path), "named_ranges[%zu]", i);
		snprintf(sub, sizeof(sub), "%s.ports", path);
		if (!json_is_object(it))
			return fail(c, path, "expected an object");
		b->n_ranges++;
		if ((rc = check_keys(c, it, path, keys)) ||
		    (rc = get_name(c, it, path, "name", true, &r->name)) ||
		    (rc = get_str(c, it, path, "ports", true, &ports)) ||
		    (rc = get_str(c, it, path, "note", true, &r->note)) ||
		    (rc = get_str(c, it, path, "source_text", false,
				  &r->source_text)) ||
		    (rc = parse_ports(c, sub, ports, &r->ports, false)))
			return rc;
		if (find_range(b, r->name, strlen(r->name)) != r)
			return fail(c, path, "duplicate named range '%s'",
				    r->name);
	}
	return 0;
}

static bool has_named(const struct bl_named *list, unsigned n,
		      const char *name)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, name))
			return true;
	return false;
}

static int load_enum(struct ctx *c, json_t *o, const char *path,
		     const char *key, const char *const *vals, bool required,
		     int def, int *out)
{
	const char *s;
	char sub[512];
	int rc = get_str(c, o, path, key, required, &s);
	int i;

	if (rc)
		return rc;
	*out = def;
	if (!s)
		return 0;
	for (i = 0; vals[i]; i++)
		if (!strcmp(vals[i], s)) {
			*out = i;
			return 0;
		}
	snprintf(sub, sizeof(sub), "%s.%s", path, key);
	return fail(c, sub, "bad %s '%s' (expected %s%s%s%s%s)", key, s,
		    vals[0], vals[1] ? ", " : "", vals[1] ? vals[1] : "",
		    vals[1] && vals[2] ? " or " : "",
		    vals[1] && vals[2] ? vals[2] : "");
}

static int load_req(struct ctx *c, json_t *o, const char *path,
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
		return fail(c, path, "expected a requirement object");
	if ((rc = check_keys(c, o, path, keys)) ||
	    (rc = get_name(c, o, path, "id", true, &r->id)) ||
	    (rc = get_name(c, o, path, "feature", false, &r->feature)) ||
	    (rc = get_name(c, o, path, "unless_feature", false,
			   &r->unless_feature)) ||
	    (rc = load_enum(c, o, path, "direction", dirs, true, 0, &dir)) ||
	    (rc = get_str(c, o, path, "protocol_text", false,
			  &r->protocol_text)) ||
	    (rc = get_str(c, o, path, "ports", true, &r->ports_spec)) ||
	    (rc = get_str(c, o, path, "ports_text", false, &r->ports_text)) ||
	    (rc = get_str(c, o, path, "peer", true, &r->peer)) ||
	    (rc = load_enum(c, o, path, "peer_scope", scopes, false, 0,
			    &scope)) ||
	    (rc = get_str(c, o, path, "purpose", true, &r->purpose)) ||
	    (rc = get_str(c, o, path, "section", true, &r->section)) ||
	    (rc = load_enum(c, o, path, "expect", expects, false, 0,
			    &expect)) ||
	    (rc = get_str(c, o, path, "note", false, &r->note)))
		return rc;
	r->dirs = dir == 2 ? 3u : 1u << dir;
	r->peer_any = scope == 1;
	r->expect = (enum expect)expect;
	snprintf(sub, sizeof(sub), "%s.feature", path);
	if (r->feature && !has_named(b->features, b->n_features, r->feature))
		return fail(c, sub, "unknown feature '%s' (declare it in "
			    "features)", r->feature);
	snprintf(sub, sizeof(sub), "%s.unless_feature", path);
	if (r->unless_feature &&
	    !has_named(b->features, b->n_features, r->unless_feature))
		return fail(c, sub, "unknown feature '%s' (declare it in "
			    "features)", r->unless_feature);

	snprintf(sub, sizeof(sub), "%s.roles", path);
	arr = get_array(c, o, path, "roles", true, &rc);
	if (rc)
		return rc;
	if (!json_array_size(arr))
		return fail(c, sub, "'roles' must name at least one role");
	r->roles = calloc(json_array_size(arr), sizeof(*r->roles));
	if (!r->roles)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		snprintf(sub, sizeof(sub), "%s.roles[%zu]", path, i);
		if (!json_is_string(it) ||
		    !has_named(b->roles, b->n_roles, json_string_value(it)))
			return fail(c, sub, "unknown role %s%s%s (declare it "
				    "in roles)", json_is_string(it) ? "'" : "",
				    json_is_string(it) ? json_string_value(it)
						       : "(not a string)",
				    json_is_string(it) ? "'" : "");
		r->roles[r->n_roles++] = json_string_value(it);
	}

	arr = get_array(c, o, path, "protocols", true, &rc);
	if (rc)
		return rc;
	snprintf(sub, sizeof(sub), "%s.protocols", path);
	if (!json_array_size(arr))
		return fail(c, sub, "'protocols' must list tcp and/or udp");
	json_array_foreach(arr, i, it) {
		const char *p = json_is_string(it) ? json_string_value(it) : "";

		snprintf(sub, sizeof(sub), "%s.protocols[%zu]", path, i);
		if (!strcmp(p, "tcp"))
			r->protos |= 1;
		else if (!strcmp(p, "udp"))
			r->protos |= 2;
		else
			return fail(c, sub, "bad protocol '%s' (expected "
				    "\"tcp\" or \"udp\")", p);
	}
	snprintf(sub, sizeof(sub), "%s.ports", path);
	return parse_ports(c, sub, r->ports_spec, &r->ports, true);
}

static int load_reqs(struct ctx *c, json_t *root)
{
	struct baseline *b = c->b;
	json_t *arr, *it;
	size_t i;
	unsigned k;
	int rc;

	arr = get_array(c, root, "", "requirements", true, &rc);
	if (rc)
		return rc;
	b->reqs = calloc(json_array_size(arr) + 1, sizeof(*b->reqs));
	if (!b->reqs)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		char path[64];

		snprintf(path, sizeof(path), "requirements[%zu]", i);
		b->n_reqs++;
		if ((rc = load_req(c, it, path, &b->reqs[i])))
			return rc;
		for (k = 0; k < i; k++)
			if (!strcmp(b->reqs[k].id, b->reqs[i].id)) {
				snprintf(path, sizeof(path),
					 "requirements[%zu].id", i);
				return fail(c, path, "duplicate requirement id "
					    "'%s'", b->reqs[i].id);
			}
	}
	return 0;
}

static int load_notes(struct ctx *c, json_t *root)
{
	static const char *const keys[] = { "text", "requirements", NULL };
	struct baseline *b = c->b;
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = get_array(c, root, "", "notes", false, &rc);
	if (rc || !arr)
		return rc;
	b->notes = calloc(json_array_size(arr) + 1, sizeof(*b->notes));
	if (!b->notes)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		char path[64];
		json_t *ids, *id;
		size_t j;

		snprintf(path, sizeof(path), "notes[%zu]", i);
		if (!json_is_object(it))
			return fail(c, path, "expected {\"text\": ...}");
		if ((rc = check_keys(c, it, path, keys)) ||
		    (rc = get_str(c, it, path, "text", true,
				  &b->notes[b->n_notes])))
			return rc;
		b->n_notes++;
		ids = get_array(c, it, path, "requirements", false, &rc);
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
				return fail(c, sub, "note names an unknown "
					    "requirement id");
			}
		}
	}
	return 0;
}

static int load_root(struct ctx *c, json_t *root)
{
	static const char *const keys[] = {
		"schema", "name", "product", "platform", "source",
		"default_role", "roles", "features", "named_ranges",
		"requirements", "notes", NULL,
	};
	static const char *const src_keys[] = { "title", "version", "seed",
						NULL };
	static const char *const platforms[] = { "linux", "windows", NULL };
	struct baseline *b = c->b;
	const char *schema;
	json_t *src;
	int rc, platform;

	if (!json_is_object(root))
		return fail(c, "", "expected a JSON object with \"schema\": "
			    "\"fwdrift-baseline/1\"");
	if ((rc = get_str(c, root, "", "schema", true, &schema)))
		return rc;
	if (strcmp(schema, "fwdrift-baseline/1") != 0)
		return fail(c, "schema", "unsupported schema '%s' (expected "
			    "\"fwdrift-baseline/1\")", schema);
	if ((rc = check_keys(c, root, "", keys)) ||
	    (rc = get_name(c, root, "", "name", true, &b->name)) ||
	    (rc = get_str(c, root, "", "product", true, &b->product)) ||
	    (rc = load_enum(c, root, "", "platform", platforms, true, 0,
			    &platform)) ||
	    (rc = get_name(c, root, "", "default_role", true,
			   &b->default_role)))
		return rc;
	b->platform = platforms[platform];
	src = json_object_get(root, "source");
	if (!src || !json_is_object(src))
		return fail(c, src ? "source" : "", "'source' must be an "
			    "object with title, version and seed");
	if ((rc = check_keys(c, src, "source", src_keys)) ||
	    (rc = get_str(c, src, "source", "title", true, &b->source_title)) ||
	    (rc = get_str(c, src, "source", "version", false,
			  &b->source_version)) ||
	    (rc = get_str(c, src, "source", "seed", false, &b->source_seed)))
		return rc;
	if ((rc = load_named_list(c, root, "roles", true, &b->roles,
				  &b->n_roles)) ||
	    (rc = load_named_list(c, root, "features", false, &b->features,
				  &b->n_features)) ||
	    (rc = load_ranges(c, root)) || (rc = load_reqs(c, root)) ||
	    (rc = load_notes(c, root)))
		return rc;
	if (!b->n_roles)
		return fail(c, "roles", "'roles' must declare at least one "
			    "role");
	if (!has_named(b->roles, b->n_roles, b->default_role))
		return fail(c, "default_role", "default_role '%s' is not "
			    "one of the roles", b->default_role);
	return 0;
}

int baseline_load_text(struct baseline **out, const char *source,
		       const char *text, size_t len, struct fwd_error *err)
{
	struct ctx c = { .source = source, .err = err };
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
	rc = load_root(&c, root);
	jsonpos_free(c.pos);
	if (rc) {
		baseline_free(c.b);
		return rc;
	}
	*out = c.b;
	return 0;
}

void baseline_free(struct baseline *b)
{
	unsigned i;

	if (!b)
		return;
	for (i = 0; i < b->n_ranges; i++)
		portset_free(&b->ranges[i].ports);
	for (i = 0; i < b->n_reqs; i++) {
		portset_free(&b->reqs[i].ports);
		free(b->reqs[i].roles);
	}
	free(b->ranges);
	free(b->reqs);
	free(b->roles);
	free(b->features);
	free(b->notes);
	free(b->path);
	json_decref(b->json);
	free(b);
}

const char *expect_name(enum expect e)
{
	return e == EXPECT_CLOSED ? "closed"
	       : e == EXPECT_RESTRICTED ? "restricted" : "open";
}
