/*
 * main.c — the fwdrift command: parse options, read the firewall, build
 * the exposure map, compare with the baseline, render, and decide the
 * exit status. Only this file prints errors or exits.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acquire.h"
#include "baseline.h"
#include "cli.h"
#include "compare.h"
#include "diff.h"
#include "exposure.h"
#include "fwdrift-config.h"
#include "model_dump.h"
#include "output.h"
#include "paths.h"
#include "plugins.h"
#include "render_exposure.h"
#include "report.h"
#include "ruleset.h"

enum { EXIT_OK = 0, EXIT_WARNING = 1, EXIT_CRITICAL = 2, EXIT_UNKNOWN = 3 };

static enum out_format alarm_format;
/* The UNKNOWN document a script reading JSON gets on a timeout, made
 * before the clock runs (a signal handler cannot build it), and whether
 * stdout is still untouched so that it can be the whole output. */
static char *alarm_json;
static volatile sig_atomic_t stdout_started;

static void on_alarm(int sig)
{
	static const char nagios[] = "FWDRIFT UNKNOWN - timed out\n";
	static const char plain[] = "fwdrift: timed out (see -t)\n";

	(void)sig;
	output_abandon();
	if (alarm_format == FMT_NAGIOS)
		(void)!write(STDOUT_FILENO, nagios, sizeof(nagios) - 1);
	else if (alarm_json && !stdout_started)
		(void)!write(STDOUT_FILENO, alarm_json, strlen(alarm_json));
	(void)!write(STDERR_FILENO, plain, sizeof(plain) - 1);
	_exit(EXIT_UNKNOWN);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The JSON document of an UNKNOWN, when the user asked for a JSON report
 * on stdout (never over an --output file); NULL otherwise. */
static char *unknown_json(const struct cli *c, const char *msg)
{
	json_t *o;
	char *doc, *nl;

	if (c->format != FMT_JSON || c->output || c->action == ACT_EXPOSURE)
		return NULL;
	o = json_pack("{s:s, s:{s:s}, s:s}", "schema",
		      c->action == ACT_COMPARE ? "fwdrift-compare/1"
					       : "fwdrift-report/1",
		      "summary", "status", "UNKNOWN", "error", msg);
	doc = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (doc && (nl = realloc(doc, strlen(doc) + 2))) {
		strcat(nl, "\n");
		return nl;
	}
	free(doc);
	return NULL;
}

/* UNKNOWN in the user's format: a status line for monitoring, a JSON
 * document for scripts. */
static int unknown(const struct cli *c, const char *msg)
{
	/* errors whose source is the command itself already say so */
	if (!strncmp(msg, "fwdrift: ", 9))
		msg += 9;
	if (c->format == FMT_NAGIOS) {
		/* A monitoring engine keeps stdout, and some (Icinga 2) put
		 * stderr before it: the status line must be the first line,
		 * so the message goes to stdout only. */
		printf("FWDRIFT UNKNOWN - %s\n", msg);
		fflush(stdout);
		return EXIT_UNKNOWN;
	} else {
		char *doc = unknown_json(c, msg);

		if (doc) {
			stdout_started = 1;
			fputs(doc, stdout);
			fflush(stdout);
			free(doc);
		}
	}
	fprintf(stderr, "fwdrift: %s\n", msg);
	return EXIT_UNKNOWN;
}

static int unknown_err(const struct cli *c, const struct fwd_error *err)
{
	char msg[FWD_ERROR_TEXT_LEN + FWD_ERROR_SOURCE_LEN + 32];

	return unknown(c, fwd_error_format(err, msg, sizeof(msg)));
}

/* Write the rendered bytes where they belong. */
static int deliver(const struct cli *c, char *buf, size_t len, int status)
{
	struct fwd_error err = { 0 };

	if (c->output) {
		if (output_commit(c->output, buf, len, &err)) {
			free(buf);
			return unknown_err(c, &err);
		}
	} else if ((stdout_started = 1, fwrite(buf, 1, len, stdout) != len) ||
		   fflush(stdout)) {
		free(buf);
		fprintf(stderr, "fwdrift: cannot write to standard output\n");
		return EXIT_UNKNOWN;
	}
	free(buf);
	return status;
}

static int list_readers(const struct cli *c, const struct plugin_set *ps)
{
	unsigned i;

	(void)c;
	for (i = 0; i < ps->n; i++) {
		const struct fwd_reader *r = ps->readers[i];

		printf("%-10s %s%s%s [%s]\n", r->name,
		       r->read_live ? "live" : "",
		       r->read_live && r->read_data ? ", " : "",
		       r->read_data ? "files" : "", r->formats);
		printf("           %s\n", r->description);
	}
	printf("plugin folder: %s\n", ps->dir);
	return EXIT_OK;
}

static int read_ruleset(const struct cli *c, struct fwd_ruleset *rs,
			struct fwd_error *err)
{
	struct plugin_set ps;
	struct fwd_read_opts opts = { c->verbose, now() + c->timeout };
	int rc;

	if ((rc = plugins_load(&ps, c->plugin_dir ? c->plugin_dir
						  : paths_plugin_dir(), err)))
		return rc;
	if (c->reader && !plugins_find(&ps, c->reader)) {
		char names[256] = "";
		size_t used = 0;

		for (unsigned i = 0; i < ps.n; i++)
			used += (size_t)snprintf(names + used, sizeof(names) - used,
						 "%s%s", i ? ", " : "",
						 ps.readers[i]->name);
		rc = fwd_error_set(err, FWD_ENOTFOUND, "fwdrift", 0, 0,
				   "unknown reader '%s' (known: %s)", c->reader,
				   names);
	} else if (c->n_inputs) {
		rc = acquire_files(rs, &ps, c->reader, c->inputs, c->n_inputs,
				   &opts, err);
	} else {
		rc = acquire_live(rs, &ps, c->reader, &opts, err);
	}
	if (!rc)
		rc = fwd_ruleset_finalize(rs, err);
	/* Keep the modules mapped: rule text may point into their data. */
	if (rc)
		plugins_unload(&ps);
	else {
		free(ps.readers);
		free(ps.handles);
	}
	return rc;
}

static int render_to_buffer(char **buf, size_t *len, FILE **f)
{
	*f = open_memstream(buf, len);
	return *f ? 0 : -1;
}

/* --profile names a view that was read (a Windows profile). */
static bool profile_read(const struct fwd_ruleset *rs, const char *profile)
{
	uint32_t i;

	for (i = 0; i < fwd_ruleset_view_count(rs); i++) {
		const struct fwd_view *v = fwd_ruleset_view(rs, i);

		if (v->families_read && !strcmp(v->name, profile))
			return true;
	}
	return false;
}

static int run_exposure(const struct cli *c, struct fwd_ruleset *rs)
{
	struct exposure x;
	struct fwd_error err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (exposure_build(&x, rs, &err))
		return unknown_err(c, &err);
	if (c->profile)
		exposure_keep_view(&x, c->profile);
	if (render_to_buffer(&buf, &len, &f)) {
		exposure_free(&x);
		return unknown(c, "out of memory");
	}
	if (c->format == FMT_JSON)
		render_exposure_json(f, &x);
	else
		render_exposure_text(f, &x, rs, c->verbose);
	fclose(f);
	exposure_free(&x);
	return deliver(c, buf, len, EXIT_OK);
}

static int run_audit(const struct cli *c, struct fwd_ruleset *rs,
		     const struct baseline *b, const struct selection *sel,
		     double read_seconds)
{
	struct exposure x;
	struct report r;
	struct fwd_error err = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int status;

	if (exposure_build(&x, rs, &err))
		return unknown_err(c, &err);
	if (diff_run(&r, b, sel, rs, &x, c->profile, &err)) {
		report_free(&r);
		exposure_free(&x);
		return unknown_err(c, &err);
	}
	r.read_seconds = read_seconds;
	/* The report is rendered into memory first, so the renderer cannot
	 * ask whether it writes to a terminal: say it here. */
	r.colour = !c->output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	diff_apply_thresholds(&r, &c->th);
	if (render_to_buffer(&buf, &len, &f)) {
		report_free(&r);
		exposure_free(&x);
		return unknown(c, "out of memory");
	}
	if (c->format == FMT_JSON)
		report_render_json(f, &r, c->verbose);
	else if (c->format == FMT_NAGIOS)
		report_render_nagios(f, &r, c->verbose);
	else if (c->format == FMT_HTML)
		report_render_html(f, &r, c->verbose);
	else
		report_render_text(f, &r, c->verbose);
	fclose(f);
	status = r.worst == SEV_CRITICAL ? EXIT_CRITICAL
		 : r.worst == SEV_WARNING ? EXIT_WARNING : EXIT_OK;
	report_free(&r);
	exposure_free(&x);
	return deliver(c, buf, len, status);
}

static int show_baseline(const struct cli *c, const struct baseline *b,
			 const struct selection *sel)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (render_to_buffer(&buf, &len, &f))
		return unknown(c, "out of memory");
	if (c->format == FMT_JSON)
		show_baseline_json(f, b, sel);
	else
		show_baseline_text(f, b, sel);
	fclose(f);
	return deliver(c, buf, len, EXIT_OK);
}

