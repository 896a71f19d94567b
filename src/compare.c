/*
 * compare.c — the requirement side of `fwdrift compare`, and the
 * document that holds all of it (fwdrift-compare/1).
 *
 * Requirements are matched by id and view, never by position: a new
 * baseline version may reorder them. Each one present in both reports
 * gets at most one change, decided by what NEW says, so that a count is
 * never the sum of overlapping kinds. The status is the worst of the
 * changes, not of NEW itself: a requirement that was already failing
 * is "still failing", counted but not alarming, because the audit of
 * NEW alarms about it already.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compare_priv.h"

struct counts {
	unsigned newly_missing, newly_conflicting, fixed, waived,
		still_failing, added, removed;
};

const char *cmp_status_name(int status)
{
	return status == CMP_CRITICAL ? "CRITICAL"
	       : status == CMP_WARNING ? "WARNING" : "OK";
}

int compare_status(const json_t *doc)
{
	const char *s = json_string_value(
		json_object_get(json_object_get(doc, "summary"), "status"));

	return !s ? CMP_CRITICAL : !strcmp(s, "CRITICAL") ? CMP_CRITICAL
	       : !strcmp(s, "WARNING") ? CMP_WARNING : CMP_OK;
}

/* What a requirement entry says, reduced to what a change is about. */
struct state {
	const char *status;   /* compliant, missing, conflicting */
	const char *conflict; /* "" unless conflicting */
	bool waived;          /* a waiver accepts the finding */
	bool failing;         /* missing or conflicting, not waived */
};

static struct state state_of(const json_t *r)
{
	struct state s;

	s.status = cmp_str(r, "status", "compliant");
	s.conflict = cmp_str(r, "conflict", "");
	s.waived = json_object_get(r, "waived") != NULL;
	s.failing = strcmp(s.status, "compliant") && !s.waived;
	return s;
}

static bool same_finding(const struct state *a, const struct state *b)
{
	return !strcmp(a->status, b->status) &&
	       !strcmp(a->conflict, b->conflict);
}

/* How bad it is that r fails now. A missing port is always CRITICAL;
 * a conflict is as severe as the audit judged it, CRITICAL when a
 * report too old to say leaves it open. */
static int failing_severity(const json_t *r)
{
	const char *sev = cmp_str(r, "severity", "CRITICAL");

	if (!strcmp(cmp_str(r, "status", ""), "missing"))
		return CMP_CRITICAL;
	return !strcmp(sev, "WARNING") ? CMP_WARNING : CMP_CRITICAL;
}

static int set_str(json_t *o, const char *key, const char *v)
{
	return json_object_set_new(o, key, json_string(v));
}

static int copy_key(json_t *o, const json_t *from, const char *key)
{
	json_t *v = json_object_get(from, key);

	return v ? json_object_set(o, key, v) : 0;
}

/* One requirement change; r is the entry the change is about (NEW's, or
 * OLD's for a removed one), was the earlier state when there is one. */
static json_t *req_change(const char *change, const json_t *r,
			  const struct state *was, int severity)
{
	static const char *const keys[] = {
		"id", "view", "direction", "protocol", "ports", "status",
		"conflict", "waived", "severity", "message", "affected_ports",
		"peer", "purpose", "evidence", NULL,
	};
	json_t *o = json_object();
	unsigned k;
	int rc;

	if (!o)
		return NULL;
	rc = set_str(o, "change", change);
	for (k = 0; keys[k] && !rc; k++) {
		if (!strcmp(keys[k], "severity"))
			rc = set_str(o, "severity", cmp_status_name(severity));
		else
			rc = copy_key(o, r, keys[k]);
	}
	if (!rc && was) {
		rc = set_str(o, "was", was->waived ? "waived" : was->status);
		if (!rc && *was->conflict)
			rc = set_str(o, "was_conflict", was->conflict);
	}
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int still_failing(json_t *list, const json_t *o, const json_t *n)
{
	json_t *e = json_object();
	const char *was = cmp_str(o, "affected_ports", "");
	int rc;

	if (!e)
		return FWD_ENOMEM;
	rc = copy_key(e, n, "id") || copy_key(e, n, "view") ||
	     copy_key(e, n, "status") || copy_key(e, n, "conflict") ||
	     copy_key(e, n, "severity") || copy_key(e, n, "affected_ports");
	/* Same finding, other ports: worth a line, not an alarm. */
	if (!rc && strcmp(was, cmp_str(n, "affected_ports", "")))
		rc = set_str(e, "was_affected_ports", was);
	if (rc || json_array_append_new(list, e))
		return FWD_ENOMEM;
	return 0;
}

static int diff_one(json_t *reqs, json_t *still, struct counts *ct,
		    int *worst, const json_t *o, const json_t *n)
{
	struct state so = state_of(o), sn = state_of(n);
	const char *change = NULL;
	int sev = CMP_OK;
	json_t *e;

	if (sn.waived) {
		if (!so.waived) {
			change = "waived";
			ct->waived++;
		}
	} else if (!sn.failing) {
		if (so.failing || so.waived) {
			change = "fixed";
			ct->fixed++;
		}
	} else if (so.failing && same_finding(&so, &sn)) {
		ct->still_failing++;
		return still_failing(still, o, n);
	} else {
		sev = failing_severity(n);
		if (!strcmp(sn.status, "missing")) {
			change = "newly-missing";
			ct->newly_missing++;
		} else {
			change = "newly-conflicting";
			ct->newly_conflicting++;
		}
	}
	if (!change)
		return 0;
	if (sev > *worst)
		*worst = sev;
	if (!(e = req_change(change, n, &so, sev)) ||
	    json_array_append_new(reqs, e))
		return FWD_ENOMEM;
	return 0;
}

static void req_key(const json_t *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s [%s]", cmp_str(r, "id", ""),
		 cmp_str(r, "view", ""));
}

