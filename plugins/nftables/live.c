/*
 * live.c — read_live: dump the kernel's ruleset between two reads of the
 * generation id, turning it into the model as it comes: tables of the
 * families the model covers, their sets, chains in kernel order, then
 * rules through live_rule.c and lower.c as the rule dump arrives. When
 * the generation moved, the model is rolled back and the read tried
 * again, up to LIVE_TRIES times.
 */
#include <errno.h>
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
	const char **where;        /* "...: table t chain c handle " */
	struct strbuf sb;          /* a rule's origin, reused */
	uint32_t dumping;          /* the chain whose rules are coming */
	struct name_index index;   /* of d->chains */
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
	em->where = pool_alloc(&cx->pool, (n + 1) * sizeof(*em->where));
	if (!em->chains || !em->chain_tab || !em->where)
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
		sb_reset(&em->sb);
		sb_add(&em->sb, LIVE_SOURCE ": table ");
		sb_add(&em->sb, lt->t.label);
		sb_add(&em->sb, " chain ");
		sb_add(&em->sb, name);
		sb_add(&em->sb, " handle ");
		if (em->sb.failed)
			return nir_oom(cx);
		em->where[i] = pool_strdup(&cx->pool, sb_str(&em->sb));
	}
	return 0;
}

struct chain_key {
	struct emit *em;
	uint32_t family;
	const char *table, *name;
};

static bool chain_is(uint32_t i, const void *key)
{
	const struct chain_key *k = key;
	struct nftnl_chain *nc = k->em->d->chains[i];

	return nftnl_chain_get_u32(nc, NFTNL_CHAIN_FAMILY) == k->family &&
	       strcmp(nftnl_chain_get_str(nc, NFTNL_CHAIN_TABLE), k->table) == 0 &&
	       strcmp(nftnl_chain_get_str(nc, NFTNL_CHAIN_NAME), k->name) == 0;
}

static int index_chains(struct emit *em)
{
	uint32_t i;

	if (name_index_init(&em->cx->pool, &em->index, em->d->n_chains))
		return nir_oom(em->cx);
	for (i = 0; i < em->d->n_chains; i++) {
		struct nftnl_chain *nc = em->d->chains[i];
		const char *t = nftnl_chain_get_str(nc, NFTNL_CHAIN_TABLE);
		const char *c = nftnl_chain_get_str(nc, NFTNL_CHAIN_NAME);

		if (t && c)
			name_index_put(&em->index, name_hash(family_name(
				nftnl_chain_get_u32(nc, NFTNL_CHAIN_FAMILY)),
				t, c), i);
	}
	return 0;
}

static int find_chain(struct emit *em, uint32_t family, const char *table,
		      const char *name)
{
	struct chain_key k = { em, family, table, name };

	if (!table || !name)
		return -1;
	return (int)name_index_find(&em->index,
				    name_hash(family_name(family), table, name),
				    chain_is, &k);
}

/* One rule, decoded from its message into the model. What decoding
 * allocates lives in cx->pool, which the caller resets after each rule. */
static int emit_rule(struct emit *em, const struct lr_msg *m)
{
	struct nir_ctx *cx = em->cx;
	int ci = (int)em->dumping;
	struct live_table *lt;
	struct nir_rule nr;
	const char *where;
	int rc;

	if (!m->table || !m->chain)
		return 0;
	/* A dump of one chain's rules brings that chain's: only check. */
	if (!chain_is(em->dumping, &(struct chain_key){ em, m->family,
							m->table, m->chain }))
		ci = find_chain(em, m->family, m->table, m->chain);
	if (ci < 0 || !em->chains[ci])
		return 0;
	lt = em->chain_tab[ci];
	if ((rc = lr_rule(cx, &lt->t, m, &nr)))
		return rc;
	/* the chain's part is ready: only the handle is new */
	sb_reset(&em->sb);
	sb_add(&em->sb, em->where[ci]);
	sb_addu(&em->sb, nr.handle);
	where = em->sb.failed ? NULL
			      : fwd_strndup(cx->rs, em->sb.buf, em->sb.len);
	return nir_emit_rule(cx, &lt->t, em->chains[ci], &nr, where);
}

/* The rule dump's callback: each rule goes into the model as it comes,
 * through a scratch pool emptied after each one. */
