/*
 * test_xt_decode.c — unit tests of plugins/common/xt_decode.c on kernel
 * info structs built by hand, including revisions iptables-restore no
 * longer produces (multiport 0, conntrack 1 and 2), so that the nftables
 * reader can rely on them for iptables-nft compat expressions.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_CT.h>
#include <linux/netfilter/xt_iprange.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_rpfilter.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "../../plugins/common/xt_decode.h"

static int passed, failed;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (cond) {                                                \
			passed++;                                          \
		} else {                                                   \
			failed++;                                          \
			fprintf(stderr, "%s:%d: FAIL %s\n", __FILE__,      \
				__LINE__, #cond);                          \
		}                                                          \
	} while (0)

static struct fwd_ruleset *rs;
static struct fwd_chain *chain;

static struct fwd_rule *fresh(void)
{
	return fwd_rule_add(rs, chain);
}

static bool has_opaque(const struct fwd_rule *r, const char *name)
{
	uint32_t i;

	for (i = 0; i < r->n_opaque; i++)
		if (!strcmp(r->opaque[i], name))
			return true;
	return false;
}

static bool ports_are(const struct fwd_port_match *m, const char *want)
{
	char buf[256] = "";
	uint32_t i;

	for (i = 0; i < m->n; i++) {
		size_t u = strlen(buf);

		snprintf(buf + u, sizeof(buf) - u, "%s%u-%u", i ? "," : "",
			 m->ranges[i].lo, m->ranges[i].hi);
	}
	if (strcmp(buf, want))
		fprintf(stderr, "  ports: got '%s', want '%s'\n", buf, want);
	return !strcmp(buf, want);
}

static void test_tcp_udp(void)
{
	struct xt_tcp t = { { 0, 65535 }, { 22, 22 }, 0, 0, 0, 0 };
	struct xt_udp u = { { 53, 53 }, { 1000, 2000 }, XT_UDP_INV_DSTPT };
	struct fwd_rule *r = fresh();

	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(ports_are(&r->dport, "22-22") && !r->dport.negate);
	CHECK(r->sport.n == 0 && r->n_opaque == 0 && r->ct.states == 0);

	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "udp", 0, &u, sizeof(u), NULL) == 0);
	CHECK(ports_are(&r->sport, "53-53") && ports_are(&r->dport, "1000-2000"));
	CHECK(r->dport.negate && !r->sport.negate);

	/* --syn: the first packet of a new connection */
	t = (struct xt_tcp){ { 0, 65535 }, { 0, 65535 }, 0, 0x17, 0x02, 0 };
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(r->ct.states == FWD_CT_NEW && !r->ct.negate && r->n_opaque == 0);
	/* ! --syn */
	t.invflags = XT_TCP_INV_FLAGS;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(r->ct.states == FWD_CT_NEW && r->ct.negate && r->n_opaque == 0);
	/* --tcp-flags SYN,ACK SYN also selects a bare SYN */
	t = (struct xt_tcp){ { 0, 65535 }, { 0, 65535 }, 0, 0x12, 0x02, 0 };
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(r->ct.states == FWD_CT_NEW && !r->ct.negate);
	/* --tcp-flags ALL NONE: never a connection's first packet */
	t = (struct xt_tcp){ { 0, 65535 }, { 0, 65535 }, 0, 0x3f, 0x00, 0 };
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(r->ct.states == FWD_CT_NEW && r->ct.negate);
	CHECK(has_opaque(r, "-m tcp --tcp-flags"));
	/* --tcp-flags FIN,RST NONE passes every SYN, but selects no SYN */
	t = (struct xt_tcp){ { 0, 65535 }, { 0, 65535 }, 0, 0x05, 0x00, 0 };
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(r->ct.states == 0 && has_opaque(r, "-m tcp --tcp-flags"));
	/* --tcp-option */
	t = (struct xt_tcp){ { 0, 65535 }, { 0, 65535 }, 8, 0, 0, 0 };
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(has_opaque(r, "-m tcp --tcp-option"));
	/* an empty range never matches; inverted it always does */
	t = (struct xt_tcp){ { 0, 65535 }, { 9, 3 }, 0, 0, 0, 0 };
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(ports_are(&r->dport, "0-65535") && r->dport.negate);
	t.invflags = XT_TCP_INV_DSTPT;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "tcp", 0, &t, sizeof(t), NULL) == 0);
	CHECK(r->dport.n == 0);
	/* too short a blob */
	CHECK(xtd_match(rs, fresh(), FWD_IPV4, "tcp", 0, &t, 3, NULL) ==
	      FWD_EINVAL);
}

