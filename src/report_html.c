/*
 * report_html.c — the report as one self-contained HTML page for an
 * auditor: summary, a table per selected role with every requirement's
 * status and the rules that decided it, the extras, the waivers, and the
 * port map (report_html_map.c). Styles and the one small script are
 * inline and a Content-Security-Policy forbids any fetch, so the page
 * reads the same offline, attached to a ticket, years later.
 * The numbers carry data-* attributes so that a test can compare them
 * with the JSON report's.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "fingerprint.h"
#include "report.h"
#include "report_html.h"
#include "ruleset.h"

void html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc('?', f);
			else
				fputc(*s, f);
		}
	}
}

static const char css[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1100px;"
"color:#222;padding:0 1em}\n"
"h1{font-size:1.5em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:"
"1px solid #ccc}\n"
".status{display:inline-block;padding:.2em .8em;border-radius:4px;"
"font-weight:bold;color:#fff}\n"
".OK{background:#2e7d32}.WARNING{background:#e08e00}.CRITICAL{background:"
"#c62828}.UNKNOWN{background:#666}\n"
"dl.summary{display:flex;gap:1.5em;margin:1em 0}dl.summary div{text-align:"
"center}dl.summary dt{font-size:.85em;color:#555}dl.summary dd{margin:0;"
"font-size:1.8em;font-weight:bold}\n"
"table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;"
"padding:.3em .5em;vertical-align:top;text-align:left}th{background:#f3f3f3}\n"
"tr.st-missing td.st,tr.st-conflicting td.st{color:#c62828;font-weight:bold}"
"tr.sev-WARNING td.st{color:#b36b00}tr.st-compliant td.st{color:#2e7d32}"
"tr.waived td.st{color:#555;font-style:italic}\n"
"body.hide-ok tr.st-compliant{display:none}\n"
"ul.ev{margin:.2em 0;padding-left:1.1em}code{font-size:.9em;background:"
"#f6f6f6;padding:0 .2em;word-break:break-all}\n"
".meta{color:#555}.small{font-size:.85em;color:#555}\n"
"figure.map{margin:.6em 0}figure.map figcaption{font-weight:bold}\n"
"svg text.axis{font-size:12px;text-anchor:end}svg text.tick{font-size:10px;"
"fill:#555}svg rect.req{fill:#1a237e}\n"
".sw{display:inline-block;width:1em;height:.8em;vertical-align:middle}"
".sw.open{background:#2e7d32}.sw.restricted{background:#f9a825}"
".sw.closed{background:#e3e3e3}.sw.req{background:#1a237e;height:.3em}\n";

/* Toggles the compliant rows; nothing else depends on it. */
static const char script[] =
"(function(){var c=document.getElementById('show-ok');"
"function f(){document.body.classList.toggle('hide-ok',!c.checked);}"
"c.addEventListener('change',f);f();document.body.dataset.ready='1';})();\n";

static void ev_item(FILE *f, const struct finding_ev *ev)
{
	char chain[256], fp[FINGERPRINT_LEN];

	fprintf(f, "<li><span class=\"small\">%s:</span> ",
		ev_role_name(ev->role));
	if (ev->rule) {
		fingerprint_rule(ev->rule, fp);
		fputs("<code>", f);
		html_esc(f, ev->rule->text);
		fputs("</code> <span class=\"small\">(", f);
		html_esc(f, ev->rule->where);
		if (ev->rule->chain) {
			fputs("; ", f);
			html_esc(f, chain_label(ev->rule->chain, chain,
						sizeof(chain)));
		}
		fprintf(f, "; %s", fp);
		if (ev->rule->inactive) {
			fputs("; inactive: ", f);
			html_esc(f, ev->rule->inactive);
		}
		fputs(")</span>", f);
	} else {
		fprintf(f, "policy %s of ", fwd_verdict_name(ev->policy->policy));
		html_esc(f, chain_label(ev->policy, chain, sizeof(chain)));
		if (ev->policy->where) {
			fputs(" <span class=\"small\">(", f);
			html_esc(f, ev->policy->where);
			fputs(")</span>", f);
		}
	}
	fputs("</li>", f);
}

