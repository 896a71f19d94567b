/*
 * show_baseline.c — `fwdrift --show-baseline NAME`: the requirements a
 * role/feature selection expands to, as text or JSON.
 */
#include <stdlib.h>

#include "report.h"

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
		free(ports);
	}
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
		json_array_append_new(reqs, r);
	}
	json_object_set_new(o, "requirements", reqs);
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(o);
	return rc ? FWD_ENOMEM : 0;
}