static void test_multiport(void)
{
	struct xt_multiport m0 = { XT_MULTIPORT_DESTINATION, 3, { 80, 443, 8080 } };
	struct xt_multiport_v1 m1;
	struct fwd_rule *r = fresh();

	CHECK(xtd_match(rs, r, FWD_IPV4, "multiport", 0, &m0, sizeof(m0), NULL) == 0);
	CHECK(ports_are(&r->dport, "80-80,443-443,8080-8080"));

	memset(&m1, 0, sizeof(m1));
	m1.flags = XT_MULTIPORT_SOURCE;
	m1.count = 3;
	m1.ports[0] = 67;
	m1.ports[1] = 1000;
	m1.ports[2] = 2000;
	m1.pflags[1] = 1;
	m1.invert = 1;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV6, "multiport", 1, &m1, sizeof(m1), NULL) == 0);
	CHECK(ports_are(&r->sport, "67-67,1000-2000") && r->sport.negate);

	m1.flags = XT_MULTIPORT_EITHER;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "multiport", 1, &m1, sizeof(m1), NULL) == 0);
	CHECK(r->sport.n == 0 && r->dport.n == 0);
	CHECK(has_opaque(r, "-m multiport ! --ports"));

	/* a second port condition on the same field cannot be intersected */
	m0.flags = XT_MULTIPORT_DESTINATION;
	r = fresh();
	fwd_port_match_add(rs, &r->dport, 22, 22);
	CHECK(xtd_match(rs, r, FWD_IPV4, "multiport", 0, &m0, sizeof(m0), NULL) == 0);
	CHECK(ports_are(&r->dport, "22-22") && has_opaque(r, "-m multiport --dports"));
}

static void test_conntrack_state(void)
{
	struct xt_conntrack_mtinfo1 c1;
	struct xt_conntrack_mtinfo2 c2;
	struct xt_conntrack_mtinfo3 c3;
	struct xt_state_info s;
	struct fwd_rule *r;

	memset(&c1, 0, sizeof(c1));
	c1.match_flags = XT_CONNTRACK_STATE;
	c1.state_mask = XT_CONNTRACK_STATE_BIT(IP_CT_NEW) |
			XT_CONNTRACK_STATE_BIT(IP_CT_ESTABLISHED);
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "conntrack", 1, &c1, sizeof(c1), NULL) == 0);
	CHECK(r->ct.states == (FWD_CT_NEW | FWD_CT_ESTABLISHED) && !r->ct.negate);

	memset(&c2, 0, sizeof(c2));
	c2.match_flags = XT_CONNTRACK_STATE;
	c2.invert_flags = XT_CONNTRACK_STATE;
	c2.state_mask = XT_CONNTRACK_STATE_UNTRACKED | XT_CONNTRACK_STATE_INVALID;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "conntrack", 2, &c2, sizeof(c2), NULL) == 0);
	CHECK(r->ct.states == (FWD_CT_UNTRACKED | FWD_CT_INVALID) && r->ct.negate);

	memset(&c3, 0, sizeof(c3));
	c3.match_flags = XT_CONNTRACK_STATE | XT_CONNTRACK_PROTO;
	c3.state_mask = XT_CONNTRACK_STATE_BIT(IP_CT_NEW);
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "conntrack", 3, &c3, sizeof(c3), NULL) == 0);
	CHECK(r->ct.states == FWD_CT_NEW && has_opaque(r, "-m conntrack --ctproto"));

	/* SNAT/DNAT are not states of the model */
	c3.match_flags = XT_CONNTRACK_STATE;
	c3.state_mask |= XT_CONNTRACK_STATE_DNAT;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "conntrack", 3, &c3, sizeof(c3), NULL) == 0);
	CHECK(r->ct.states == 0 && r->n_opaque == 1);

	/* -m state ! --state NEW: iptables stores the complement */
	s.statemask = ~(unsigned)XT_STATE_BIT(IP_CT_NEW);
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "state", 0, &s, sizeof(s), NULL) == 0);
	CHECK(r->ct.states == (FWD_CT_ESTABLISHED | FWD_CT_RELATED |
			       FWD_CT_INVALID | FWD_CT_UNTRACKED) &&
	      !r->ct.negate);

	/* state NEW and then ! --syn: no packet can do both */
	s.statemask = XT_STATE_BIT(IP_CT_NEW);
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "state", 0, &s, sizeof(s), NULL) == 0);
	xtd_ct_and(&r->ct, FWD_CT_NEW, true);
	CHECK(r->ct.states == XTD_CT_ALL && r->ct.negate);
}

