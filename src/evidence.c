/*
 * evidence.c — rule references for reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"

int json_emit(FILE *f, const json_t *o)
{
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	size_t len;
	int rc = 0;

	if (!text)
		return FWD_ENOMEM;
	len = strlen(text);
	if (fwrite(text, 1, len, f) != len || fputc('\n', f) == EOF)
		rc = FWD_EIO;
	free(text);
	return rc;
}

const char *chain_label(const struct fwd_chain *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s", c->backend, c->table, c->name);
	return buf;
}

json_t *evidence_rule_json(const struct fwd_rule *r)
{
	char chain[256];
	json_t *o = json_object();

	json_object_set_new(o, "rule", json_string(r->text ? r->text : ""));
	json_object_set_new(o, "where", json_string(r->where ? r->where : ""));
	if (r->chain) {
		json_object_set_new(o, "chain",
				    json_string(chain_label(r->chain, chain,
							    sizeof(chain))));
		json_object_set_new(o, "position", json_integer(r->index));
	}
	json_object_set_new(o, "verdict",
			    json_string(fwd_verdict_name(r->verdict)));
	if (r->comment)
		json_object_set_new(o, "comment", json_string(r->comment));
	if (r->inactive)
		json_object_set_new(o, "inactive", json_string(r->inactive));
	return o;
}

json_t *evidence_policy_json(const struct fwd_chain *c)
{
	char chain[256];
	json_t *o = json_object();

	json_object_set_new(o, "policy",
			    json_string(fwd_verdict_name(c->policy)));
	json_object_set_new(o, "chain",
			    json_string(chain_label(c, chain, sizeof(chain))));
	if (c->where)
		json_object_set_new(o, "where", json_string(c->where));
	return o;
}

void evidence_rule_text(FILE *f, const struct fwd_rule *r)
{
	fprintf(f, "`%s` (%s)", r->text ? r->text : "?",
		r->where ? r->where : "?");
}

void evidence_policy_text(FILE *f, const struct fwd_chain *c)
{
	fprintf(f, "policy %s of %s %s %s", fwd_verdict_name(c->policy),
		c->backend, c->table, c->name);
	if (c->where)
		fprintf(f, " (%s)", c->where);
}
