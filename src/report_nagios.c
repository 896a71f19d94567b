/*
 * report_nagios.c — monitoring-plugins output: one status line with
 * perfdata, then long text (one line per finding).
 */
#include <stdlib.h>

#include "evidence.h"
#include "report.h"
#include "ruleset.h"

int report_render_nagios(FILE *f, const struct report *r, unsigned verbose)
{
	unsigned i;

	fprintf(f, "FWDRIFT %s - %s: %u missing, %u conflicting, %u extra",
		severity_status(r->worst), r->baseline->name, r->missing,
		r->conflicting, r->n_extras);
	fprintf(f, " | missing=%u;;;0 conflicting=%u;;;0 extra=%u;;;0 "
		"compliant=%u;;;0 read_time=%.3fs;;;0\n", r->missing,
		r->conflicting, r->n_extras, r->compliant, r->read_seconds);
	for (i = 0; i < r->n_findings; i++) {
		const struct finding *fd = &r->findings[i];

		if (fd->status == ST_COMPLIANT && !verbose)
			continue;
		fprintf(f, "%s %s [%s]: %s", status_name(fd->status),
			fd->item->id, fd->view->name, fd->message);
		if (fd->n_ev && fd->ev[0].rule)
			fprintf(f, " - %s (%s)", fd->ev[0].rule->text,
				fd->ev[0].rule->where);
		else if (fd->n_ev)
			fprintf(f, " - policy %s of %s",
				fwd_verdict_name(fd->ev[0].policy->policy),
				fd->ev[0].policy->name);
		fputc('\n', f);
	}
	for (i = 0; i < r->n_extras; i++) {
		const struct extra *e = &r->extras[i];
		char *ports = portset_format(&e->ports);

		if (e->default_accept)
			fprintf(f, "extra [%s] %s: inbound accepts everything\n",
				e->view->name, fwd_family_name(e->family));
		else
			fprintf(f, "extra [%s] %s %s %s %s\n", e->view->name,
				fwd_family_name(e->family), dir_name(e->dir),
				proto_name(e->proto), ports ? ports : "");
		free(ports);
	}
	for (i = 0; i < r->rs->n_notes; i++)
		if (r->rs->notes[i].level == FWD_NOTE_WARNING)
			fprintf(f, "note: %s\n", r->rs->notes[i].text);
	return 0;
}
