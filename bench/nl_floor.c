/*
 * nl_floor.c — the benchmark's floor: receive the netlink dump of every
 * nf_tables table, chain, set, set element and rule, and throw it away.
 * It parses nothing but the names it needs to ask for each set's
 * elements (and, with --per-chain, for each chain's rules), so fwdrift's
 * live nftables read can only be slower than this; its ratio to this
 * says what decoding and evaluation cost.
 *
 * Rules come in one dump of everything, or with --per-chain in one dump
 * per chain as fwdrift asks for them: the kernel resumes a dump by
 * skipping what it already sent, so one dump of 100k rules is quadratic.
 *
 * Build: cc -O2 nl_floor.c $(pkg-config --cflags --libs libmnl) -o nl_floor
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#define BUF_LEN (1 << 20)
#define MAX_OBJS 65536

/* A set or a chain: what a dump of its elements or rules names. */
struct obj_id {
	uint8_t family;
	char table[256], name[256];
};

static long messages, bytes;
static struct obj_id sets[MAX_OBJS], chains[MAX_OBJS];
static int n_sets, n_chains;

struct name_attrs {
	struct obj_id *o;
	uint16_t table, name; /* attribute types of this kind of object */
};

static int name_attr_cb(const struct nlattr *a, void *data)
{
	const struct name_attrs *n = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type != n->table && type != n->name)
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_ERROR;
	snprintf(type == n->table ? n->o->table : n->o->name,
		 sizeof(n->o->table), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	uint16_t type = *(uint16_t *)data;

	messages++;
	bytes += nlh->nlmsg_len;
	struct name_attrs n = { NULL, 0, 0 };

	if (type == NFT_MSG_GETSET && n_sets < MAX_OBJS)
		n = (struct name_attrs){ &sets[n_sets++], NFTA_SET_TABLE,
					 NFTA_SET_NAME };
	else if (type == NFT_MSG_GETCHAIN && n_chains < MAX_OBJS)
		n = (struct name_attrs){ &chains[n_chains++],
					 NFTA_CHAIN_TABLE, NFTA_CHAIN_NAME };
	if (!n.o)
		return MNL_CB_OK;
	n.o->family = nfg->nfgen_family;
	return mnl_attr_parse(nlh, sizeof(*nfg), name_attr_cb, &n);
}

static int dump(struct mnl_socket *nl, uint16_t type, const struct obj_id *s,
		char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;
	unsigned int seq = (unsigned int)time(NULL), portid;
	ssize_t n;
	int rc = MNL_CB_OK;

	nlh->nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = s ? s->family : NFPROTO_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	if (s) {
		/* NFTA_SET_ELEM_LIST_TABLE/SET = NFTA_RULE_TABLE/CHAIN */
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, s->table);
		mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, s->name);
	}
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	portid = mnl_socket_get_portid(nl);
	while (rc > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, buf, BUF_LEN);
		if (n < 0)
			return -1;
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, count_cb, &type);
	}
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const uint16_t types[] = { NFT_MSG_GETTABLE, NFT_MSG_GETCHAIN,
					  NFT_MSG_GETSET, NFT_MSG_GETRULE };
	int per_chain = argc > 1 && strcmp(argv[1], "--per-chain") == 0;
	int n_types = per_chain ? 3 : 4;
	char *buf = malloc(BUF_LEN);
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	int i;

	if (!buf || !nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("netlink");
		return 1;
	}
	for (i = 0; i < n_types; i++)
		if (dump(nl, types[i], NULL, buf))
			goto fail;
	for (i = 0; i < n_sets; i++)
		if (dump(nl, NFT_MSG_GETSETELEM, &sets[i], buf))
			goto fail;
	for (i = 0; per_chain && i < n_chains; i++)
		if (dump(nl, NFT_MSG_GETRULE, &chains[i], buf))
			goto fail;
	printf("%ld messages, %ld bytes, %d sets, %d chains\n", messages,
	       bytes, n_sets, n_chains);
	mnl_socket_close(nl);
	free(buf);
	return 0;
fail:
	fprintf(stderr, "nl_floor: dump: %s\n", strerror(errno));
	return 1;
}