static void test_ct_and(void)
{
	struct fwd_ct_match ct = { 0, false };

	xtd_ct_and(&ct, XTD_CT_ALL, false);
	CHECK(ct.states == 0);
	xtd_ct_and(&ct, FWD_CT_NEW | FWD_CT_ESTABLISHED, false);
	CHECK(ct.states == (FWD_CT_NEW | FWD_CT_ESTABLISHED) && !ct.negate);
	xtd_ct_and(&ct, FWD_CT_ESTABLISHED, true);
	CHECK(ct.states == FWD_CT_NEW && !ct.negate);
	ct = (struct fwd_ct_match){ 0, false };
	xtd_ct_and(&ct, FWD_CT_INVALID, true);
	CHECK(ct.states == FWD_CT_INVALID && ct.negate);
}

static void test_comment_iprange_addrtype(void)
{
	struct xt_comment_info c;
	struct xt_iprange_mtinfo ir;
	struct xt_addrtype_info_v1 at = { 0, 0, 0 };
	struct xt_rpfilter_info rp = { 0 };
	struct fwd_rule *r = fresh();

	snprintf(c.comment, sizeof(c.comment), "allow ssh");
	CHECK(xtd_match(rs, r, FWD_IPV4, "comment", 0, &c, sizeof(c), NULL) == 0);
	CHECK(r->comment && !strcmp(r->comment, "allow ssh") && r->n_opaque == 0);
	CHECK(xtd_match(rs, r, FWD_IPV4, "comment", 0, &c, sizeof(c), NULL) == 0);
	CHECK(!strcmp(r->comment, "allow ssh; allow ssh"));

	memset(&ir, 0, sizeof(ir));
	inet_pton(AF_INET, "10.0.0.0", &ir.src_min);
	inet_pton(AF_INET, "10.0.0.255", &ir.src_max);
	ir.flags = IPRANGE_SRC;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "iprange", 1, &ir, sizeof(ir), NULL) == 0);
	CHECK(r->saddr.n == 1 && r->saddr.prefixes[0].len == 24 && !r->saddr.negate);
	/* with -s already there: opaque, not a wrong union */
	CHECK(xtd_match(rs, r, FWD_IPV4, "iprange", 1, &ir, sizeof(ir), NULL) == 0);
	CHECK(r->saddr.n == 1 && has_opaque(r, "-m iprange --src-range"));

	memset(&ir, 0, sizeof(ir));
	inet_pton(AF_INET6, "2001:db8::", &ir.dst_min);
	inet_pton(AF_INET6, "2001:db8::1", &ir.dst_max);
	ir.flags = IPRANGE_DST | IPRANGE_DST_INV;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV6, "iprange", 1, &ir, sizeof(ir), NULL) == 0);
	CHECK(r->daddr.n == 1 && r->daddr.prefixes[0].len == 127 && r->daddr.negate);

	/* rpfilter: --invert matches the packets failing the check */
	rp.flags = XT_RPFILTER_INVERT | XT_RPFILTER_LOOSE;
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV6, "rpfilter", 0, &rp, sizeof(rp), NULL) == 0);
	CHECK(r->rpf == FWD_RPF_FAIL && r->n_opaque == 0);
	rp.flags = XT_RPFILTER_ACCEPT_LOCAL;
	CHECK(xtd_match(rs, r, FWD_IPV6, "rpfilter", 0, &rp, sizeof(rp), NULL) == 0);
	CHECK(r->rpf == FWD_RPF_FAIL && has_opaque(r, "-m rpfilter"));
	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "rpfilter", 0, &rp, sizeof(rp), NULL) == 0);
	CHECK(r->rpf == FWD_RPF_PASS && r->n_opaque == 0);

	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "addrtype", 1, &at, sizeof(at), NULL) == 0);
	CHECK(r->n_opaque == 0);
	at.dest = XT_ADDRTYPE_LOCAL;
	at.flags = XT_ADDRTYPE_INVERT_DEST;
	CHECK(xtd_match(rs, r, FWD_IPV4, "addrtype", 1, &at, sizeof(at), NULL) == 0);
	CHECK(r->n_opaque == 0 && r->dtype.types == FWD_ADDRTYPE_LOCAL &&
	      r->dtype.negate && r->stype.types == 0);
	r = fresh();
	at.flags = XT_ADDRTYPE_LIMIT_IFACE_IN;
	CHECK(xtd_match(rs, r, FWD_IPV4, "addrtype", 1, &at, sizeof(at), NULL) == 0);
	CHECK(has_opaque(r, "-m addrtype"));

	r = fresh();
	CHECK(xtd_match(rs, r, FWD_IPV4, "recent", 0, NULL, 0, NULL) == 0);
	CHECK(has_opaque(r, "-m recent"));
	CHECK(xtd_match(rs, r, FWD_IPV4, "conntrack", 1, NULL, 0, "state") == 0);
	CHECK(has_opaque(r, "-m state"));
}

