/*
 * compare.h — `fwdrift compare OLD.json NEW.json`: what changed between
 * two fwdrift-report/1 documents of one host (docs/report-schema.md,
 * "Compare"). The result is itself a JSON document, fwdrift-compare/1,
 * that the text and Nagios renderers only read. Nothing here prints to
 * the terminal or exits: main() decides the exit status.
 */
#ifndef FWD_COMPARE_H
#define FWD_COMPARE_H

#include <stdio.h>

#include <jansson.h>

#include <fwdrift/error.h>

/* A loaded and checked report (opaque). */
struct cmp_report;

/*
 * Read and check the report at path. On success *out is the report,
 * freed with compare_report_free(). On error returns a negative FWD_E*
 * code with err naming path, line:column where the input has them, and
 * what was expected.
 */
int compare_load(struct cmp_report **out, const char *path,
		 struct fwd_error *err);
void compare_report_free(struct cmp_report *r);

/*
 * The changes from old to new as a fwdrift-compare/1 document (*out, a
 * new reference the caller releases with json_decref). Fails with
 * FWD_EINVAL when the two reports audit different baselines, FWD_ENOMEM
 * when memory runs out.
 */
int compare_run(json_t **out, const struct cmp_report *old,
		const struct cmp_report *new, struct fwd_error *err);

/* 0 OK, 1 WARNING, 2 CRITICAL: the document's summary.status. */
int compare_status(const json_t *doc);

/* Renderers of a compare document; 0 or FWD_ENOMEM. */
int compare_render_text(FILE *f, const json_t *doc, unsigned verbose);
int compare_render_nagios(FILE *f, const json_t *doc, unsigned verbose);
int compare_render_json(FILE *f, const json_t *doc);

#endif
