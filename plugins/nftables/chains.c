/*
 * chains.c — tables and chains of either input into the model: which
 * families a table covers, where a base chain hooks in, and the notes for
 * what the model leaves out (arp, bridge and netdev tables; ingress and
 * egress hooks).
 */
#include <string.h>

#include "nir.h"

bool nir_table_init(struct nir_ctx *cx, struct nir_table *t,
		    const char *family, const char *name)
{
	memset(t, 0, sizeof(*t));
	if (strcmp(family, "ip") == 0) {
		t->fams = FWD_FAM_IPV4;
		t->nfproto = 2;
	} else if (strcmp(family, "ip6") == 0) {
		t->fams = FWD_FAM_IPV6;
		t->nfproto = 10;
	} else if (strcmp(family, "inet") == 0) {
		t->fams = FWD_FAM_ALL;
		t->nfproto = 1;
	} else {
		fwd_ruleset_note(cx->rs, FWD_NOTE_INFO,
				 "nftables: table %s %s ignored: only ip, ip6 "
				 "and inet tables filter host traffic by port",
				 family, name);
		return false;
	}
	t->family = pool_strdup(&cx->pool, family);
	t->name = pool_strdup(&cx->pool, name);
	t->label = fwd_sprintf(cx->rs, "%s %s", family, name);
	if (!t->family || !t->name || !t->label) {
		nir_oom(cx);
		return false;
	}
	return true;
}

static const struct {
	const char *name;
	enum fwd_hook hook;
} hooks[] = {
	{ "prerouting", FWD_HOOK_PREROUTING },
	{ "input", FWD_HOOK_INPUT },
	{ "forward", FWD_HOOK_FORWARD },
	{ "output", FWD_HOOK_OUTPUT },
	{ "postrouting", FWD_HOOK_POSTROUTING },
};

struct fwd_chain *nir_chain(struct nir_ctx *cx, const struct nir_table *t,
			    const char *name, const char *hook, int prio,
			    bool policy_drop, const char *where)
{
	struct fwd_chain *c;
	size_t i;
	int h = -1;

	if (hook) {
		for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
			if (strcmp(hooks[i].name, hook) == 0)
				h = (int)hooks[i].hook;
		if (h < 0) {
			fwd_ruleset_note(cx->rs, FWD_NOTE_INFO,
					 "nftables: chain %s %s on hook %s "
					 "ignored: the model has no %s hook",
					 t->label, name, hook, hook);
			return NULL;
		}
	}
	c = fwd_chain_get(cx->rs, cx->view, "nftables", t->label, name,
			  t->fams);
	if (!c) {
		nir_oom(cx);
		return NULL;
	}
	if (!c->where)
		c->where = where;
	if (h >= 0)
		fwd_chain_set_base(c, (enum fwd_hook)h, prio,
				   policy_drop ? FWD_VERDICT_DROP
					       : FWD_VERDICT_ACCEPT);
	return c;
}