static void finding_row(FILE *f, const struct finding *fd)
{
	const struct bl_req *req = fd->item->req;
	char *ports = portset_format(&req->ports);
	unsigned k;

	fprintf(f, "<tr class=\"st-%s sev-%s%s\" data-id=\"",
		status_name(fd->status), severity_status(fd->severity),
		fd->waiver ? " waived" : "");
	html_esc(f, fd->item->id);
	fputs("\" data-view=\"", f);
	html_esc(f, fd->view->name);
	fprintf(f, "\" data-status=\"%s\"%s>", status_name(fd->status),
		fd->waiver ? " data-waived=\"1\"" : "");
	fputs("<td><code>", f);
	html_esc(f, fd->item->id);
	fputs("</code><br><span class=\"small\">", f);
	html_esc(f, fd->view->name);
	fprintf(f, "</span></td><td>%s %s<br><code>", dir_name(fd->item->dir),
		proto_name(fd->item->proto));
	html_esc(f, ports ? ports : "");
	fprintf(f, "</code><br><span class=\"small\">expect %s</span></td>",
		expect_name(req->expect));
	fprintf(f, "<td class=\"st\">%s%s%s%s</td><td>", status_name(fd->status),
		fd->status == ST_CONFLICTING ? " (" : "",
		fd->status == ST_CONFLICTING ? conflict_name(fd->conflict) : "",
		fd->status == ST_CONFLICTING ? ")" : "");
	html_esc(f, fd->message);
	if (fd->waiver) {
		fputs("<br><b>waived</b> until ", f);
		html_esc(f, fd->waiver->expires_text);
		fputs(": ", f);
		html_esc(f, fd->waiver->reason);
	} else if (fd->expired_waiver) {
		fputs("<br><b>waiver expired</b> ", f);
		html_esc(f, fd->expired_waiver->expires_text);
	}
	if (fd->example.set) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (m) {
			example_text(m, &fd->example, fd->item->dir);
			fclose(m);
			fputs("<br><span class=\"small\">example: ", f);
			html_esc(f, buf);
			fputs("</span>", f);
		}
		free(buf);
	}
	fputs("<ul class=\"ev\">", f);
	for (k = 0; k < fd->n_ev; k++)
		ev_item(f, &fd->ev[k]);
	fputs("</ul></td><td>", f);
	html_esc(f, req->purpose);
	fputs("<br><span class=\"small\">peer: ", f);
	html_esc(f, req->peer);
	fputs("; ", f);
	html_esc(f, req->section);
	fputs("</span></td></tr>\n", f);
	free(ports);
}

static bool has_role(const struct bl_req *req, const char *role)
{
	for (unsigned k = 0; k < req->n_roles; k++)
		if (!strcmp(req->roles[k], role))
			return true;
	return false;
}

static void role_table(FILE *f, const struct report *r, const char *role)
{
	unsigned i, n = 0;

	for (i = 0; i < r->n_findings; i++)
		n += has_role(r->findings[i].item->req, role);
	fputs("<section class=\"role\" data-role=\"", f);
	html_esc(f, role);
	fputs("\">\n<h2>Role <code>", f);
	html_esc(f, role);
	fprintf(f, "</code> <span class=\"small\">(%u checked)</span></h2>\n", n);
	fputs("<table class=\"requirements\"><thead><tr><th>requirement</th>"
	      "<th>ports</th><th>status</th><th>finding and evidence</th>"
	      "<th>needed for</th></tr></thead><tbody>\n", f);
	for (i = 0; i < r->n_findings; i++)
		if (has_role(r->findings[i].item->req, role))
			finding_row(f, &r->findings[i]);
	fputs("</tbody></table>\n</section>\n", f);
}