static void test_ip_part(void)
{
	uint8_t a[16], m[16];
	char name[IFNAMSIZ] = "eth";
	unsigned char mask[IFNAMSIZ] = { 0xff, 0xff, 0xff };
	struct fwd_rule *r = fresh();
	unsigned b;

	inet_pton(AF_INET, "10.1.2.3", a);
	inet_pton(AF_INET, "255.255.0.0", m);
	CHECK(xtd_addr(rs, r, &r->saddr, FWD_IPV4, a, m, false, "-s") == 0);
	CHECK(r->saddr.n == 1 && r->saddr.prefixes[0].len == 16 &&
	      r->saddr.prefixes[0].addr[2] == 0);
	inet_pton(AF_INET, "255.0.255.0", m);
	CHECK(xtd_addr(rs, r, &r->daddr, FWD_IPV4, a, m, true, "-d") == 0);
	CHECK(r->daddr.n == 0 && has_opaque(r, "! -d 10.1.2.3/255.0.255.0"));
	/* every second byte: a prefix exactly when its ones come first */
	for (b = 0; b < 256; b++) {
		unsigned ones = 0, k;
		bool prefix;

		for (k = 0; k < 8 && (b & (0x80u >> k)); k++)
			ones++;
		prefix = (b & (0xffu >> ones)) == 0;
		memset(m, 0, sizeof(m));
		m[0] = 0xff;
		m[1] = (uint8_t)b;
		r = fresh();
		CHECK(xtd_addr(rs, r, &r->saddr, FWD_IPV4, a, m, false, "-s") == 0);
		CHECK(prefix ? r->saddr.n == 1 && r->saddr.prefixes[0].len == 8 + ones
			     : r->saddr.n == 0 && r->n_opaque == 1);
	}
	memset(m, 0xff, sizeof(m));
	m[15] = 0xfe;
	r = fresh();
	CHECK(xtd_addr(rs, r, &r->saddr, FWD_IPV6, a, m, false, "-s") == 0);
	CHECK(r->saddr.n == 1 && r->saddr.prefixes[0].len == 127);
	m[15] = 0x01;
	r = fresh();
	CHECK(xtd_addr(rs, r, &r->saddr, FWD_IPV6, a, m, false, "-s") == 0);
	CHECK(r->saddr.n == 0 && r->n_opaque == 1);
	memset(m, 0, sizeof(m));
	r = fresh();
	CHECK(xtd_addr(rs, r, &r->saddr, FWD_IPV6, a, m, false, "-s") == 0);
	CHECK(r->saddr.n == 0);
	CHECK(xtd_addr(rs, r, &r->saddr, FWD_IPV6, a, m, true, "-s") == 0);
	CHECK(r->saddr.n == 1 && r->saddr.prefixes[0].len == 0 && r->saddr.negate);

	r = fresh();
	CHECK(xtd_iface(rs, &r->iif, name, mask, false) == 0);
	CHECK(r->iif.n == 1 && !strcmp(r->iif.names[0], "eth*"));
	mask[3] = 0xff; /* covers the NUL: exact name */
	CHECK(xtd_iface(rs, &r->oif, name, mask, true) == 0);
	CHECK(r->oif.n == 1 && !strcmp(r->oif.names[0], "eth") && r->oif.negate);
	memset(mask, 0, sizeof(mask));
	r = fresh();
	CHECK(xtd_iface(rs, &r->iif, "", mask, false) == 0 && r->iif.n == 0);
	CHECK(xtd_iface(rs, &r->iif, "", mask, true) == 0);
	CHECK(r->iif.n == 1 && !strcmp(r->iif.names[0], "*") && r->iif.negate);

	r = fresh();
	CHECK(xtd_proto(rs, r, 0, false) == 0 && r->proto.n == 0);
	CHECK(xtd_proto(rs, r, 17, true) == 0 && r->proto.n == 1 && r->proto.negate);
}

