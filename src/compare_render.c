/*
 * compare_render.c — a fwdrift-compare/1 document as text, as a
 * monitoring-plugins status line with perfdata and long text, or as
 * JSON. Renderers only read the document: every decision (what changed,
 * how bad) is made in compare.c, so that all formats agree.
 */
#include <string.h>

#include "compare_priv.h"
#include "evidence.h"

static unsigned count(const json_t *doc, const char *key)
{
	return (unsigned)json_integer_value(
		json_object_get(json_object_get(doc, "summary"), key));
}

/* The summary phrase: each change kind that happened, in the order of
 * the status line people read first. */
static void phrase(FILE *f, const json_t *doc)
{
	static const struct { const char *key, *one, *many; } kinds[] = {
		{ "newly_missing", "newly missing", "newly missing" },
		{ "newly_conflicting", "newly conflicting", "newly conflicting" },
		{ "newly_extra", "newly extra", "newly extra" },
		{ "fixed", "fixed", "fixed" },
		{ "waived", "newly waived", "newly waived" },
		{ "added", "requirement added", "requirements added" },
		{ "removed", "requirement removed", "requirements removed" },
		{ "extras_gone", "extra gone", "extras gone" },
		{ "rules_added", "rule added", "rules added" },
		{ "rules_removed", "rule removed", "rules removed" },
		{ "policies_changed", "policy changed", "policies changed" },
	};
	unsigned k, n, shown = 0;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (!(n = count(doc, kinds[k].key)))
			continue;
		fprintf(f, "%s%u %s", shown++ ? ", " : "", n,
			n == 1 ? kinds[k].one : kinds[k].many);
	}
	if (!shown)
		fprintf(f, "no changes");
	if (!shown && (n = count(doc, "still_failing")))
		fprintf(f, " (%u still failing)", n);
}

static void ev_line(FILE *f, const json_t *ev)
{
	const char *role = cmp_str(ev, "role", "evidence");

	if (json_object_get(ev, "rule"))
		fprintf(f, "    %s: `%s` (%s)\n", role, cmp_str(ev, "rule", ""),
			cmp_str(ev, "where", "?"));
	else
		fprintf(f, "    %s: policy %s of %s%s%s%s\n", role,
			cmp_str(ev, "policy", ""), cmp_str(ev, "chain", ""),
			json_object_get(ev, "where") ? " (" : "",
			cmp_str(ev, "where", ""),
			json_object_get(ev, "where") ? ")" : "");
}

/* The first rule behind a change always; all of them from -v on. */
static void evidence(FILE *f, const json_t *o, unsigned verbose)
{
	json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(o, "evidence"), i, ev) {
		if (i && !verbose)
			break;
		ev_line(f, ev);
	}
}

static void requirement(FILE *f, const json_t *r, unsigned verbose)
{
	const char *change = cmp_str(r, "change", "");
	const char *conflict = cmp_str(r, "conflict", NULL);

	if (!strcmp(change, "added") || !strcmp(change, "removed"))
		fprintf(f, "requirement %s: ", change);
	else if (!strncmp(change, "newly-", 6))
		fprintf(f, "newly %s: ", change + 6);
	else
		fprintf(f, "%s: ", change);
	fprintf(f, "%s [%s] %s %s %s", cmp_str(r, "id", ""),
		cmp_str(r, "view", ""), cmp_str(r, "direction", ""),
		cmp_str(r, "protocol", ""), cmp_str(r, "ports", ""));
	if (!strcmp(change, "removed"))
		fprintf(f, " (was %s)\n", cmp_str(r, "status", ""));
	else {
		fprintf(f, " now %s%s%s", cmp_str(r, "status", ""),
			conflict ? ": " : "", conflict ? conflict : "");
		if (json_object_get(r, "was"))
			fprintf(f, ", was %s%s%s", cmp_str(r, "was", ""),
				json_object_get(r, "was_conflict") ? ": " : "",
				cmp_str(r, "was_conflict", ""));
		fprintf(f, " - %s\n", cmp_str(r, "message", ""));
	}
	evidence(f, r, verbose);
}

static void still(FILE *f, const json_t *doc, unsigned verbose)
{
	json_t *s;
	size_t i;
	unsigned n = count(doc, "still_failing");

	if (!n)
		return;
	fprintf(f, "still failing: %u requirement%s%s\n", n, n == 1 ? "" : "s",
		verbose ? ":" : " (-v lists them)");
	if (!verbose)
		return;
	json_array_foreach(json_object_get(doc, "still_failing"), i, s) {
		fprintf(f, "    %s [%s] %s%s%s", cmp_str(s, "id", ""),
			cmp_str(s, "view", ""), cmp_str(s, "status", ""),
			json_object_get(s, "conflict") ? ": " : "",
			cmp_str(s, "conflict", ""));
		if (json_object_get(s, "was_affected_ports"))
			fprintf(f, " (ports %s, were %s)",
				cmp_str(s, "affected_ports", ""),
				cmp_str(s, "was_affected_ports", ""));
		fputc('\n', f);
	}
}

