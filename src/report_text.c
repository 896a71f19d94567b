/*
 * report_text.c — the report for a person at a terminal: a summary line,
 * then every requirement that is not compliant with its evidence and an
 * example packet, then the extras. Colour only on a terminal.
 */
#include <stdlib.h>

#include "evidence.h"
#include "report.h"
#include "ruleset.h"

void example_text(FILE *f, const struct example_packet *ex, enum fwd_dir dir)
{
	fprintf(f, "%s %s %u", fwd_family_name(ex->family),
		proto_name(ex->proto), ex->port);
	if (ex->src[0])
		fprintf(f, " %s %s", dir == DIR_IN ? "from" : "to", ex->src);
	fprintf(f, " (%s)", dir == DIR_IN ? "inbound" : "outbound");
}

static void ev_text(FILE *f, const struct finding_ev *ev)
{
	fprintf(f, "      %s: ", ev_role_name(ev->role));
	if (ev->rule) {
		evidence_rule_text(f, ev->rule);
		if (ev->rule->inactive)
			fprintf(f, " [inactive: %s]", ev->rule->inactive);
	} else {
		evidence_policy_text(f, ev->policy);
	}
	fputc('\n', f);
}

static const char *paint(bool tty, const char *code)
{
	return tty ? code : "";
}

int report_render_text(FILE *f, const struct report *r, unsigned verbose)
{
	bool tty = r->colour;
	const char *col = r->worst == SEV_CRITICAL ? "\033[31m"
			  : r->worst == SEV_WARNING ? "\033[33m" : "\033[32m";
	unsigned i, k;

	fprintf(f, "%s%s%s %s (%s): %u compliant, %u missing, %u conflicting, "
		"%u extra\n", paint(tty, col), severity_status(r->worst),
		paint(tty, "\033[0m"), r->baseline->name, r->baseline->product,
		r->compliant, r->missing, r->conflicting, r->n_extras);
	fprintf(f, "roles:");
	for (i = 0; i < r->sel->n_roles; i++)
		fprintf(f, " %s", r->sel->roles[i]);
	fprintf(f, "; features:");
	for (i = 0; i < r->sel->n_features; i++)
		fprintf(f, " %s", r->sel->features[i]);
	if (!r->sel->n_features)
		fprintf(f, " none");
	fprintf(f, "\nread:");
	for (i = 0; i < r->rs->n_sources; i++)
		fprintf(f, " %s", r->rs->sources[i]);
	fputc('\n', f);

	for (i = 0; i < r->n_findings; i++) {
		const struct finding *fd = &r->findings[i];

		if (fd->status == ST_COMPLIANT && !verbose)
			continue;
		fprintf(f, "\n  %s%s%s %s [%s] %s %s %s: %s\n",
			paint(tty, fd->severity == SEV_CRITICAL ? "\033[31m"
				   : fd->severity ? "\033[33m" : "\033[32m"),
			status_name(fd->status), paint(tty, "\033[0m"),
			fd->item->id, fd->view->name, dir_name(fd->item->dir),
			proto_name(fd->item->proto), fd->item->req->ports_spec,
			fd->message);
		fprintf(f, "      needed for: %s (peer: %s; %s)\n",
			fd->item->req->purpose, fd->item->req->peer,
			fd->item->req->section);
		for (k = 0; k < fd->n_ev; k++)
			ev_text(f, &fd->ev[k]);
		if (fd->example.set) {
			fprintf(f, "      example: ");
			example_text(f, &fd->example, fd->item->dir);
			fputc('\n', f);
		}
	}
	if (r->n_extras)
		fprintf(f, "\nextra (open but not required):\n");
	for (i = 0; i < r->n_extras; i++) {
		const struct extra *e = &r->extras[i];
		char *ports = portset_format(&e->ports);

		if (e->default_accept)
			fprintf(f, "  [%s] %s %s: inbound accepts everything\n",
				e->view->name, fwd_family_name(e->family),
				dir_name(e->dir));
		else
			fprintf(f, "  [%s] %s %s %s %s (%s)\n", e->view->name,
				fwd_family_name(e->family), dir_name(e->dir),
				proto_name(e->proto), ports ? ports : "",
				label_name(e->label));
		free(ports);
		for (k = 0; k < e->n_ev; k++)
			ev_text(f, &e->ev[k]);
	}
	for (i = 0; i < r->rs->n_notes; i++)
		if (verbose || r->rs->notes[i].level == FWD_NOTE_WARNING)
			fprintf(f, "note: %s\n", r->rs->notes[i].text);
	return 0;
}
