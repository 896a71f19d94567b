/*
 * baseline_overlay.c — local overlays and waivers. An overlay names the
 * baseline it "extends", may "drop" requirements that do not apply to
 * the host, add its own, redefine named ranges, and carry "waivers":
 * findings accepted with a reason until a date. Everything inherited
 * keeps the origin (file:line:column) it came from, so that
 * --show-baseline can say where each line of the merged result is.
 * Like the rest of the loader, it is strict: a dropped or waived id
 * that does not exist is an error at its position, not a no-op.
 */
#include <stdlib.h>
#include <string.h>

#include "baseline_parse.h"

#define MAX_OVERLAY_DEPTH 8

static int load_drops(struct bl_ctx *c, json_t *root)
{
	struct baseline *b = c->b;
	const struct baseline *p = b->parent;
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = bl_get_array(c, root, "", "drop", false, &rc);
	if (rc || !arr)
		return rc;
	b->drops = calloc(json_array_size(arr) + 1, sizeof(*b->drops));
	if (!b->drops)
		return FWD_ENOMEM;
	json_array_foreach(arr, i, it) {
		const char *id = json_string_value(it);
		char path[64];
		bool found = false;
		unsigned k;

		snprintf(path, sizeof(path), "drop[%zu]", i);
		if (!id)
			return bl_fail(c, path, "expected a requirement id "
				       "(a string)");
		for (k = 0; k < p->n_reqs && !found; k++)
			found = !strcmp(p->reqs[k].id, id);
		if (!found)
			return bl_fail(c, path, "cannot drop '%s': %s has no "
				       "such requirement", id, p->name);
		for (k = 0; k < b->n_drops; k++)
			if (!strcmp(b->drops[k].id, id))
				return bl_fail(c, path, "'%s' is dropped "
					       "twice", id);
		b->drops[b->n_drops].id = id;
		if (!(b->drops[b->n_drops].origin = bl_origin(c, path)))
			return FWD_ENOMEM;
		b->n_drops++;
	}
	return 0;
}

int bl_overlay_begin(struct bl_ctx *c, json_t *root)
{
	static const char *const keys[] = {
		"schema", "name", "extends", "default_role", "roles",
		"features", "named_ranges", "requirements", "drop", "waivers",
		"notes", NULL,
	};
	static const char *const inherited[] = { "product", "platform",
						 "source", NULL };
	struct baseline *b = c->b;
	struct fwd_error perr = { 0 };
	const char *def = NULL;
	int rc;

	for (const char *const *k = inherited; *k; k++)
		if (json_object_get(root, *k))
			return bl_fail(c, *k, "'%s' comes from the extended "
				       "baseline: an overlay cannot set it",
				       *k);
	if ((rc = bl_check_keys(c, root, "", keys)) ||
	    (rc = bl_get_name(c, root, "", "name", true, &b->name)) ||
	    (rc = bl_get_str(c, root, "", "extends", true, &b->extends)) ||
	    (rc = bl_get_name(c, root, "", "default_role", false, &def)))
		return rc;
	if (!*b->extends)
		return bl_fail(c, "extends", "'extends' must name a baseline "
			       "or a file");
	if (c->depth >= MAX_OVERLAY_DEPTH)
		return bl_fail(c, "extends", "overlays nest more than %d deep "
			       "(does one extend itself?)", MAX_OVERLAY_DEPTH);
	rc = bl_load_parent(&b->parent, b->extends, c->source, c->search_path,
			    c->depth + 1, &perr);
	if (rc == FWD_ENOTFOUND)
		return bl_fail(c, "extends", "%s", perr.text);
	if (rc) {
		if (c->err && !c->err->code)
			*c->err = perr;
		return rc;
	}
	b->product = b->parent->product;
	b->platform = b->parent->platform;
	b->source_title = b->parent->source_title;
	b->source_version = b->parent->source_version;
	b->source_seed = b->parent->source_seed;
	b->default_role = def ? def : b->parent->default_role;
	return load_drops(c, root);
}

