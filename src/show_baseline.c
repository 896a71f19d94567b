/*
 * show_baseline.c — `fwdrift --show-baseline NAME`: the requirements a
 * role/feature selection expands to, as text or JSON, merged through
 * any overlays, each line with the file:line:column it comes from.
 */
#include <stdlib.h>

#include "report.h"

/* Files from the overlay down to the shipped baseline, drops, ranges
 * redefined, waivers. */
static void show_overlay_text(FILE *f, const struct baseline *b)
{
	const struct baseline *p;
	unsigned i;

	if (!b->parent && !b->n_waivers)
		return;
	fprintf(f, "\nfiles:");
	for (p = b; p; p = p->parent)
		fprintf(f, " %s%s", p->path, p->parent ? " extends" : "");
	fputc('\n', f);
	for (p = b; p; p = p->parent)
		for (i = 0; i < p->n_drops; i++)
			fprintf(f, "dropped %s (%s)\n", p->drops[i].id,
				p->drops[i].origin);
	for (i = 0; i < b->n_ranges; i++)
		if (b->ranges[i].replaces) {
			char *ports = portset_format(&b->ranges[i].ports);

			fprintf(f, "range %s = %s (%s, redefines %s)\n",
				b->ranges[i].name, ports ? ports : "",
				b->ranges[i].origin, b->ranges[i].replaces);
			free(ports);
		}
	for (i = 0; i < b->n_waivers; i++)
		fprintf(f, "waiver %s until %s: %s (%s)\n", b->waivers[i].target,
			b->waivers[i].expires_text, b->waivers[i].reason,
			b->waivers[i].origin);
}

static json_t *overlay_json(json_t *o, const struct baseline *b)
{
	const struct baseline *p;
	json_t *a = json_array();
	unsigned i;

	for (p = b; p; p = p->parent)
		json_array_append_new(a, json_string(p->path));
	json_object_set_new(o, "files", a);
	a = json_array();
	for (p = b; p; p = p->parent)
		for (i = 0; i < p->n_drops; i++)
			json_array_append_new(a, json_pack(
				"{s:s, s:s}", "id", p->drops[i].id, "origin",
				p->drops[i].origin));
	json_object_set_new(o, "dropped", a);
	a = json_array();
	for (i = 0; i < b->n_ranges; i++) {
		char *ports = portset_format(&b->ranges[i].ports);
		json_t *r = json_pack("{s:s, s:s, s:s}", "name",
				      b->ranges[i].name, "ports",
				      ports ? ports : "", "origin",
				      b->ranges[i].origin ? b->ranges[i].origin
							  : "");

		if (b->ranges[i].replaces)
			json_object_set_new(r, "redefines",
					    json_string(b->ranges[i].replaces));
		json_array_append_new(a, r);
		free(ports);
	}
	json_object_set_new(o, "named_ranges", a);
	a = json_array();
	for (i = 0; i < b->n_waivers; i++)
		json_array_append_new(a, json_pack(
			"{s:s, s:s, s:s, s:s, s:s}", "kind",
			b->waivers[i].requirement ? "requirement" : "extra",
			"target", b->waivers[i].target, "reason",
			b->waivers[i].reason, "expires",
			b->waivers[i].expires_text, "origin",
			b->waivers[i].origin));
	json_object_set_new(o, "waivers", a);
	return o;
}

int show_baseline_text(FILE *f, const struct baseline *b,
		       const struct selection *sel)
{
	unsigned i;

	fprintf(f, "%s: %s %s (%s), from \"%s\"%s%s\n", b->name, b->product,
		b->source_version ? b->source_version : "", b->platform,
		b->source_title, b->source_seed ? ", " : "",
		b->source_seed ? b->source_seed : "");
	fprintf(f, "roles:");
	for (i = 0; i < sel->n_roles; i++)
		fprintf(f, " %s", sel->roles[i]);
	fprintf(f, "\nfeatures:");
	for (i = 0; i < sel->n_features; i++)
		fprintf(f, " %s", sel->features[i]);
	fprintf(f, "%s\n\n", sel->n_features ? "" : " none");
	for (i = 0; i < sel->n_items; i++) {
		const struct req_item *it = &sel->items[i];
		char *ports = portset_format(&it->req->ports);

		fprintf(f, "%-40s %-3s %s %-22s %s%s%s\n", it->id,
			dir_name(it->dir), proto_name(it->proto),
			ports ? ports : "", expect_name(it->req->expect),
			it->req->feature ? " feature=" : "",
			it->req->feature ? it->req->feature : "");
		fprintf(f, "    %s — peer: %s [%s]\n", it->req->purpose,
			it->req->peer, it->req->section);
		if (it->req->origin)
			fprintf(f, "    from %s\n", it->req->origin);
		free(ports);
	}
	show_overlay_text(f, b);
	for (i = 0; i < b->n_notes; i++)
		fprintf(f, "note: %s\n", b->notes[i]);
	return 0;
}

int show_baseline_json(FILE *f, const struct baseline *b,
		       const struct selection *sel)
{
	json_t *o = json_object(), *reqs = json_array(), *a;
	unsigned i;
	int rc;

	json_object_set_new(o, "schema", json_string("fwdrift-selection/1"));
	json_object_set_new(o, "baseline", json_string(b->name));
	json_object_set_new(o, "product", json_string(b->product));
	a = json_array();
	for (i = 0; i < sel->n_roles; i++)
		json_array_append_new(a, json_string(sel->roles[i]));
	json_object_set_new(o, "roles", a);
	a = json_array();
	for (i = 0; i < sel->n_features; i++)
		json_array_append_new(a, json_string(sel->features[i]));
	json_object_set_new(o, "features", a);
	for (i = 0; i < sel->n_items; i++) {
		const struct req_item *it = &sel->items[i];
		json_t *r = json_object(), *roles = json_array();
		char *ports = portset_format(&it->req->ports);

		json_object_set_new(r, "id", json_string(it->id));
		json_object_set_new(r, "requirement", json_string(it->req->id));
		json_object_set_new(r, "direction", json_string(dir_name(it->dir)));
		json_object_set_new(r, "protocol", json_string(proto_name(it->proto)));
		json_object_set_new(r, "ports", json_string(ports ? ports : ""));
		free(ports);
		json_object_set_new(r, "ports_spec", json_string(it->req->ports_spec));
		json_object_set_new(r, "expect", json_string(expect_name(it->req->expect)));
		for (unsigned k = 0; k < it->req->n_roles; k++)
			json_array_append_new(roles, json_string(it->req->roles[k]));
		json_object_set_new(r, "roles", roles);
		json_object_set_new(r, "role", json_string(it->req->roles[0]));
		if (it->req->feature)
			json_object_set_new(r, "feature", json_string(it->req->feature));
		if (it->req->unless_feature)
			json_object_set_new(r, "unless_feature",
					    json_string(it->req->unless_feature));
		json_object_set_new(r, "peer", json_string(it->req->peer));
		json_object_set_new(r, "purpose", json_string(it->req->purpose));
		json_object_set_new(r, "section", json_string(it->req->section));
		if (it->req->origin)
			json_object_set_new(r, "origin",
					    json_string(it->req->origin));
		json_array_append_new(reqs, r);
	}
	json_object_set_new(o, "requirements", reqs);
	overlay_json(o, b);
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(o);
	return rc ? FWD_ENOMEM : 0;
}