static void extras_table(FILE *f, const struct report *r)
{
	unsigned i, k;

	fprintf(f, "<section id=\"extras\">\n<h2>Extra: open but not required "
		"(%u)</h2>\n", r->n_extras);
	if (!r->n_extras) {
		fputs("<p>None.</p>\n</section>\n", f);
		return;
	}
	fputs("<table><thead><tr><th>view</th><th>family</th><th>direction"
	      "</th><th>protocol</th><th>ports</th><th>label</th><th>rules"
	      "</th></tr></thead><tbody>\n", f);
	for (i = 0; i < r->n_extras; i++) {
		const struct extra *e = &r->extras[i];
		char *ports = portset_format(&e->ports);
		const char *proto = e->proto ? proto_name(e->proto) : "any";

		fputs("<tr class=\"extra\" data-ports=\"", f);
		html_esc(f, ports ? ports : "");
		fprintf(f, "\" data-family=\"%s\" data-direction=\"%s\" "
			"data-protocol=\"%s\"><td>", fwd_family_name(e->family),
			dir_name(e->dir), proto);
		html_esc(f, e->view->name);
		fprintf(f, "</td><td>%s</td><td>%s</td><td>%s</td><td><code>",
			fwd_family_name(e->family), dir_name(e->dir), proto);
		html_esc(f, e->default_accept ? "all (inbound accepts everything)"
					      : ports ? ports : "");
		fprintf(f, "</code></td><td>%s</td><td><ul class=\"ev\">",
			label_name(e->label));
		for (k = 0; k < e->n_ev; k++)
			ev_item(f, &e->ev[k]);
		fputs("</ul></td></tr>\n", f);
		free(ports);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

static void waivers_table(FILE *f, const struct report *r)
{
	unsigned i;

	if (!r->n_waivers)
		return;
	fputs("<section id=\"waivers\">\n<h2>Waivers</h2>\n<table><thead><tr>"
	      "<th>waiver</th><th>status</th><th>expires</th><th>reason</th>"
	      "<th>from</th></tr></thead><tbody>\n", f);
	for (i = 0; i < r->n_waivers; i++) {
		const struct waiver_use *wu = &r->waivers[i];
		const char *st = wu->expired ? "expired"
				 : wu->hits ? "active" : "unused";

		fprintf(f, "<tr class=\"waiver %s%s\" data-status=\"%s\"><td>",
			st, wu->expired ? " sev-WARNING" : "", st);
		html_esc(f, wu->w->target);
		fprintf(f, "</td><td class=\"st\">%s%s</td><td>", st,
			wu->expired ? " (WARNING)" : "");
		html_esc(f, wu->w->expires_text);
		fputs("</td><td>", f);
		html_esc(f, wu->w->reason);
		fputs("</td><td class=\"small\">", f);
		html_esc(f, wu->w->origin);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

static void count(FILE *f, const char *name, unsigned n)
{
	fprintf(f, "<div><dt>%s</dt><dd id=\"count-%s\" data-count=\"%u\">%u"
		"</dd></div>", name, name, n, n);
}

static void summary(FILE *f, const struct report *r, unsigned verbose)
{
	const struct baseline *b;
	unsigned i;

	fputs("<header>\n<h1>fwdrift audit: ", f);
	html_esc(f, r->baseline->product);
	fprintf(f, "</h1>\n<p><span class=\"status %s\" id=\"status\" "
		"data-status=\"%s\">%s</span></p>\n",
		severity_status(r->worst), severity_status(r->worst),
		severity_status(r->worst));
	fputs("<dl class=\"summary\">", f);
	count(f, "compliant", r->compliant);
	count(f, "missing", r->missing);
	count(f, "conflicting", r->conflicting);
	count(f, "extra", r->n_extras);
	if (r->n_waivers) {
		count(f, "waived", r->waived);
		count(f, "expired_waivers", r->expired_waivers);
	}
	fputs("</dl>\n<p class=\"meta\">baseline <code>", f);
	html_esc(f, r->baseline->name);
	fputs("</code> (", f);
	for (b = r->baseline; b; b = b->parent) {
		html_esc(f, b->path);
		fputs(b->parent ? " extends " : "", f);
	}
	fputs("), source: ", f);
	html_esc(f, r->baseline->source_title);
	fputs(" ", f);
	html_esc(f, r->baseline->source_version);
	fputs("<br>roles:", f);
	for (i = 0; i < r->sel->n_roles; i++) {
		fputs(" <code>", f);
		html_esc(f, r->sel->roles[i]);
		fputs("</code>", f);
	}
	fputs("; features:", f);
	for (i = 0; i < r->sel->n_features; i++) {
		fputs(" <code>", f);
		html_esc(f, r->sel->features[i]);
		fputs("</code>", f);
	}
	if (!r->sel->n_features)
		fputs(" none", f);
	fputs("<br>read:", f);
	for (i = 0; i < r->rs->n_sources; i++) {
		fputs(" ", f);
		html_esc(f, r->rs->sources[i]);
		fputs(i + 1 < r->rs->n_sources ? ";" : "", f);
	}
	fprintf(f, " (%.3f s)</p>\n<p><label><input type=\"checkbox\" "
		"id=\"show-ok\"%s> show compliant requirements</label></p>\n"
		"</header>\n", r->read_seconds, verbose ? " checked" : "");
}

int report_render_html(FILE *f, const struct report *r, unsigned verbose)
{
	unsigned i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	      "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
	      "img-src data:\">\n<meta name=\"viewport\" content=\"width="
	      "device-width\">\n<title>fwdrift ", f);
	html_esc(f, r->baseline->name);
	fprintf(f, ": %s</title>\n<style>\n%s</style>\n</head>\n<body%s>\n",
		severity_status(r->worst), css, verbose ? "" : " class=\"hide-ok\"");
	summary(f, r, verbose);
	html_port_maps(f, r);
	for (i = 0; i < r->sel->n_roles; i++)
		role_table(f, r, r->sel->roles[i]);
	extras_table(f, r);
	waivers_table(f, r);
	if (r->rs->n_notes) {
		fputs("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n", f);
		for (i = 0; i < r->rs->n_notes; i++) {
			fputs("<li>", f);
			html_esc(f, r->rs->notes[i].text);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n</section>\n", f);
	}
	fprintf(f, "<script>\n%s</script>\n</body>\n</html>\n", script);
	return 0;
}