static void test_targets(void)
{
	struct xt_ct_target_info ct;
	struct fwd_rule *r = fresh();

	CHECK(xtd_target(rs, r, "REJECT", 0, NULL, 0) == 0 &&
	      r->verdict == FWD_VERDICT_REJECT);
	CHECK(xtd_target(rs, r, "NFQUEUE", 3, NULL, 0) == 0 &&
	      r->verdict == FWD_VERDICT_QUEUE);
	CHECK(xtd_target(rs, r, "DNAT", 2, NULL, 0) == XTD_T_NAT &&
	      r->verdict == FWD_VERDICT_CONTINUE);
	CHECK(xtd_target(rs, r, "LOG", 0, NULL, 0) == 0 &&
	      r->verdict == FWD_VERDICT_CONTINUE);
	memset(&ct, 0, sizeof(ct));
	CHECK(xtd_target(rs, r, "CT", 1, &ct, sizeof(ct)) == 0);
	ct.flags = XT_CT_NOTRACK;
	CHECK(xtd_target(rs, r, "CT", 1, &ct, sizeof(ct)) == XTD_T_NOTRACK);
	CHECK(xtd_target(rs, r, "NOTRACK", 0, NULL, 0) == XTD_T_NOTRACK);
	CHECK(xtd_target(rs, r, "SYNPROXY", 0, NULL, 0) == XTD_T_UNMODELED);
}

int main(void)
{
	rs = fwd_ruleset_new();
	chain = fwd_chain_get(rs, fwd_view_get(rs, "host"), "test", "filter",
			      "INPUT", FWD_FAM_ALL);
	test_tcp_udp();
	test_multiport();
	test_conntrack_state();
	test_ct_and();
	test_comment_iprange_addrtype();
	test_ip_part();
	test_targets();
	fwd_ruleset_free(rs);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
