/*
 * live_dump.c — the dump requests of live_dump.h, and GETGEN. Tables,
 * chains and sets are parsed by libnftnl and kept until the rules that
 * use them are decoded; rules go to the caller's callback.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/common.h>
#include <libnftnl/gen.h>

#include "live_dump.h"

static int grow(void ***arr, uint32_t *cap, uint32_t need)
{
	uint32_t n = *cap ? *cap * 2 : 16;
	void **p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * sizeof(**arr));
	if (!p)
		return -1;
	*arr = p;
	*cap = n;
	return 0;
}

/* buf is the caller's, of LIVE_REQ bytes: zeroed, so that the attribute
 * padding the builders skip is not sent as stack garbage (valgrind). */
#define LIVE_REQ 1024

static struct nlmsghdr *request(struct live_sock *ls, char *buf,
				uint16_t type, uint16_t family, uint16_t flags)
{
	memset(buf, 0, LIVE_REQ);
	return nftnl_nlmsg_build_hdr(buf, type, family, flags, ++ls->seq);
}

static int gen_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_gen *g = nftnl_gen_alloc();
	uint32_t *gen = data;

	if (!g)
		return MNL_CB_ERROR;
	if (nftnl_gen_nlmsg_parse(nlh, g) < 0) {
		nftnl_gen_free(g);
		return MNL_CB_ERROR;
	}
	*gen = nftnl_gen_get_u32(g, NFTNL_GEN_ID);
	nftnl_gen_free(g);
	return MNL_CB_OK;
}

int live_gen(struct live_sock *ls, uint32_t *gen)
{
	char buf[LIVE_REQ];
	struct nlmsghdr *nlh = request(ls, buf, NFT_MSG_GETGEN, AF_UNSPEC,
				       NLM_F_REQUEST);

	return live_sock_talk(ls, nlh, gen_cb, gen, "generation");
}

struct collect {
	struct live_dump *d;
	struct live_sock *ls;
	uint16_t type;
	struct nftnl_set *set; /* GETSETELEM: the set being filled */
};

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct live_dump *d = c->d;
	void *o = NULL;
	int rc = -1;

	switch (c->type) {
	case NFT_MSG_GETTABLE:
		if ((o = nftnl_table_alloc()) &&
		    (rc = nftnl_table_nlmsg_parse(nlh, o)) >= 0 &&
		    !(rc = grow((void ***)&d->tables, &d->cap_tables,
				d->n_tables + 1)))
			d->tables[d->n_tables++] = o;
		else if (o)
			nftnl_table_free(o);
		break;
	case NFT_MSG_GETCHAIN:
		if ((o = nftnl_chain_alloc()) &&
		    (rc = nftnl_chain_nlmsg_parse(nlh, o)) >= 0 &&
		    !(rc = grow((void ***)&d->chains, &d->cap_chains,
				d->n_chains + 1)))
			d->chains[d->n_chains++] = o;
		else if (o)
			nftnl_chain_free(o);
		break;
	case NFT_MSG_GETSET:
		if ((o = nftnl_set_alloc()) &&
		    (rc = nftnl_set_nlmsg_parse(nlh, o)) >= 0 &&
		    !(rc = grow((void ***)&d->sets, &d->cap_sets,
				d->n_sets + 1)))
			d->sets[d->n_sets++] = o;
		else if (o)
			nftnl_set_free(o);
		break;
	case NFT_MSG_GETSETELEM:
		rc = nftnl_set_elems_nlmsg_parse(nlh, c->set);
		break;
	}
	if (rc < 0) {
		fwd_error_set(c->ls->err, FWD_EIO, LIVE_SOURCE, 0, 0,
			      "cannot parse a netlink message from nf_tables");
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int dump(struct live_sock *ls, struct live_dump *d, uint16_t type,
		const char *what)
{
	char buf[LIVE_REQ];
	struct collect c = { d, ls, type, NULL };
	struct nlmsghdr *nlh = request(ls, buf, type, NFPROTO_UNSPEC,
				       NLM_F_DUMP);

	return live_sock_talk(ls, nlh, collect_cb, &c, what);
}

/* A set or chain deleted since the dump that listed it (ENOENT): not an
 * error but a change, which the generation check sees, and the read is
 * tried again. */
static int vanished(struct live_sock *ls, int rc)
{
	if (rc == FWD_EIO && ls->err && ls->err->code == FWD_EIO &&
	    strstr(ls->err->text, "No such file")) {
		fwd_error_clear(ls->err);
		ls->interrupted = true;
		return 0;
	}
	return rc;
}

static int dump_elems(struct live_sock *ls, struct live_dump *d,
		      struct nftnl_set *s)
{
	char buf[LIVE_REQ];
	struct collect c = { d, ls, NFT_MSG_GETSETELEM, s };
	struct nlmsghdr *nlh = request(ls, buf, NFT_MSG_GETSETELEM,
				       (uint16_t)nftnl_set_get_u32(s,
						NFTNL_SET_FAMILY),
				       NLM_F_DUMP);
	int rc;

	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	rc = live_sock_talk(ls, nlh, collect_cb, &c, "set element");
	return vanished(ls, rc);
}

int live_dump_objects(struct live_sock *ls, struct live_dump *d)
{
	uint32_t i;
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = dump(ls, d, NFT_MSG_GETTABLE, "table dump")) ||
	    (rc = dump(ls, d, NFT_MSG_GETCHAIN, "chain dump")) ||
	    (rc = dump(ls, d, NFT_MSG_GETSET, "set dump")))
		return rc;
	for (i = 0; i < d->n_sets; i++)
		if ((rc = dump_elems(ls, d, d->sets[i])))
			return rc;
	return 0;
}

int live_dump_chain_rules(struct live_sock *ls, struct nftnl_chain *c,
			  mnl_cb_t cb, void *data)
{
	char buf[LIVE_REQ];
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	int rc;

	if (!r)
		return fwd_error_set(ls->err, FWD_ENOMEM, LIVE_SOURCE, 0, 0,
				     "out of memory");
	nlh = request(ls, buf, NFT_MSG_GETRULE,
		      (uint16_t)nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY),
		      NLM_F_DUMP);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE,
			   nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE));
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN,
			   nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	rc = live_sock_talk(ls, nlh, cb, data, "rule dump");
	return vanished(ls, rc);
}

void live_dump_free(struct live_dump *d)
{
	uint32_t i;

	for (i = 0; i < d->n_tables; i++)
		nftnl_table_free(d->tables[i]);
	for (i = 0; i < d->n_chains; i++)
		nftnl_chain_free(d->chains[i]);
	for (i = 0; i < d->n_sets; i++)
		nftnl_set_free(d->sets[i]);
	free(d->tables);
	free(d->chains);
	free(d->sets);
	memset(d, 0, sizeof(*d));
}
