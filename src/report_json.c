/*
 * report_json.c — the report as JSON, schema fwdrift-report/1
 * (docs/report-schema.md). Key names are an interface: scripts and
 * `fwdrift compare` read them, so they change only with the schema.
 */
#include <stdlib.h>
#include <unistd.h>

#include "evidence.h"
#include "fingerprint.h"
#include "report.h"
#include "ruleset.h"

static json_t *ev_json(const struct finding_ev *ev)
{
	json_t *o = ev->rule ? evidence_rule_json(ev->rule)
			     : evidence_policy_json(ev->policy);

	json_object_set_new(o, "role", json_string(ev_role_name(ev->role)));
	if (ev->rule) {
		char fp[FINGERPRINT_LEN];

		fingerprint_rule(ev->rule, fp);
		json_object_set_new(o, "fingerprint", json_string(fp));
	}
	return o;
}

static json_t *example_json(const struct example_packet *ex, enum fwd_dir dir)
{
	json_t *o = json_object();

	json_object_set_new(o, "family", json_string(fwd_family_name(ex->family)));
	json_object_set_new(o, "protocol", json_string(proto_name(ex->proto)));
	json_object_set_new(o, "port", json_integer(ex->port));
	json_object_set_new(o, "direction", json_string(dir_name(dir)));
	if (ex->src[0])
		json_object_set_new(o, dir == DIR_IN ? "source" : "destination",
				    json_string(ex->src));
	return o;
}

static json_t *waiver_ref(const struct bl_waiver *w)
{
	return json_pack("{s:s, s:s, s:s}", "reason", w->reason, "expires",
			 w->expires_text, "origin", w->origin ? w->origin : "");
}

static json_t *waiver_json(const struct waiver_use *wu)
{
	json_t *o = json_object();
	char *ports = NULL;

	json_object_set_new(o, "kind", json_string(wu->w->requirement
							   ? "requirement"
							   : "extra"));
	json_object_set_new(o, "target", json_string(wu->w->target));
	json_object_set_new(o, "reason", json_string(wu->w->reason));
	json_object_set_new(o, "expires", json_string(wu->w->expires_text));
	json_object_set_new(o, "origin", json_string(wu->w->origin));
	json_object_set_new(o, "status", json_string(
		wu->expired ? "expired" : wu->hits ? "active" : "unused"));
	json_object_set_new(o, "hits", json_integer(wu->hits));
	if (wu->ports.n && (ports = portset_format(&wu->ports)))
		json_object_set_new(o, "waived_ports", json_string(ports));
	free(ports);
	if (wu->expired) {
		char msg[512];

		snprintf(msg, sizeof(msg), "waiver of %s expired on %s: %s",
			 wu->w->target, wu->w->expires_text, wu->w->reason);
		json_object_set_new(o, "severity", json_string("WARNING"));
		json_object_set_new(o, "message", json_string(msg));
	}
	return o;
}

static json_t *finding_json(const struct finding *f)
{
	const struct bl_req *req = f->item->req;
	json_t *o = json_object(), *ev = json_array();
	char *ports = portset_format(&req->ports);
	unsigned i;

	json_object_set_new(o, "id", json_string(f->item->id));
	json_object_set_new(o, "view", json_string(f->view->name));
	json_object_set_new(o, "direction", json_string(dir_name(f->item->dir)));
	json_object_set_new(o, "protocol", json_string(proto_name(f->item->proto)));
	json_object_set_new(o, "ports", json_string(ports ? ports : ""));
	free(ports);
	json_object_set_new(o, "ports_spec", json_string(req->ports_spec));
	json_object_set_new(o, "expect", json_string(expect_name(req->expect)));
	json_object_set_new(o, "status", json_string(status_name(f->status)));
	if (f->status == ST_CONFLICTING)
		json_object_set_new(o, "conflict",
				    json_string(conflict_name(f->conflict)));
	json_object_set_new(o, "severity", json_string(severity_status(f->severity)));
	json_object_set_new(o, "message", json_string(f->message));
	if (f->bad_ports)
		json_object_set_new(o, "affected_ports", json_string(f->bad_ports));
	json_object_set_new(o, "peer", json_string(req->peer));
	json_object_set_new(o, "purpose", json_string(req->purpose));
	json_object_set_new(o, "section", json_string(req->section));
	if (req->feature)
		json_object_set_new(o, "feature", json_string(req->feature));
	for (i = 0; i < f->n_ev; i++)
		json_array_append_new(ev, ev_json(&f->ev[i]));
	json_object_set_new(o, "evidence", ev);
	if (f->example.set)
		json_object_set_new(o, "example", example_json(&f->example,
							       f->item->dir));
	if (f->waiver)
		json_object_set_new(o, "waived", waiver_ref(f->waiver));
	if (f->expired_waiver)
		json_object_set_new(o, "expired_waiver",
				    waiver_ref(f->expired_waiver));
	return o;
}

