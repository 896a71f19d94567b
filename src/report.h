/*
 * report.h — renderers of a struct report. Each writes the whole report
 * to f; main() decides where f's bytes go.
 */
#ifndef FWD_REPORT_H
#define FWD_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "diff.h"

struct renderer {
	const char *name;
	int (*render)(FILE *f, const struct report *r, unsigned verbose);
};

int report_render_text(FILE *f, const struct report *r, unsigned verbose);
int report_render_json(FILE *f, const struct report *r, unsigned verbose);
int report_render_nagios(FILE *f, const struct report *r, unsigned verbose);
/* One self-contained page (inline CSS and SVG, no external fetch). */
int report_render_html(FILE *f, const struct report *r, unsigned verbose);

/* The report as a JSON document (new reference). */
json_t *report_to_json(const struct report *r);

/* "tcp 22 from 203.0.113.10 (ipv4)" */
void example_text(FILE *f, const struct example_packet *ex, enum fwd_dir dir);

/* --show-baseline */
int show_baseline_text(FILE *f, const struct baseline *b,
		       const struct selection *sel);
int show_baseline_json(FILE *f, const struct baseline *b,
		       const struct selection *sel);

#endif
