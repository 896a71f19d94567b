/*
 * report_html.h — pieces of the HTML report shared by its files.
 */
#ifndef FWD_REPORT_HTML_H
#define FWD_REPORT_HTML_H

#include <stdio.h>

#include "diff.h"

/* Write s with &, <, >, " and ' escaped (NULL writes nothing). */
void html_esc(FILE *f, const char *s);

/* The <section id="map"> with one inline SVG per view/family/direction. */
void html_port_maps(FILE *f, const struct report *r);

#endif