static bool dropped(const struct baseline *b, const char *id)
{
	for (unsigned k = 0; k < b->n_drops; k++)
		if (!strcmp(b->drops[k].id, id))
			return true;
	return false;
}

int bl_overlay_inherit_reqs(struct bl_ctx *c, json_t *root)
{
	struct baseline *b = c->b;
	const struct baseline *p = b->parent;
	unsigned i;
	int rc;

	(void)root;
	b->reqs = calloc(p->n_reqs + 1, sizeof(*b->reqs));
	if (!b->reqs)
		return FWD_ENOMEM;
	for (i = 0; i < p->n_reqs; i++) {
		const struct bl_req *from = &p->reqs[i];
		struct bl_req *r;

		if (dropped(b, from->id))
			continue;
		r = &b->reqs[b->n_reqs++];
		*r = *from;
		r->ports = (struct portset)PORTSET_INIT;
		r->roles = malloc((from->n_roles + 1) * sizeof(*r->roles));
		r->origin = from->origin ? strdup(from->origin) : NULL;
		if (!r->roles || (from->origin && !r->origin))
			return FWD_ENOMEM;
		memcpy(r->roles, from->roles, from->n_roles * sizeof(*r->roles));
		/* Again, with this overlay's named ranges. */
		if ((rc = bl_parse_ports(c, "extends", r->ports_spec, &r->ports,
					 true)))
			return rc;
	}
	return 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" into YYYYMMDD; -1 when it is not a real date. */
static int parse_date(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1970 || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1] + (m == 2 && leap(y)))
		return -1;
	return y * 10000 + m * 100 + d;
}

static int load_extra_target(struct bl_ctx *c, json_t *o, const char *path,
			     struct bl_waiver *w)
{
	static const char *const keys[] = { "direction", "protocol", "ports",
					    "family", "rule", NULL };
	static const char *const dirs[] = { "in", "out", "both", NULL };
	static const char *const protos[] = { "tcp", "udp", "any", NULL };
	static const char *const fams[] = { "ipv4", "ipv6", NULL };
	char sub[128];
	int rc, dir, proto, fam = -1;

	if (!json_is_object(o))
		return bl_fail(c, path, "'extra' must be an object with "
			       "direction, protocol and ports");
	if ((rc = bl_check_keys(c, o, path, keys)) ||
	    (rc = bl_load_enum(c, o, path, "direction", dirs, true, 0, &dir)) ||
	    (rc = bl_load_enum(c, o, path, "protocol", protos, true, 0,
			       &proto)) ||
	    (rc = bl_get_str(c, o, path, "ports", true, &w->ports_spec)) ||
	    (json_object_get(o, "family") &&
	     (rc = bl_load_enum(c, o, path, "family", fams, false, -1, &fam))) ||
	    (rc = bl_get_str(c, o, path, "rule", false, &w->rule)))
		return rc;
	snprintf(sub, sizeof(sub), "%s.ports", path);
	if ((rc = bl_parse_ports(c, sub, w->ports_spec, &w->ports, true)))
		return rc;
	if (w->rule && !*w->rule) {
		snprintf(sub, sizeof(sub), "%s.rule", path);
		return bl_fail(c, sub, "'rule' must be a rule comment or "
			       "fingerprint (fp-...), not empty");
	}
	w->dirs = dir == 2 ? 3u : 1u << dir;
	w->protos = proto == 2 ? 3u : 1u << proto;
	w->family = fam;
	snprintf(w->target, sizeof(w->target), "extra %s %s%s%s %s%s%s",
		 dirs[dir], protos[proto], fam >= 0 ? " " : "",
		 fam >= 0 ? fams[fam] : "", w->ports_spec,
		 w->rule ? " rule " : "", w->rule ? w->rule : "");
	return 0;
}

