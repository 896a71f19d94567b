/*
 * report_nagios.c — monitoring-plugins output: one status line with
 * perfdata (label=value;warn;crit;min;max, thresholds as given with -w
 * and -c), then long text. Verbosity follows the guidelines:
 *   (none)  the findings that are not compliant, one line each, with
 *           the rule or policy that decided; extras; expired waivers
 *   -v      also compliant and waived requirements, and reader notes
 *   -vv     every evidence rule of each finding, the sources read and
 *           the thresholds in effect
 *   -vvv    example packets and the baseline files
 */
#include <stdlib.h>

#include "evidence.h"
#include "report.h"
#include "ruleset.h"

static void perf(FILE *f, const struct report *r, enum th_label l,
		 double value, const char *fmt_value)
{
	const struct thresholds *t = r->th;

	fprintf(f, " %s=", th_label_name(l));
	fprintf(f, fmt_value, value);
	fprintf(f, ";%s;%s;0", t && t->has_warn[l] ? t->warn[l].text : "",
		t && t->has_crit[l] ? t->crit[l].text : "");
}

static void ev_line(FILE *f, const struct finding_ev *ev)
{
	fprintf(f, "    %s: ", ev_role_name(ev->role));
	if (ev->rule)
		evidence_rule_text(f, ev->rule);
	else
		evidence_policy_text(f, ev->policy);
	fputc('\n', f);
}

static void finding_line(FILE *f, const struct finding *fd, unsigned verbose)
{
	unsigned k;

	fprintf(f, "%s %s [%s]: %s", fd->waiver ? "waived" : status_name(fd->status),
		fd->item->id, fd->view->name, fd->message);
	if (verbose < 2 && fd->n_ev && fd->ev[0].rule)
		fprintf(f, " - %s (%s)", fd->ev[0].rule->text,
			fd->ev[0].rule->where);
	else if (verbose < 2 && fd->n_ev)
		fprintf(f, " - policy %s of %s",
			fwd_verdict_name(fd->ev[0].policy->policy),
			fd->ev[0].policy->name);
	if (fd->waiver)
		fprintf(f, " (waiver until %s: %s)", fd->waiver->expires_text,
			fd->waiver->reason);
	fputc('\n', f);
	if (verbose >= 2)
		for (k = 0; k < fd->n_ev; k++)
			ev_line(f, &fd->ev[k]);
	if (verbose >= 3 && fd->example.set) {
		fprintf(f, "    example: ");
		example_text(f, &fd->example, fd->item->dir);
		fputc('\n', f);
	}
}

static void thresholds_line(FILE *f, const struct thresholds *t)
{
	int i;

	fprintf(f, "thresholds:");
	for (i = 0; i < TH_LABEL_COUNT; i++) {
		if (t->has_warn[i])
			fprintf(f, " -w %s=%s", th_label_name(i), t->warn[i].text);
		if (t->has_crit[i])
			fprintf(f, " -c %s=%s", th_label_name(i), t->crit[i].text);
	}
	fputc('\n', f);
}

int report_render_nagios(FILE *f, const struct report *r, unsigned verbose)
{
	unsigned i, k;

	fprintf(f, "FWDRIFT %s - %s: %u missing, %u conflicting, %u extra",
		severity_status(r->worst), r->baseline->name, r->missing,
		r->conflicting, r->n_extras);
	if (r->waived)
		fprintf(f, ", %u waived", r->waived);
	if (r->expired_waivers)
		fprintf(f, ", %u expired waiver%s", r->expired_waivers,
			r->expired_waivers == 1 ? "" : "s");
	fprintf(f, " |");
	perf(f, r, TH_MISSING, r->missing, "%.0f");
	perf(f, r, TH_CONFLICTING, r->conflicting, "%.0f");
	perf(f, r, TH_EXTRA, r->n_extras, "%.0f");
	perf(f, r, TH_COMPLIANT, r->compliant, "%.0f");
	perf(f, r, TH_READ_TIME, r->read_seconds, "%.3fs");
	fputc('\n', f);
	for (i = 0; i < r->n_findings; i++) {
		const struct finding *fd = &r->findings[i];

		if ((fd->status == ST_COMPLIANT || fd->waiver) && !verbose)
			continue;
		finding_line(f, fd, verbose);
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
		if (verbose >= 2)
			for (k = 0; k < e->n_ev; k++)
				ev_line(f, &e->ev[k]);
	}
	for (i = 0; i < r->n_waivers; i++) {
		const struct waiver_use *w = &r->waivers[i];

		if (w->expired)
			fprintf(f, "expired waiver %s (%s): expired %s: %s\n",
				w->w->target, w->w->origin, w->w->expires_text,
				w->w->reason);
		else if (verbose && !w->hits)
			fprintf(f, "unused waiver %s (%s)\n", w->w->target,
				w->w->origin);
	}
	for (i = 0; i < r->rs->n_notes; i++)
		if (verbose || r->rs->notes[i].level == FWD_NOTE_WARNING)
			fprintf(f, "note: %s\n", r->rs->notes[i].text);
	if (verbose >= 2) {
		fprintf(f, "read:");
		for (i = 0; i < r->rs->n_sources; i++)
			fprintf(f, " %s", r->rs->sources[i]);
		fputc('\n', f);
		if (r->th)
			thresholds_line(f, r->th);
	}
	if (verbose >= 3)
		fprintf(f, "baseline: %s (%s)\n", r->baseline->name,
			r->baseline->path);
	return 0;
}
