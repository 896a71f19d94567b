/*
 * compare_rules.c — the rules and policies that changed between two
 * reports, for `fwdrift compare`.
 *
 * Rules are named by fingerprint (a hash of chain and text, see
 * fingerprint.h), never by position or file line, which shift whenever
 * a rule is inserted above. Only rules a report cites as evidence can be
 * compared: a rule that decides nothing is not in a report.
 */
#include <string.h>

#include "compare_priv.h"
#include "fingerprint.h"

enum { OLD = 0, NEW = 1 };

static void rule_fp(const json_t *ev, char fp[FINGERPRINT_LEN])
{
	const char *have = cmp_str(ev, "fingerprint", NULL);

	if (have)
		snprintf(fp, FINGERPRINT_LEN, "%s", have);
	else
		fingerprint_text(cmp_str(ev, "chain", ""),
				 cmp_str(ev, "rule", ""), fp);
}

struct cited {
	json_t *rules;    /* fingerprint -> {"ev", "used_by"} */
	json_t *order;    /* fingerprints in first-cited order */
	json_t *policies; /* chain -> policy evidence */
};

static int cite(struct cited *c, const json_t *ev, const char *by)
{
	char fp[FINGERPRINT_LEN], use[1024];
	json_t *r;

	if (!json_object_get(ev, "rule")) {
		const char *chain = cmp_str(ev, "chain", "");

		if (json_object_get(c->policies, chain))
			return 0;
		return json_object_set(c->policies, chain, (json_t *)ev)
			       ? FWD_ENOMEM : 0;
	}
	rule_fp(ev, fp);
	if (!(r = json_object_get(c->rules, fp))) {
		r = json_pack("{s:O, s:[]}", "ev", ev, "used_by");
		if (!r || json_object_set_new(c->rules, fp, r) ||
		    json_array_append_new(c->order, json_string(fp)))
			return FWD_ENOMEM;
	}
	snprintf(use, sizeof(use), "%s (%s)", by, cmp_str(ev, "role", "cited"));
	json_t *s = json_string(use);
	int rc = !s ? FWD_ENOMEM
		    : cmp_append_unique(json_object_get(r, "used_by"), s);

	json_decref(s);
	return rc;
}

static int cite_all(struct cited *c, const struct cmp_report *r)
{
	json_t *e, *ev;
	char by[768];
	size_t i, j;
	int rc = 0;

	json_array_foreach(r->reqs, i, e) {
		snprintf(by, sizeof(by), "requirement %s [%s]",
			 cmp_str(e, "id", ""), cmp_str(e, "view", ""));
		json_array_foreach(json_object_get(e, "evidence"), j, ev)
			if ((rc = cite(c, ev, by)))
				return rc;
	}
	json_array_foreach(r->extras, i, e) {
		snprintf(by, sizeof(by), "extra %s %s %s %s [%s]",
			 cmp_str(e, "family", ""), cmp_str(e, "direction", ""),
			 cmp_str(e, "protocol", ""), cmp_str(e, "ports", ""),
			 cmp_str(e, "view", ""));
		json_array_foreach(json_object_get(e, "evidence"), j, ev)
			if ((rc = cite(c, ev, by)))
				return rc;
	}
	return 0;
}

static int rule_changes(json_t *out, const struct cited *from,
			const struct cited *other, const char *change)
{
	static const char *const keys[] = { "rule", "where", "chain",
					    "verdict", "comment", NULL };
	json_t *fpv, *r, *ev, *o;
	size_t i;
	unsigned k;
	int rc = 0;

	json_array_foreach(from->order, i, fpv) {
		const char *fp = json_string_value(fpv);

		if (json_object_get(other->rules, fp))
			continue;
		r = json_object_get(from->rules, fp);
		ev = json_object_get(r, "ev");
		o = json_pack("{s:s, s:s}", "change", change, "fingerprint", fp);
		if (!o)
			return FWD_ENOMEM;
		for (k = 0; keys[k]; k++)
			if (json_object_get(ev, keys[k]))
				rc |= json_object_set(o, keys[k],
						      json_object_get(ev, keys[k]));
		rc |= json_object_set(o, "used_by",
				      json_object_get(r, "used_by"));
		if (rc) {
			json_decref(o);
			return FWD_ENOMEM;
		}
		if (json_array_append_new(out, o))
			return FWD_ENOMEM;
	}
	return 0;
}

static int policy_changes(json_t *out, const struct cited *old,
			  const struct cited *new)
{
	const char *chain;
	json_t *nev, *oev, *o;

	json_object_foreach(new->policies, chain, nev) {
		if (!(oev = json_object_get(old->policies, chain)) ||
		    !strcmp(cmp_str(oev, "policy", ""), cmp_str(nev, "policy", "")))
			continue;
		o = json_pack("{s:s, s:s, s:s, s:s}", "chain", chain, "old",
			      cmp_str(oev, "policy", ""), "new",
			      cmp_str(nev, "policy", ""), "where",
			      cmp_str(nev, "where", ""));
		if (!o || json_array_append_new(out, o))
			return FWD_ENOMEM;
	}
	return 0;
}

int cmp_rules(json_t *rules, json_t *policies, const struct cmp_report *old,
	      const struct cmp_report *new)
{
	struct cited c[2];
	unsigned k;
	int rc = 0;

	for (k = 0; k < 2; k++) {
		c[k].rules = json_object();
		c[k].order = json_array();
		c[k].policies = json_object();
		if (!c[k].rules || !c[k].order || !c[k].policies)
			rc = FWD_ENOMEM;
	}
	if (!rc)
		rc = cite_all(&c[OLD], old);
	if (!rc)
		rc = cite_all(&c[NEW], new);
	if (!rc)
		rc = rule_changes(rules, &c[NEW], &c[OLD], "added");
	if (!rc)
		rc = rule_changes(rules, &c[OLD], &c[NEW], "removed");
	if (!rc)
		rc = policy_changes(policies, &c[OLD], &c[NEW]);
	for (k = 0; k < 2; k++) {
		json_decref(c[k].rules);
		json_decref(c[k].order);
		json_decref(c[k].policies);
	}
	return rc;
}