/* A requirement waiver names a requirement id, or one expanded item. */
static bool names_req(const struct baseline *b, const char *name)
{
	size_t len = strcspn(name, "/");

	for (unsigned k = 0; k < b->n_reqs; k++)
		if (strlen(b->reqs[k].id) == len &&
		    !strncmp(b->reqs[k].id, name, len))
			return true;
	return false;
}

static int load_waiver(struct bl_ctx *c, json_t *o, const char *path,
		       struct bl_waiver *w)
{
	static const char *const keys[] = { "requirement", "extra", "reason",
					    "expires", NULL };
	json_t *extra = json_object_get(o, "extra");
	char sub[96];
	int rc;

	if (!json_is_object(o))
		return bl_fail(c, path, "expected a waiver object with "
			       "requirement or extra, reason and expires");
	w->family = -1;
	if ((rc = bl_check_keys(c, o, path, keys)) ||
	    (rc = bl_get_str(c, o, path, "requirement", false,
			     &w->requirement)) ||
	    (rc = bl_get_str(c, o, path, "reason", true, &w->reason)) ||
	    (rc = bl_get_str(c, o, path, "expires", true, &w->expires_text)))
		return rc;
	if (!w->requirement == !extra)
		return bl_fail(c, path, "a waiver names exactly one of "
			       "'requirement' and 'extra'");
	snprintf(sub, sizeof(sub), "%s.reason", path);
	if (!*w->reason)
		return bl_fail(c, sub, "'reason' must say why (not empty)");
	snprintf(sub, sizeof(sub), "%s.expires", path);
	if ((w->expires = parse_date(w->expires_text)) < 0)
		return bl_fail(c, sub, "bad date '%s' (expected YYYY-MM-DD, "
			       "the last day the waiver holds)",
			       w->expires_text);
	if (extra) {
		snprintf(sub, sizeof(sub), "%s.extra", path);
		return load_extra_target(c, extra, sub, w);
	}
	snprintf(sub, sizeof(sub), "%s.requirement", path);
	if (!names_req(c->b, w->requirement))
		return bl_fail(c, sub, "waiver names an unknown requirement "
			       "'%s'%s", w->requirement,
			       c->b->parent ? " (dropped, or not in the "
					      "extended baseline?)" : "");
	snprintf(w->target, sizeof(w->target), "requirement %s",
		 w->requirement);
	return 0;
}

int bl_load_waivers(struct bl_ctx *c, json_t *root)
{
	struct baseline *b = c->b;
	const struct baseline *p = b->parent;
	json_t *arr, *it;
	size_t i;
	int rc;

	arr = bl_get_array(c, root, "", "waivers", false, &rc);
	if (rc)
		return rc;
	b->waivers = calloc((p ? p->n_waivers : 0) +
			    (arr ? json_array_size(arr) : 0) + 1,
			    sizeof(*b->waivers));
	if (!b->waivers)
		return FWD_ENOMEM;
	for (i = 0; p && i < p->n_waivers; i++) {
		const struct bl_waiver *from = &p->waivers[i];
		struct bl_waiver *w = &b->waivers[b->n_waivers];

		/* A waiver of a requirement this overlay dropped goes too. */
		if (from->requirement && !names_req(b, from->requirement))
			continue;
		b->n_waivers++;
		*w = *from;
		w->ports = (struct portset)PORTSET_INIT;
		w->origin = strdup(from->origin);
		if (!w->origin || portset_copy(&w->ports, &from->ports))
			return FWD_ENOMEM;
	}
	json_array_foreach(arr, i, it) {
		struct bl_waiver *w = &b->waivers[b->n_waivers++];
		char path[64];

		snprintf(path, sizeof(path), "waivers[%zu]", i);
		if ((rc = load_waiver(c, it, path, w)))
			return rc;
		if (!(w->origin = bl_origin(c, path)))
			return FWD_ENOMEM;
	}
	return 0;
}