static int diff_requirements(json_t *reqs, json_t *still, struct counts *ct,
			     int *worst, const struct cmp_report *old,
			     const struct cmp_report *new)
{
	json_t *index = json_object(), *r, *o, *e;
	char key[1024];
	size_t i;
	int rc = index ? 0 : FWD_ENOMEM;

	json_array_foreach(old->reqs, i, r) {
		req_key(r, key, sizeof(key));
		if (!rc && json_object_set(index, key, r))
			rc = FWD_ENOMEM;
	}
	json_array_foreach(new->reqs, i, r) {
		if (rc)
			break;
		req_key(r, key, sizeof(key));
		if ((o = json_object_get(index, key))) {
			rc = diff_one(reqs, still, ct, worst, o, r);
			json_object_del(index, key);
			continue;
		}
		/* A requirement the baseline gained: failing it now is as
		 * new a failure as a port that closed. */
		struct state sn = state_of(r);
		int sev = sn.failing ? failing_severity(r) : CMP_OK;

		ct->added++;
		if (sev > *worst)
			*worst = sev;
		if (!(e = req_change("added", r, NULL, sev)) ||
		    json_array_append_new(reqs, e))
			rc = FWD_ENOMEM;
	}
	/* In OLD's order, so that the output is stable. */
	json_array_foreach(old->reqs, i, r) {
		if (rc)
			break;
		req_key(r, key, sizeof(key));
		if (!json_object_get(index, key))
			continue;
		ct->removed++;
		if (!(e = req_change("removed", r, NULL, CMP_OK)) ||
		    json_array_append_new(reqs, e))
			rc = FWD_ENOMEM;
	}
	json_decref(index);
	return rc;
}