static void extra(FILE *f, const json_t *e, unsigned verbose)
{
	bool is_new = !strcmp(cmp_str(e, "change", ""), "new");

	fprintf(f, "%s: %s %s %s %s %s [%s]", is_new ? "newly extra"
						      : "extra gone",
		cmp_str(e, "family", ""), cmp_str(e, "direction", ""),
		cmp_str(e, "protocol", ""), cmp_str(e, "ports", ""),
		cmp_str(e, "label", ""), cmp_str(e, "view", ""));
	if (!strcmp(cmp_str(e, "kind", ""), "default-accept"))
		fprintf(f, " (the direction accepts everything)");
	/* "not-extra" is the plain case and goes without saying. */
	if (!strcmp(cmp_str(e, is_new ? "was" : "now", ""), "restricted"))
		fprintf(f, " (%s restricted)", is_new ? "was" : "now");
	fputc('\n', f);
	evidence(f, e, verbose);
}

static void rule(FILE *f, const json_t *r, unsigned verbose)
{
	json_t *u;
	size_t i;

	fprintf(f, "rule %s: %s `%s` (%s; %s)\n", cmp_str(r, "change", ""),
		cmp_str(r, "fingerprint", ""), cmp_str(r, "rule", ""),
		cmp_str(r, "where", "?"), cmp_str(r, "chain", ""));
	if (!verbose)
		return;
	json_array_foreach(json_object_get(r, "used_by"), i, u)
		fprintf(f, "    cited by %s\n", json_string_value(u));
}

/* Everything after the first line; the same in text and Nagios long
 * text so that a person reads one layout. */
static void body(FILE *f, const json_t *doc, unsigned verbose)
{
	json_t *o;
	size_t i;

	json_array_foreach(json_object_get(doc, "requirements"), i, o)
		requirement(f, o, verbose);
	still(f, doc, verbose);
	json_array_foreach(json_object_get(doc, "extra"), i, o)
		extra(f, o, verbose);
	json_array_foreach(json_object_get(doc, "rules"), i, o)
		rule(f, o, verbose);
	json_array_foreach(json_object_get(doc, "policies"), i, o)
		fprintf(f, "policy changed: %s: %s, was %s (%s)\n",
			cmp_str(o, "chain", ""), cmp_str(o, "new", ""),
			cmp_str(o, "old", ""), cmp_str(o, "where", "?"));
	json_array_foreach(json_object_get(doc, "notes"), i, o)
		fprintf(f, "note: %s\n", json_string_value(o));
}

static void side(FILE *f, const char *name, const json_t *s)
{
	const json_t *sum = json_object_get(s, "summary");

	fprintf(f, "%s: %s (host %s): %s", name, cmp_str(s, "file", ""),
		cmp_str(s, "host", ""), cmp_str(s, "status", ""));
	if (json_object_get(sum, "compliant"))
		fprintf(f, ", %lld compliant, %lld missing, %lld conflicting, "
			"%lld extra",
			(long long)json_integer_value(json_object_get(sum, "compliant")),
			(long long)json_integer_value(json_object_get(sum, "missing")),
			(long long)json_integer_value(json_object_get(sum, "conflicting")),
			(long long)json_integer_value(json_object_get(sum, "extra")));
	fputc('\n', f);
}

int compare_render_text(FILE *f, const json_t *doc, unsigned verbose)
{
	fprintf(f, "%s compare %s: ", cmp_str(json_object_get(doc, "summary"),
					      "status", ""),
		cmp_str(doc, "baseline", ""));
	phrase(f, doc);
	fputc('\n', f);
	side(f, "old", json_object_get(doc, "old"));
	side(f, "new", json_object_get(doc, "new"));
	body(f, doc, verbose);
	return 0;
}

int compare_render_nagios(FILE *f, const json_t *doc, unsigned verbose)
{
	static const char *const perf[] = {
		"newly_missing", "newly_conflicting", "newly_extra", "fixed",
		"waived", "still_failing", "added", "removed", "extras_gone",
		"rules_added", "rules_removed", "policies_changed", NULL,
	};
	unsigned k;

	fprintf(f, "FWDRIFT %s - compare %s: ",
		cmp_str(json_object_get(doc, "summary"), "status", ""),
		cmp_str(doc, "baseline", ""));
	phrase(f, doc);
	fprintf(f, " |");
	for (k = 0; perf[k]; k++)
		fprintf(f, " %s=%u;;;0", perf[k], count(doc, perf[k]));
	fputc('\n', f);
	body(f, doc, verbose);
	return 0;
}

int compare_render_json(FILE *f, const json_t *doc)
{
	return json_emit(f, doc);
}
