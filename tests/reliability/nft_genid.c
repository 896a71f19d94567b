/*
 * nft_genid.c — print the nf_tables generation id of the current network
 * namespace: one NFT_MSG_GETGEN request over NETLINK_NETFILTER, and the
 * NFTA_GEN_ID of the NFT_MSG_NEWGEN answer. Every committed change of the
 * ruleset increments it, so equal ids before and after a read prove that
 * nothing was committed in between. A test helper: exit 1 with a message
 * when the id cannot be read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct {
		struct nlmsghdr nh;
		struct nfgenmsg nf;
	} req = {
		.nh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETGEN,
			.nlmsg_flags = NLM_F_REQUEST,
			.nlmsg_seq = 1,
		},
		.nf = { .nfgen_family = AF_UNSPEC, .version = NFNETLINK_V0 },
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	union {
		char buf[8192];
		struct nlmsghdr nh;
	} ans;
	struct nlattr *a;
	ssize_t n;
	size_t off;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, &req, sizeof(req), 0) < 0 ||
	    (n = recv(fd, ans.buf, sizeof(ans.buf), 0)) < 0) {
		fprintf(stderr, "nft_genid: %s\n", strerror(errno));
		return 1;
	}
	if ((size_t)n < sizeof(req) || ans.nh.nlmsg_type == NLMSG_ERROR ||
	    ans.nh.nlmsg_type != (NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWGEN)) {
		fprintf(stderr, "nft_genid: no NEWGEN answer (type %#x)\n",
			(unsigned)ans.nh.nlmsg_type);
		return 1;
	}
	for (off = sizeof(req); off + sizeof(*a) <= (size_t)n &&
	     off < ans.nh.nlmsg_len;
	     off += NLA_ALIGN(a->nla_len)) {
		a = (struct nlattr *)(ans.buf + off);
		if (a->nla_len < sizeof(*a))
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NFTA_GEN_ID &&
		    a->nla_len >= sizeof(*a) + 4) {
			uint32_t id;

			memcpy(&id, (char *)a + NLA_HDRLEN, 4);
			printf("%u\n", ntohl(id));
			return 0;
		}
	}
	fprintf(stderr, "nft_genid: no NFTA_GEN_ID in the answer\n");
	return 1;
}