static json_t *side(const struct cmp_report *r)
{
	json_t *o = json_object(), *bl = json_object_get(r->root, "baseline");
	json_t *sum = json_object_get(r->root, "summary");

	if (!o || set_str(o, "file", r->path) || set_str(o, "host", r->host) ||
	    set_str(o, "status", cmp_str(sum, "status", "")) ||
	    json_object_set(o, "summary", sum) ||
	    copy_key(o, bl, "roles") || copy_key(o, bl, "features") ||
	    copy_key(o, bl, "files") || copy_key(o, r->root, "sources")) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int note(json_t *notes, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int note(json_t *notes, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return json_array_append_new(notes, json_string(buf)) ? FWD_ENOMEM : 0;
}

/* Differences that are not drift of the firewall but change how the
 * comparison reads. The host name is only a note: it names the machine
 * that ran fwdrift, and an offline audit of an export runs elsewhere. */
static int notes_for(json_t *notes, const struct cmp_report *old,
		     const struct cmp_report *new)
{
	const json_t *ob = json_object_get(old->root, "baseline");
	const json_t *nb = json_object_get(new->root, "baseline");
	static const char *const sel[] = { "roles", "features", NULL };
	unsigned k;
	int rc = 0;

	if (strcmp(old->host, new->host))
		rc = note(notes, "the reports come from different hosts ('%s', "
			  "then '%s'): fine for audits of exports, otherwise "
			  "check that both are of the same firewall",
			  old->host, new->host);
	for (k = 0; sel[k] && !rc; k++)
		if (!json_equal(json_object_get(ob, sel[k]),
				json_object_get(nb, sel[k])))
			rc = note(notes, "the %s selected differ: requirements "
				  "added or removed may come from that, not "
				  "from the baseline", sel[k]);
	return rc;
}

static int fill_summary(json_t *sum, const struct counts *ct,
			const json_t *doc)
{
	static const char *const extra_changes[] = { "new", "gone" };
	static const char *const rule_changes[] = { "added", "removed" };
	unsigned n_extra[2] = { 0, 0 }, n_rule[2] = { 0, 0 }, k;
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(doc, "extra"), i, e)
		for (k = 0; k < 2; k++)
			n_extra[k] += !strcmp(cmp_str(e, "change", ""),
					      extra_changes[k]);
	json_array_foreach(json_object_get(doc, "rules"), i, e)
		for (k = 0; k < 2; k++)
			n_rule[k] += !strcmp(cmp_str(e, "change", ""),
					     rule_changes[k]);
	return json_object_set_new(sum, "newly_missing",
				   json_integer(ct->newly_missing)) ||
	       json_object_set_new(sum, "newly_conflicting",
				   json_integer(ct->newly_conflicting)) ||
	       json_object_set_new(sum, "newly_extra",
				   json_integer(n_extra[0])) ||
	       json_object_set_new(sum, "fixed", json_integer(ct->fixed)) ||
	       json_object_set_new(sum, "waived", json_integer(ct->waived)) ||
	       json_object_set_new(sum, "still_failing",
				   json_integer(ct->still_failing)) ||
	       json_object_set_new(sum, "added", json_integer(ct->added)) ||
	       json_object_set_new(sum, "removed", json_integer(ct->removed)) ||
	       json_object_set_new(sum, "extras_gone",
				   json_integer(n_extra[1])) ||
	       json_object_set_new(sum, "rules_added", json_integer(n_rule[0])) ||
	       json_object_set_new(sum, "rules_removed",
				   json_integer(n_rule[1])) ||
	       json_object_set_new(sum, "policies_changed",
				   json_integer(json_array_size(json_object_get(
					   doc, "policies"))))
		       ? FWD_ENOMEM : 0;
}

int compare_run(json_t **out, const struct cmp_report *old,
		const struct cmp_report *new, struct fwd_error *err)
{
	json_t *doc, *sum, *reqs, *still, *extra, *rules, *pols, *notes;
	struct counts ct = { 0 };
	int worst = CMP_OK, rc;

	*out = NULL;
	if (strcmp(old->baseline, new->baseline))
		return fwd_error_set(err, FWD_EINVAL, new->path, 0, 0,
				     "audits baseline '%s', but %s audits "
				     "'%s': compare two reports of the same "
				     "baseline", new->baseline, old->path,
				     old->baseline);
	doc = json_pack("{s:s, s:s, s:o*, s:o*, s:{}, s:[], s:[], s:[], s:[], "
			"s:[], s:[]}", "schema", "fwdrift-compare/1",
			"baseline", new->baseline, "old", side(old), "new",
			side(new), "summary", "requirements", "still_failing",
			"extra", "rules", "policies", "notes");
	if (!doc)
		return FWD_ENOMEM;
	sum = json_object_get(doc, "summary");
	reqs = json_object_get(doc, "requirements");
	still = json_object_get(doc, "still_failing");
	extra = json_object_get(doc, "extra");
	rules = json_object_get(doc, "rules");
	pols = json_object_get(doc, "policies");
	notes = json_object_get(doc, "notes");
	if (!json_object_get(doc, "old") || !json_object_get(doc, "new"))
		rc = FWD_ENOMEM;
	else if (!(rc = diff_requirements(reqs, still, &ct, &worst, old, new)) &&
		 !(rc = cmp_extras(extra, old, new, &worst)) &&
		 !(rc = cmp_rules(rules, pols, old, new)) &&
		 !(rc = notes_for(notes, old, new)))
		rc = set_str(sum, "status", cmp_status_name(worst)) ||
		     fill_summary(sum, &ct, doc) ? FWD_ENOMEM : 0;
	if (rc) {
		json_decref(doc);
		return fwd_error_set(err, rc, "fwdrift", 0, 0, "out of memory");
	}
	*out = doc;
	return 0;
}
