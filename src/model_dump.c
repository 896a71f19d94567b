/*
 * model_dump.c — `fwdrift --dump-model`: the normalized model as text,
 * one line per chain and per rule, so that readers can be tested against
 * golden files and a person can see what fwdrift understood.
 */
#include <stdio.h>
#include <string.h>

#include "ruleset.h"
#include "model_dump.h"

static void dump_ports(FILE *f, const char *name,
		       const struct fwd_port_match *m)
{
	uint32_t i;

	if (!m->n)
		return;
	fprintf(f, " %s%s=", name, m->negate ? "!" : "");
	for (i = 0; i < m->n; i++) {
		if (m->ranges[i].lo == m->ranges[i].hi)
			fprintf(f, "%s%u", i ? "," : "", m->ranges[i].lo);
		else
			fprintf(f, "%s%u-%u", i ? "," : "", m->ranges[i].lo,
				m->ranges[i].hi);
	}
}

static void dump_addr(FILE *f, const char *name,
		      const struct fwd_addr_match *m)
{
	char buf[64];
	uint32_t i;

	if (!m->n && !m->set_name)
		return;
	fprintf(f, " %s%s=", name, m->negate ? "!" : "");
	if (m->set_name)
		fprintf(f, "@%s", m->set_name);
	for (i = 0; i < m->n && i < 8; i++) {
		prefix_format(&m->prefixes[i], buf, sizeof(buf));
		fprintf(f, "%s%s", i || m->set_name ? "," : "", buf);
	}
	if (m->n > 8)
		fprintf(f, ",...(%u)", m->n);
}

static void dump_rule(FILE *f, const struct fwd_rule *r)
{
	uint32_t i;

	fprintf(f, "    #%u fam=%s%s", r->index,
		r->families & FWD_FAM_IPV4 ? "4" : "",
		r->families & FWD_FAM_IPV6 ? "6" : "");
	if (r->proto.n) {
		fprintf(f, " proto%s=", r->proto.negate ? "!" : "");
		for (i = 0; i < r->proto.n; i++)
			fprintf(f, "%s%u", i ? "," : "", r->proto.protos[i]);
	}
	dump_ports(f, "dport", &r->dport);
	dump_ports(f, "sport", &r->sport);
	dump_addr(f, "saddr", &r->saddr);
	dump_addr(f, "daddr", &r->daddr);
	for (i = 0; i < r->iif.n; i++)
		fprintf(f, " iif%s=%s", r->iif.negate ? "!" : "", r->iif.names[i]);
	for (i = 0; i < r->oif.n; i++)
		fprintf(f, " oif%s=%s", r->oif.negate ? "!" : "", r->oif.names[i]);
	if (r->ct.states)
		fprintf(f, " ct%s=0x%02x", r->ct.negate ? "!" : "", r->ct.states);
	if (r->stype.types)
		fprintf(f, " stype%s=0x%04x", r->stype.negate ? "!" : "",
			r->stype.types);
	if (r->dtype.types)
		fprintf(f, " dtype%s=0x%04x", r->dtype.negate ? "!" : "",
			r->dtype.types);
	if (r->ctstatus.mask)
		fprintf(f, " ctstatus&0x%x%s=0x%x", r->ctstatus.mask,
			r->ctstatus.negate ? "!" : "", r->ctstatus.value);
	if (r->rpf)
		fprintf(f, " rpf=%s", r->rpf == FWD_RPF_PASS ? "pass" : "fail");
	for (i = 0; i < r->n_opaque; i++)
		fprintf(f, " opaque=\"%s\"", r->opaque[i]);
	fprintf(f, " -> %s", fwd_verdict_name(r->verdict));
	if (r->target)
		fprintf(f, " %s", r->target);
	if (r->inactive)
		fprintf(f, " [inactive: %s]", r->inactive);
	fprintf(f, "\n      where=%s\n      text=%s\n", r->where ? r->where : "",
		r->text ? r->text : "");
}

void model_dump(FILE *f, const struct fwd_ruleset *rs, const char *profile)
{
	uint32_t v, c, r;

	for (v = 0; v < rs->n_views; v++) {
		const struct fwd_view *view = rs->views[v];

		if (profile && strcmp(profile, view->name))
			continue;

		fprintf(f, "view %s read=%s%s%s\n", view->name,
			view->families_read & FWD_FAM_IPV4 ? "ipv4 " : "",
			view->families_read & FWD_FAM_IPV6 ? "ipv6" : "",
			view->enabled ? "" : " (disabled)");
		for (c = 0; c < view->n_chains; c++) {
			const struct fwd_chain *ch = view->chains[c];

			fprintf(f, "  chain %s %s %s fam=%s%s", ch->backend,
				ch->table, ch->name,
				ch->families & FWD_FAM_IPV4 ? "4" : "",
				ch->families & FWD_FAM_IPV6 ? "6" : "");
			if (ch->base)
				fprintf(f, " hook=%s prio=%d policy=%s",
					fwd_hook_name(ch->hook), ch->priority,
					fwd_verdict_name(ch->policy));
			fprintf(f, "\n");
			for (r = 0; r < ch->n_rules; r++)
				dump_rule(f, ch->rules[r]);
		}
	}
	for (r = 0; r < rs->n_notes; r++)
		fprintf(f, "note %s: %s\n",
			rs->notes[r].level == FWD_NOTE_WARNING ? "warning" : "info",
			rs->notes[r].text);
}