/* compare OLD NEW: two reports in, no firewall read. */
static int run_compare(const struct cli *c)
{
	struct cmp_report *old = NULL, *new = NULL;
	struct fwd_error err = { 0 };
	json_t *doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc, status;

	if ((rc = compare_load(&old, c->compare_old, &err)) ||
	    (rc = compare_load(&new, c->compare_new, &err)) ||
	    (rc = compare_run(&doc, old, new, &err))) {
		status = err.code ? unknown_err(c, &err)
				  : unknown(c, "out of memory");
	} else if (render_to_buffer(&buf, &len, &f)) {
		status = unknown(c, "out of memory");
	} else {
		if (c->format == FMT_JSON)
			rc = compare_render_json(f, doc);
		else if (c->format == FMT_NAGIOS)
			rc = compare_render_nagios(f, doc, c->verbose);
		else
			rc = compare_render_text(f, doc, c->verbose);
		if (fclose(f) || rc) {
			free(buf);
			status = unknown(c, "out of memory");
		} else {
			rc = compare_status(doc);
			status = deliver(c, buf, len,
					 rc == 2 ? EXIT_CRITICAL
					 : rc == 1 ? EXIT_WARNING : EXIT_OK);
		}
	}
	json_decref(doc);
	compare_report_free(new);
	compare_report_free(old);
	return status;
}