static json_t *extra_json(const struct extra *e)
{
	json_t *o = json_object(), *ev = json_array();
	char *ports = portset_format(&e->ports);
	unsigned i;

	json_object_set_new(o, "view", json_string(e->view->name));
	json_object_set_new(o, "family", json_string(fwd_family_name(e->family)));
	json_object_set_new(o, "direction", json_string(dir_name(e->dir)));
	json_object_set_new(o, "protocol",
			    json_string(e->proto ? proto_name(e->proto) : "any"));
	json_object_set_new(o, "ports", json_string(ports ? ports : ""));
	free(ports);
	json_object_set_new(o, "label", json_string(label_name(e->label)));
	json_object_set_new(o, "kind", json_string(e->default_accept
							   ? "default-accept"
							   : "ports"));
	if (e->default_accept)
		json_object_set_new(o, "message",
				    json_string("inbound accepts everything"));
	for (i = 0; i < e->n_ev; i++)
		json_array_append_new(ev, ev_json(&e->ev[i]));
	json_object_set_new(o, "evidence", ev);
	return o;
}

static json_t *strings(const char *const *v, unsigned n)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *report_to_json(const struct report *r)
{
	const struct fwd_ruleset *rs = r->rs;
	json_t *o = json_object(), *sum = json_object(), *reqs = json_array();
	json_t *extras = json_array(), *notes = json_array(), *bl, *files;
	json_t *waivers = json_array();
	const struct baseline *b;
	char host[256] = "";
	unsigned i;

	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';

	json_object_set_new(o, "schema", json_string("fwdrift-report/1"));
	bl = json_object();
	json_object_set_new(bl, "name", json_string(r->baseline->name));
	json_object_set_new(bl, "product", json_string(r->baseline->product));
	json_object_set_new(bl, "roles", strings(r->sel->roles, r->sel->n_roles));
	json_object_set_new(bl, "features",
			    strings(r->sel->features, r->sel->n_features));
	files = json_array();
	for (b = r->baseline; b; b = b->parent)
		json_array_append_new(files, json_string(b->path));
	json_object_set_new(bl, "files", files);
	json_object_set_new(o, "baseline", bl);
	json_object_set_new(sum, "status", json_string(severity_status(r->worst)));
	json_object_set_new(sum, "compliant", json_integer(r->compliant));
	json_object_set_new(sum, "missing", json_integer(r->missing));
	json_object_set_new(sum, "conflicting", json_integer(r->conflicting));
	json_object_set_new(sum, "extra", json_integer(r->n_extras));
	if (r->n_waivers) {
		json_object_set_new(sum, "waived", json_integer(r->waived));
		json_object_set_new(sum, "expired_waivers",
				    json_integer(r->expired_waivers));
	}
	json_object_set_new(o, "summary", sum);
	json_object_set_new(o, "host", json_string(host));
	json_object_set_new(o, "sources", strings(rs->sources, rs->n_sources));
	for (i = 0; i < r->n_findings; i++)
		json_array_append_new(reqs, finding_json(&r->findings[i]));
	json_object_set_new(o, "requirements", reqs);
	for (i = 0; i < r->n_extras; i++)
		json_array_append_new(extras, extra_json(&r->extras[i]));
	json_object_set_new(o, "extra", extras);
	for (i = 0; i < r->n_waivers; i++)
		json_array_append_new(waivers, waiver_json(&r->waivers[i]));
	json_object_set_new(o, "waivers", waivers);
	for (i = 0; i < rs->n_notes; i++)
		json_array_append_new(notes, json_string(rs->notes[i].text));
	json_object_set_new(o, "notes", notes);
	return o;
}

int report_render_json(FILE *f, const struct report *r, unsigned verbose)
{
	json_t *o = report_to_json(r);
	int rc;

	(void)verbose;
	if (!o)
		return FWD_ENOMEM;
	rc = json_emit(f, o);
	json_decref(o);
	return rc;
}
