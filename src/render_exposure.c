/*
 * render_exposure.c — the exposure map for people (text) and programs
 * (JSON). Port lists are interval strings like "22,80,1000-2000".
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "match_class.h"
#include "render_exposure.h"
#include "ruleset.h"

json_t *segment_evidence_json(const struct exposure_map *m,
			      const struct exposure_seg *s)
{
	json_t *o = json_object();
	char cond[512];

	if (s->ev.no_rules)
		json_object_set_new(o, "no_rules", json_true());
	if (s->ev.decided_by)
		json_object_set_new(o, "decided_by",
				    evidence_rule_json(s->ev.decided_by));
	else if (s->ev.policy_of)
		json_object_set_new(o, "decided_by",
				    evidence_policy_json(s->ev.policy_of));
	if (s->ev.cond_by) {
		json_object_set_new(o, "condition_rule",
				    evidence_rule_json(s->ev.cond_by));
		match_condition(s->ev.cond_by, m->family, m->dir, cond,
				sizeof(cond));
		json_object_set_new(o, "condition", json_string(cond));
	}
	if (s->ev.shadowed)
		json_object_set_new(o, "shadowed_accept",
				    evidence_rule_json(s->ev.shadowed));
	if (s->ev.backend_conflict && s->ev.other_rule)
		json_object_set_new(o, "other_backend_accept",
				    evidence_rule_json(s->ev.other_rule));
	return o;
}

static json_t *port_string(const struct exposure_map *m, enum fwd_label l)
{
	struct portset ps = PORTSET_INIT;
	char *s;
	json_t *j;

	if (exposure_ports(m, l, &ps))
		return NULL;
	s = portset_format(&ps);
	portset_free(&ps);
	if (!s)
		return NULL;
	j = json_string(s);
	free(s);
	return j;
}

static json_t *map_json(const struct exposure_map *m)
{
	json_t *o = json_object(), *details = json_array();
	uint32_t i;

	json_object_set_new(o, "view", json_string(m->view->name));
	json_object_set_new(o, "family", json_string(fwd_family_name(m->family)));
	json_object_set_new(o, "direction", json_string(dir_name(m->dir)));
	json_object_set_new(o, "protocol", json_string(proto_name(m->proto)));
	json_object_set_new(o, "open", port_string(m, LABEL_OPEN));
	json_object_set_new(o, "restricted", port_string(m, LABEL_RESTRICTED));
	json_object_set_new(o, "default",
			    json_string(m->default_deny ? "deny" : "accept"));
	for (i = 0; i < m->n_segs; i++) {
		const struct exposure_seg *s = &m->segs[i];
		json_t *d;
		char range[16];

		if (s->label == LABEL_CLOSED && m->default_deny &&
		    !s->ev.decided_by)
			continue; /* closed by policy: the default, no news */
		if (s->hi == 0)
			continue;
		if (s->lo == s->hi || (s->lo == 0 && s->hi == 1))
			snprintf(range, sizeof(range), "%u", s->hi);
		else
			snprintf(range, sizeof(range), "%u-%u",
				 s->lo ? s->lo : 1, s->hi);
		d = segment_evidence_json(m, s);
		json_object_set_new(d, "ports", json_string(range));
		json_object_set_new(d, "label", json_string(label_name(s->label)));
		json_array_append_new(details, d);
	}
	json_object_set_new(o, "details", details);
	return o;
}

int render_exposure_json(FILE *f, const struct exposure *x)
{
	json_t *list = json_array();
	uint32_t i;
	int rc;

	if (!list)
		return FWD_ENOMEM;
	for (i = 0; i < x->n_maps; i++)
		json_array_append_new(list, map_json(&x->maps[i]));
	rc = json_emit(f, list);
	json_decref(list);
	return rc;
}

static void seg_reason(FILE *f, const struct exposure_map *m,
		       const struct exposure_seg *s)
{
	char cond[512];

	if (s->ev.no_rules) {
		fputs("no rules on this hook", f);
		return;
	}
	if (s->ev.decided_by)
		evidence_rule_text(f, s->ev.decided_by);
	else if (s->ev.policy_of)
		evidence_policy_text(f, s->ev.policy_of);
	if (s->ev.cond_by) {
		match_condition(s->ev.cond_by, m->family, m->dir, cond,
				sizeof(cond));
		fprintf(f, "; only %s", cond);
		if (s->ev.cond_by != s->ev.decided_by) {
			fputs(": ", f);
			evidence_rule_text(f, s->ev.cond_by);
		}
	}
	if (s->ev.shadowed) {
		fputs("; shadows accept ", f);
		evidence_rule_text(f, s->ev.shadowed);
	}
	if (s->ev.backend_conflict && s->ev.other_rule) {
		fputs("; accepted by another backend: ", f);
		evidence_rule_text(f, s->ev.other_rule);
	}
}

int render_exposure_text(FILE *f, const struct exposure *x,
			 const struct fwd_ruleset *rs, unsigned verbose)
{
	uint32_t i, k;

	for (i = 0; i < x->n_maps; i++) {
		const struct exposure_map *m = &x->maps[i];
		char *open, *restr;
		struct portset ps = PORTSET_INIT;

		exposure_ports(m, LABEL_OPEN, &ps);
		open = portset_format(&ps);
		exposure_ports(m, LABEL_RESTRICTED, &ps);
		restr = portset_format(&ps);
		portset_free(&ps);
		fprintf(f, "%s %s %s %s (default %s)\n", m->view->name,
			fwd_family_name(m->family), dir_name(m->dir),
			proto_name(m->proto),
			m->default_deny ? "deny" : "accept");
		fprintf(f, "  open:       %s\n", open && *open ? open : "-");
		fprintf(f, "  restricted: %s\n", restr && *restr ? restr : "-");
		free(open);
		free(restr);
		for (k = 0; k < m->n_segs; k++) {
			const struct exposure_seg *s = &m->segs[k];

			if (s->hi == 0)
				continue;
			if (!verbose && (s->label == LABEL_CLOSED) ==
						m->default_deny)
				continue;
			fprintf(f, "    %u-%u %s: ", s->lo ? s->lo : 1, s->hi,
				label_name(s->label));
			seg_reason(f, m, s);
			fputc('\n', f);
		}
	}
	for (k = 0; k < rs->n_notes; k++)
		if (verbose || rs->notes[k].level == FWD_NOTE_WARNING)
			fprintf(f, "note: %s\n", rs->notes[k].text);
	return 0;
}