static int run(const struct cli *c)
{
	struct fwd_error err = { 0 };
	struct baseline *b = NULL;
	struct selection sel = { 0 };
	struct fwd_ruleset *rs;
	double start;
	char msg[256];
	int status;

	if (c->action == ACT_COMPARE)
		return run_compare(c);
	if (c->action == ACT_LIST_BASELINES) {
		stdout_started = 1;
		baseline_list(stdout, paths_baseline_path(), true);
		return EXIT_OK;
	}
	if (c->action == ACT_LIST_READERS) {
		struct plugin_set ps;

		if (plugins_load(&ps, c->plugin_dir ? c->plugin_dir
						    : paths_plugin_dir(), &err))
			return unknown_err(c, &err);
		status = list_readers(c, &ps);
		plugins_unload(&ps);
		return status;
	}
	if (c->baseline) {
		if (baseline_load(&b, c->baseline, paths_baseline_path(), &err) ||
		    baseline_select(b, c->roles, c->n_roles, c->features,
				    c->n_features, &sel, &err)) {
			status = unknown_err(c, &err);
			selection_free(&sel);
			baseline_free(b);
			return status;
		}
		if (c->action == ACT_SHOW_BASELINE) {
			status = show_baseline(c, b, &sel);
			selection_free(&sel);
			baseline_free(b);
			return status;
		}
	}
	rs = fwd_ruleset_new();
	if (!rs) {
		selection_free(&sel);
		baseline_free(b);
		return unknown(c, "out of memory");
	}
	start = now();
	if (read_ruleset(c, rs, &err)) {
		status = unknown_err(c, &err);
	} else if (c->profile && !profile_read(rs, c->profile)) {
		snprintf(msg, sizeof(msg), "no profile '%s' in the input (see "
			 "--dump-model)", c->profile);
		status = unknown(c, msg);
	} else if (c->action == ACT_DUMP_MODEL) {
		stdout_started = 1;
		model_dump(stdout, rs, c->profile);
		status = EXIT_OK;
	} else if (c->action == ACT_EXPOSURE) {
		status = run_exposure(c, rs);
	} else {
		status = run_audit(c, rs, b, &sel, now() - start);
	}
	fwd_ruleset_free(rs);
	selection_free(&sel);
	baseline_free(b);
	return status;
}

int main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
						 : argv[0];
	enum out_format def = strcmp(prog, "check_fwdrift") == 0 ? FMT_NAGIOS
								 : FMT_TEXT;
	struct cli c;
	char msg[512];
	int rc;

	if (cli_parse(&c, argc, argv, def, msg, sizeof(msg))) {
		c.format = def;
		for (int i = 1; i + 1 < argc; i++)
			if (!strcmp(argv[i], "--format") &&
			    !strcmp(argv[i + 1], "nagios"))
				c.format = FMT_NAGIOS;
		c.output = NULL;
		c.action = ACT_AUDIT;
		return unknown(&c, msg);
	}
	if (c.action == ACT_HELP) {
		cli_usage(stdout, prog);
		return EXIT_OK;
	}
	if (c.action == ACT_VERSION) {
		printf("%s %s\n", prog, FWDRIFT_VERSION);
		return EXIT_OK;
	}
	alarm_format = c.format;
	alarm_json = unknown_json(&c, "timed out (see -t)");
	signal(SIGALRM, on_alarm);
	alarm((unsigned)(c.timeout + 0.999));
	rc = run(&c);
	alarm(0);
	free(alarm_json);
	return rc;
}