static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct emit *em = data;
	struct nir_ctx *cx = em->cx;
	struct lr_msg m;
	int rc;

	if (lr_msg_parse(nlh, &m) < 0)
		rc = fwd_error_set(cx->err, FWD_EIO, LIVE_SOURCE, 0, 0,
				   "cannot parse a netlink message from "
				   "nf_tables: a rule message cut short");
	else
		rc = emit_rule(em, &m);
	if (!rc && cx->pool.failed)
		rc = nir_oom(cx);
	pool_reset(&cx->pool);
	if (rc) {
		/* so that live_sock_talk reports our error, not errno's */
		errno = 0;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * One attempt: tables, chains and sets (kept, they are few), then the
 * rules decoded straight into the model while the kernel sends them,
 * all between two reads of the generation id. *same tells whether the
 * ruleset stayed the same throughout; when not, the caller rolls the
 * model back and tries again.
 */
static int read_once(struct fwd_ruleset *rs, struct live_sock *ls,
		     uint32_t g[2], bool *same)
{
	struct nir_ctx cx;
	struct emit em;
	struct live_dump d;
	struct pool tables;
	uint32_t i, used = 0;
	int rc;

	memset(&cx, 0, sizeof(cx));
	memset(&em, 0, sizeof(em));
	memset(&d, 0, sizeof(d));
	pool_init(&cx.pool);
	cx.rs = rs;
	cx.err = ls->err;
	cx.source = LIVE_SOURCE;
	cx.file = LIVE_SOURCE;
	cx.view = fwd_view_get(rs, "host");
	em.cx = &cx;
	em.d = &d;
	ls->interrupted = false;
	if (!cx.view)
		return nir_oom(&cx);
	rc = live_gen(ls, &g[0]);
	if (!rc)
		rc = live_dump_objects(ls, &d);
	if (!rc && !(rc = emit_tables(&em)) && !(rc = emit_chains(&em)))
		rc = index_chains(&em);
	if (!rc && cx.pool.failed)
		rc = nir_oom(&cx);
	tables = cx.pool;
	pool_init(&cx.pool);
	for (i = 0; !rc && i < d.n_chains; i++)
		if (em.chains[i]) {
			em.dumping = i;
			rc = live_dump_chain_rules(ls, d.chains[i], rule_cb,
						   &em);
		}
	pool_release(&cx.pool);
	cx.pool = tables;
	if (!rc)
		rc = live_gen(ls, &g[1]);
	*same = !rc && g[0] == g[1] && !ls->interrupted;
	if (*same) {
		fwd_view_mark_read(cx.view, FWD_FAM_ALL);
		for (i = 0; i < em.n_tabs; i++)
			used += em.tabs[i].used;
		fwd_ruleset_add_source(rs, "nftables live: %u tables (%u read)",
				       em.n_tabs, used);
	}
	pool_release(&cx.pool);
	sb_release(&em.sb);
	live_dump_free(&d);
	return rc;
}

int nft_live_read(struct fwd_ruleset *rs, const struct fwd_read_opts *opts,
		  struct fwd_error *err)
{
	struct live_sock ls;
	struct fwd_mark *mark = fwd_ruleset_mark(rs);
	uint32_t g[2] = { 0, 0 };
	bool same = false;
	int rc, tries;

	if (!mark)
		return fwd_error_set(err, FWD_ENOMEM, LIVE_SOURCE, 0, 0,
				     "out of memory");
	if ((rc = live_sock_open(&ls, opts ? opts->deadline : 0, err)))
		return rc;
	for (tries = 0; tries < LIVE_TRIES; tries++) {
		if ((rc = read_once(rs, &ls, g, &same)) || same)
			break;
		if ((rc = fwd_ruleset_rollback(rs, mark))) {
			fwd_error_set(err, rc, LIVE_SOURCE, 0, 0,
				      "out of memory");
			break;
		}
	}
	live_sock_close(&ls);
	if (!rc && !same)
		rc = fwd_error_set(err, FWD_ECHANGED, LIVE_SOURCE, 0, 0,
				   "the nf_tables ruleset changed during each "
				   "of %d reads (generation %u, then %u); try "
				   "again when no one is changing it", LIVE_TRIES,
				   g[0], g[1]);
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
