/*
 * live.c — read_live: dump the kernel's ruleset between two reads of the
 * generation id (again when they differ, up to LIVE_TRIES times), then
 * turn the consistent copy into the model: tables of the families the
 * model covers, their sets, chains in kernel order, rules through
 * live_rule.c and lower.c.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/netfilter.h>
#include <libnftnl/common.h>
#include <linux/netfilter/nf_tables.h>

#include "live.h"
#include "live_dump.h"
#include "live_rule.h"

#define LIVE_TRIES 10

static const char *family_name(uint32_t f)
{
	switch (f) {
	case NFPROTO_IPV4: return "ip";
	case NFPROTO_IPV6: return "ip6";
	case NFPROTO_INET: return "inet";
	case NFPROTO_ARP: return "arp";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	default: return "unknown";
	}
}

static const char *hook_name(uint32_t family, uint32_t h)
{
	static const char *const inet[] = {
		"prerouting", "input", "forward", "output", "postrouting",
		"ingress",
	};

	if (family == NFPROTO_NETDEV)
		return h == 0 ? "ingress" : "egress";
	return h < 6 ? inet[h] : "unknown";
}

struct live_table {
	struct nir_table t;
	uint32_t family;
	const char *name;
	bool used;
};

struct emit {
	struct nir_ctx *cx;
	struct live_dump *d;
	struct live_table *tabs;
	uint32_t n_tabs;
	struct fwd_chain **chains; /* parallel to d->chains */
	struct live_table **chain_tab;
	uint32_t *slots, mask;     /* chain index, see index_chains() */
};

static struct live_table *find_tab(struct emit *em, uint32_t family,
				   const char *name)
{
	uint32_t i;

	for (i = 0; name && i < em->n_tabs; i++)
		if (em->tabs[i].family == family &&
		    strcmp(em->tabs[i].name, name) == 0)
			return &em->tabs[i];
	return NULL;
}

static int emit_tables(struct emit *em)
{
	struct nir_ctx *cx = em->cx;
	uint32_t i;

	em->tabs = pool_alloc(&cx->pool, (em->d->n_tables + 1) *
				  sizeof(*em->tabs));
	if (!em->tabs)
		return nir_oom(cx);
	for (i = 0; i < em->d->n_tables; i++) {
		struct nftnl_table *nt = em->d->tables[i];
		struct live_table *lt = &em->tabs[em->n_tabs++];

		lt->family = nftnl_table_get_u32(nt, NFTNL_TABLE_FAMILY);
		lt->name = pool_strdup(&cx->pool,
				       nftnl_table_get_str(nt, NFTNL_TABLE_NAME));
		if (!lt->name)
			return nir_oom(cx);
		lt->used = nir_table_init(cx, &lt->t, family_name(lt->family),
					  lt->name);
		if (cx->err && cx->err->code)
			return cx->err->code;
	}
	for (i = 0; i < em->d->n_sets; i++) {
		struct nftnl_set *ns = em->d->sets[i];
		struct live_table *lt = find_tab(em,
			nftnl_set_get_u32(ns, NFTNL_SET_FAMILY),
			nftnl_set_get_str(ns, NFTNL_SET_TABLE));
		struct nir_set *s;

		if (!lt || !lt->used)
			continue;
		if (!(s = live_set_wrap(cx, ns)))
			return nir_oom(cx);
		if (nir_table_add_set(cx, &lt->t, s))
			return cx->err->code;
	}
	return 0;
}

static int emit_chains(struct emit *em)
{
	struct nir_ctx *cx = em->cx;
	uint32_t i, n = em->d->n_chains;

	em->chains = pool_alloc(&cx->pool, (n + 1) * sizeof(*em->chains));
	em->chain_tab = pool_alloc(&cx->pool, (n + 1) * sizeof(*em->chain_tab));
	if (!em->chains || !em->chain_tab)
		return nir_oom(cx);
	for (i = 0; i < n; i++) {
		struct nftnl_chain *nc = em->d->chains[i];
		uint32_t fam = nftnl_chain_get_u32(nc, NFTNL_CHAIN_FAMILY);
		struct live_table *lt = find_tab(em, fam,
			nftnl_chain_get_str(nc, NFTNL_CHAIN_TABLE));
		const char *name = nftnl_chain_get_str(nc, NFTNL_CHAIN_NAME);
		const char *hook = NULL;
		int prio = 0;
		bool drop = false;

		if (!lt || !lt->used || !name)
			continue;
		if (nftnl_chain_is_set(nc, NFTNL_CHAIN_HOOKNUM)) {
			hook = hook_name(fam, nftnl_chain_get_u32(nc,
							NFTNL_CHAIN_HOOKNUM));
			prio = (int)nftnl_chain_get_s32(nc, NFTNL_CHAIN_PRIO);
			drop = nftnl_chain_is_set(nc, NFTNL_CHAIN_POLICY) &&
			       nftnl_chain_get_u32(nc, NFTNL_CHAIN_POLICY) ==
			       NF_DROP;
		}
		em->chain_tab[i] = lt;
		em->chains[i] = nir_chain(cx, &lt->t, name, hook, prio, drop,
			fwd_sprintf(cx->rs, "%s: table %s chain %s", LIVE_SOURCE,
				    lt->t.label, name));
		if (cx->err && cx->err->code)
			return cx->err->code;
	}
	return 0;
}

