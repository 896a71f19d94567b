/*
 * report_html_map.c — the port map of the HTML report: one inline SVG
 * per view, family and direction, a bar per protocol over ports 0-65535
 * coloured open / restricted / closed, with the required ports ticked
 * below. The scale gives the well-known ports (0-1023), the registered
 * ones (1024-49151) and the dynamic ones (49152-65535) a third each, so
 * that port 22 is as visible as a range of thousands. Never fetches
 * anything: everything is drawn here.
 */
#include <stdlib.h>

#include "report.h"
#include "report_html.h"

#define MAP_X0 70.0
#define MAP_W 720.0
#define ROW_H 22.0

/* Position of a port on the piecewise scale, in pixels from MAP_X0. */
static double px(double port)
{
	const double third = MAP_W / 3;

	if (port < 1024)
		return port / 1024 * third;
	if (port < 49152)
		return third + (port - 1024) / (49152 - 1024) * third;
	return 2 * third + (port - 49152) / (65536 - 49152) * third;
}

static const char *label_colour(int label)
{
	return label == LABEL_OPEN ? "#2e7d32"
	       : label == LABEL_RESTRICTED ? "#f9a825" : "#e3e3e3";
}

static void seg_title(FILE *f, const struct exposure_map *m,
		      const struct exposure_seg *s)
{
	const struct fwd_rule *by = s->ev.decided_by;

	fprintf(f, "<title>%s %u", proto_name(m->proto), s->lo);
	if (s->hi != s->lo)
		fprintf(f, "-%u", s->hi);
	fprintf(f, ": %s", label_name((enum fwd_label)s->label));
	if (by) {
		fputs(" — ", f);
		html_esc(f, by->text);
	} else if (s->ev.policy_of) {
		fprintf(f, " — policy %s of ",
			fwd_verdict_name(s->ev.policy_of->policy));
		html_esc(f, s->ev.policy_of->name);
	}
	fputs("</title>", f);
}

static void bar(FILE *f, const struct exposure_map *m, double y)
{
	uint32_t i;

	fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\">%s</text>\n",
		MAP_X0 - 8, y + ROW_H * 0.7, proto_name(m->proto));
	for (i = 0; i < m->n_segs; i++) {
		const struct exposure_seg *s = &m->segs[i];
		double x0 = px(s->lo), x1 = px((double)s->hi + 1);

		if (x1 - x0 < 3 && s->label != LABEL_CLOSED)
			x1 = x0 + 3; /* a single open port stays visible */
		fprintf(f, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
			"height=\"%.0f\" fill=\"%s\" data-label=\"%s\" "
			"data-ports=\"%u-%u\">", MAP_X0 + x0, y, x1 - x0,
			ROW_H - 6, label_colour(s->label),
			label_name((enum fwd_label)s->label), s->lo, s->hi);
		seg_title(f, m, s);
		fputs("</rect>\n", f);
	}
}

/* Required ports of this direction and protocol, as ticks under a bar. */
static void ticks(FILE *f, const struct report *r, enum fwd_dir dir,
		  uint8_t proto, double y)
{
	unsigned i, k;

	for (i = 0; r->sel && i < r->sel->n_items; i++) {
		const struct req_item *it = &r->sel->items[i];

		if (it->dir != dir || it->proto != proto ||
		    it->req->expect == EXPECT_CLOSED)
			continue;
		for (k = 0; k < it->req->ports.n; k++) {
			const struct fwd_port_range *pr = &it->req->ports.r[k];
			double x0 = px(pr->lo), x1 = px((double)pr->hi + 1);

			if (x1 - x0 < 1.5)
				x1 = x0 + 1.5;
			fprintf(f, "<rect class=\"req\" x=\"%.2f\" y=\"%.1f\" "
				"width=\"%.2f\" height=\"3\"><title>required: "
				"%s</title></rect>\n", MAP_X0 + x0, y,
				x1 - x0, it->id);
		}
	}
}

static void one_map(FILE *f, const struct report *r,
		    const struct exposure_map *tcp,
		    const struct exposure_map *udp)
{
	const struct exposure_map *m = tcp ? tcp : udp;
	const struct exposure_map *rows[2] = { tcp, udp };
	static const unsigned marks[] = { 0, 1024, 49152, 65535 };
	double h = 2 * ROW_H + 26;
	unsigned k;

	fprintf(f, "<figure class=\"map\" data-view=\"");
	html_esc(f, m->view->name);
	fprintf(f, "\" data-family=\"%s\" data-direction=\"%s\">\n"
		"<figcaption>[", fwd_family_name(m->family), dir_name(m->dir));
	html_esc(f, m->view->name);
	fprintf(f, "] %s %s%s</figcaption>\n", fwd_family_name(m->family),
		m->dir == DIR_IN ? "inbound" : "outbound",
		m->default_deny ? "" : " (default accept)");
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		"height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
		MAP_X0 + MAP_W + 20, h, MAP_X0 + MAP_W + 20, h);
	for (k = 0; k < 2; k++)
		if (rows[k]) {
			bar(f, rows[k], 4 + k * ROW_H);
			ticks(f, r, m->dir, rows[k]->proto,
			      4 + k * ROW_H + ROW_H - 5);
		}
	for (k = 0; k < 4; k++)
		fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" class=\"tick\">%u"
			"</text>\n", MAP_X0 + px(marks[k]) - (k == 3 ? 20 : 0),
			h - 4, marks[k]);
	fputs("</svg>\n</figure>\n", f);
}

void html_port_maps(FILE *f, const struct report *r)
{
	const struct exposure *x = r->x;
	uint32_t i, j;

	fputs("<section id=\"map\">\n<h2>Port map</h2>\n<p class=\"legend\">"
	      "<span class=\"sw open\"></span> open "
	      "<span class=\"sw restricted\"></span> restricted (some "
	      "sources, an interface or an unresolved match) "
	      "<span class=\"sw closed\"></span> closed "
	      "<span class=\"sw req\"></span> required by the baseline. "
	      "Scale: 0-1023, 1024-49151 and 49152-65535 a third each."
	      "</p>\n", f);
	for (i = 0; x && i < x->n_maps; i++) {
		const struct exposure_map *m = &x->maps[i], *other = NULL;
		bool seen = false;

		/* One figure per (view, family, direction): the first map
		 * of the three draws it with its sibling protocol. */
		for (j = 0; j < i; j++)
			seen |= x->maps[j].view == m->view &&
				x->maps[j].family == m->family &&
				x->maps[j].dir == m->dir;
		if (seen)
			continue;
		for (j = i + 1; j < x->n_maps && !other; j++)
			if (x->maps[j].view == m->view &&
			    x->maps[j].family == m->family &&
			    x->maps[j].dir == m->dir)
				other = &x->maps[j];
		if (m->proto == FWD_PROTO_TCP)
			one_map(f, r, m, other);
		else
			one_map(f, r, other, m);
	}
	fputs("</section>\n", f);
}