static uint32_t chain_hash(uint32_t family, const char *table,
			   const char *name)
{
	uint32_t h = 2166136261u ^ family;

	for (; *table; table++)
		h = (h ^ (unsigned char)*table) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

static bool chain_is(struct nftnl_chain *nc, uint32_t family,
		     const char *table, const char *name)
{
	return nftnl_chain_get_u32(nc, NFTNL_CHAIN_FAMILY) == family &&
	       strcmp(nftnl_chain_get_str(nc, NFTNL_CHAIN_TABLE), table) == 0 &&
	       strcmp(nftnl_chain_get_str(nc, NFTNL_CHAIN_NAME), name) == 0;
}

/* Rules name their chain by family, table and name; a Kubernetes node
 * has thousands of chains, so a scan per rule would be quadratic. Slots
 * hold chain index + 1, 0 is empty. */
static int index_chains(struct emit *em)
{
	uint32_t i, n = em->d->n_chains, size = 16;

	while (size < 2 * n)
		size *= 2;
	em->slots = pool_alloc(&em->cx->pool, size * sizeof(*em->slots));
	if (!em->slots)
		return nir_oom(em->cx);
	em->mask = size - 1;
	for (i = 0; i < n; i++) {
		struct nftnl_chain *nc = em->d->chains[i];
		const char *t = nftnl_chain_get_str(nc, NFTNL_CHAIN_TABLE);
		const char *c = nftnl_chain_get_str(nc, NFTNL_CHAIN_NAME);
		uint32_t h;

		if (!t || !c)
			continue;
		h = chain_hash(nftnl_chain_get_u32(nc, NFTNL_CHAIN_FAMILY), t,
			       c) & em->mask;
		while (em->slots[h])
			h = (h + 1) & em->mask;
		em->slots[h] = i + 1;
	}
	return 0;
}

static int find_chain(struct emit *em, uint32_t family, const char *table,
		      const char *name)
{
	uint32_t h;

	if (!table || !name)
		return -1;
	for (h = chain_hash(family, table, name) & em->mask; em->slots[h];
	     h = (h + 1) & em->mask)
		if (chain_is(em->d->chains[em->slots[h] - 1], family, table,
			     name))
			return (int)em->slots[h] - 1;
	return -1;
}

/* One rule, decoded from its message into the model. What decoding
 * allocates lives in cx->pool, which the caller resets after each rule. */
static int emit_rule(struct emit *em, struct nftnl_rule *r)
{
	struct nir_ctx *cx = em->cx;
	int ci = find_chain(em, nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY),
			    nftnl_rule_get_str(r, NFTNL_RULE_TABLE),
			    nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
	struct live_table *lt;
	struct nir_rule nr;
	const char *where;
	int rc;

	if (ci < 0 || !em->chains[ci])
		return 0;
	lt = em->chain_tab[ci];
	if ((rc = lr_rule(cx, &lt->t, r, &nr)))
		return rc;
	where = fwd_sprintf(cx->rs, "%s: table %s chain %s handle %llu",
			    LIVE_SOURCE, lt->t.label, em->chains[ci]->name,
			    (unsigned long long)nr.handle);
	return nir_emit_rule(cx, &lt->t, em->chains[ci], &nr, where);
}

static int emit_rules(struct emit *em)
{
	struct nir_ctx *cx = em->cx;
	struct pool tables = cx->pool;
	const struct nlmsghdr *nlh;
	size_t off = 0;
	int rc = index_chains(em);

	/* Tables, sets and chains stay in their pool; each rule gets a
	 * scratch pool, emptied once the model has its copy. */
	pool_init(&cx->pool);
	while (!rc && (nlh = live_dump_next_rule(em->d, &off))) {
		struct nftnl_rule *r = nftnl_rule_alloc();

		if (!r || nftnl_rule_nlmsg_parse(nlh, r) < 0)
			rc = r ? fwd_error_set(cx->err, FWD_EIO, LIVE_SOURCE, 0,
					       0, "cannot parse a netlink "
					       "message from nf_tables")
			       : nir_oom(cx);
		else
			rc = emit_rule(em, r);
		if (r)
			nftnl_rule_free(r);
		if (!rc && cx->pool.failed)
			rc = nir_oom(cx);
		pool_reset(&cx->pool);
	}
	pool_release(&cx->pool);
	cx->pool = tables;
	return rc;
}

static int emit(struct fwd_ruleset *rs, struct live_dump *d,
		struct fwd_error *err)
{
	struct nir_ctx cx;
	struct emit em;
	uint32_t i, used = 0;
	int rc;

	memset(&cx, 0, sizeof(cx));
	memset(&em, 0, sizeof(em));
	pool_init(&cx.pool);
	cx.rs = rs;
	cx.err = err;
	cx.source = LIVE_SOURCE;
	cx.file = LIVE_SOURCE;
	cx.view = fwd_view_get(rs, "host");
	em.cx = &cx;
	em.d = d;
	if (!cx.view)
		rc = nir_oom(&cx);
	else if (!(rc = emit_tables(&em)) && !(rc = emit_chains(&em)))
		rc = emit_rules(&em);
	if (!rc && cx.pool.failed)
		rc = nir_oom(&cx);
	if (!rc) {
		fwd_view_mark_read(cx.view, FWD_FAM_ALL);
		for (i = 0; i < em.n_tabs; i++)
			used += em.tabs[i].used;
		fwd_ruleset_add_source(rs, "nftables live: %u tables (%u read)",
				       em.n_tabs, used);
	}
	pool_release(&cx.pool);
	return rc;
}

int nft_live_read(struct fwd_ruleset *rs, const struct fwd_read_opts *opts,
		  struct fwd_error *err)
{
	struct live_sock ls;
	struct live_dump d;
	uint32_t g1 = 0, g2 = 0;
	int rc, tries;

	if ((rc = live_sock_open(&ls, opts ? opts->deadline : 0, err)))
		return rc;
	memset(&d, 0, sizeof(d));
	for (tries = 0; tries < LIVE_TRIES; tries++) {
		live_dump_free(&d);
		ls.interrupted = false;
		if ((rc = live_gen(&ls, &g1)) || (rc = live_dump_all(&ls, &d)) ||
		    (rc = live_gen(&ls, &g2)))
			break;
		if (g1 == g2 && !ls.interrupted)
			break;
	}
	live_sock_close(&ls);
	if (!rc && tries == LIVE_TRIES)
		rc = fwd_error_set(err, FWD_ECHANGED, LIVE_SOURCE, 0, 0,
				   "the nf_tables ruleset changed during each "
				   "of %d reads (generation %u, then %u); try "
				   "again when no one is changing it", LIVE_TRIES,
				   g1, g2);
	if (!rc)
		rc = emit(rs, &d, err);
	live_dump_free(&d);
	return rc;
}

/*
 * probe_live: 1 when nf_tables holds at least one table, or when we may
 * not look (no privilege: read_live then says why). Never makes the
 * kernel load nf_tables: when it is a module that is not loaded, 0.
 */
static bool nf_tables_present(void)
{
	struct utsname u;
	char path[512], line[256];
	bool found = false;
	FILE *f;

	if (access("/sys/module/nf_tables", F_OK) == 0)
		return true;
	if ((f = fopen("/proc/modules", "r"))) {
		while (!found && fgets(line, sizeof(line), f))
			found = strncmp(line, "nf_tables ", 10) == 0;
		fclose(f);
		if (found)
			return true;
	}
	if (uname(&u) != 0)
		return false;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.builtin",
		 u.release);
	if ((f = fopen(path, "r"))) {
		while (!found && fgets(line, sizeof(line), f))
			found = strstr(line, "/nf_tables.ko") != NULL;
		fclose(f);
		return found;
	}
	/* No module tree for this kernel: nothing could be autoloaded. */
	snprintf(path, sizeof(path), "/lib/modules/%s", u.release);
	return access(path, F_OK) != 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(unsigned *)data)++;
	return MNL_CB_OK;
}

int nft_live_probe(void)
{
	struct fwd_error err;
	struct live_sock ls;
	char buf[256];
	struct nlmsghdr *nlh;
	unsigned n = 0;
	int rc;

	if (!nf_tables_present())
		return 0;
	memset(&err, 0, sizeof(err));
	if (live_sock_open(&ls, nft_now() + 5, &err))
		return err.code == FWD_EPERM;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, NFPROTO_UNSPEC,
				    NLM_F_DUMP, ++ls.seq);
	rc = live_sock_talk(&ls, nlh, count_cb, &n, "table dump");
	live_sock_close(&ls);
	if (rc)
		return rc == FWD_EPERM;
	return n > 0;
}
