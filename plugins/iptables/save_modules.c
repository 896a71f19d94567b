/*
 * save_modules.c — the -m modules of the iptables-save parser: the options
 * each module takes (so that a typo is an error, not a silently different
 * firewall) and what a fresh instance holds. How option words become the
 * kernel's info structs is save_match.c.
 */
#include <string.h>

#include <linux/netfilter/xt_tcpudp.h>

#include "save_parse.h"
#include "save_modules.h"

#define END { NULL, NULL, 0, false, 0 }
#define L(n) { n, NULL, -1, true, 30 } /* known name, loose arguments */

static const struct smopt o_tcp[] = {
	{ "--sport", "--source-port", 1, true, 0 },
	{ "--dport", "--destination-port", 1, true, 1 },
	{ "--tcp-flags", NULL, 2, true, 2 },
	{ "--syn", NULL, 0, true, 2 },
	{ "--tcp-option", NULL, 1, true, 3 },
	END
};
static const struct smopt o_udp[] = {
	{ "--sport", "--source-port", 1, true, 0 },
	{ "--dport", "--destination-port", 1, true, 1 },
	END
};
static const struct smopt o_multiport[] = {
	{ "--sports", "--source-ports", 1, true, 0 },
	{ "--dports", "--destination-ports", 1, true, 0 },
	{ "--ports", NULL, 1, true, 0 },
	END
};
static const struct smopt o_conntrack[] = {
	{ "--ctstate", NULL, 1, true, 0 },
	{ "--ctproto", NULL, 1, true, 1 },
	{ "--ctorigsrc", NULL, 1, true, 2 },
	{ "--ctorigdst", NULL, 1, true, 3 },
	{ "--ctreplsrc", NULL, 1, true, 4 },
	{ "--ctrepldst", NULL, 1, true, 5 },
	{ "--ctstatus", NULL, 1, true, 6 },
	{ "--ctexpire", NULL, 1, true, 7 },
	{ "--ctorigsrcport", NULL, 1, true, 8 },
	{ "--ctorigdstport", NULL, 1, true, 9 },
	{ "--ctreplsrcport", NULL, 1, true, 10 },
	{ "--ctrepldstport", NULL, 1, true, 11 },
	{ "--ctdir", NULL, 1, false, 12 },
	END
};
static const struct smopt o_state[] = { { "--state", NULL, 1, true, 0 }, END };
static const struct smopt o_comment[] = { { "--comment", NULL, 1, false, 0 }, END };
static const struct smopt o_iprange[] = {
	{ "--src-range", NULL, 1, true, 0 },
	{ "--dst-range", NULL, 1, true, 1 },
	END
};
static const struct smopt o_addrtype[] = {
	{ "--src-type", NULL, 1, true, 0 },
	{ "--dst-type", NULL, 1, true, 1 },
	{ "--limit-iface-in", NULL, 0, false, 2 },
	{ "--limit-iface-out", NULL, 0, false, 3 },
	END
};
static const struct smopt o_icmp[] = { { "--icmp-type", NULL, 1, true, 0 }, END };
static const struct smopt o_icmp6[] = { { "--icmpv6-type", NULL, 1, true, 0 }, END };
static const struct smopt o_limit[] = { L("--limit"), L("--limit-burst"), END };
static const struct smopt o_mark[] = { L("--mark"), END };
static const struct smopt o_owner[] = {
	L("--uid-owner"), L("--gid-owner"), L("--socket-exists"),
	L("--suppl-groups"), END
};
static const struct smopt o_recent[] = {
	L("--set"), L("--rcheck"), L("--update"), L("--remove"),
	L("--seconds"), L("--reap"), L("--hitcount"), L("--rttl"),
	L("--name"), L("--mask"), L("--rsource"), L("--rdest"), END
};
static const struct smopt o_set[] = {
	L("--match-set"), L("--set"), L("--return-nomatch"),
	L("--update-counters"), L("--update-subcounters"),
	L("--packets-eq"), L("--packets-lt"), L("--packets-gt"),
	L("--bytes-eq"), L("--bytes-lt"), L("--bytes-gt"), END
};
static const struct smopt o_pkttype[] = { L("--pkt-type"), END };
static const struct smopt o_mac[] = { L("--mac-source"), END };
static const struct smopt o_physdev[] = {
	L("--physdev-in"), L("--physdev-out"), L("--physdev-is-in"),
	L("--physdev-is-out"), L("--physdev-is-bridged"), END
};
static const struct smopt o_length[] = { L("--length"), END };
static const struct smopt o_ttl[] = { L("--ttl-eq"), L("--ttl-lt"), L("--ttl-gt"), END };
static const struct smopt o_hl[] = { L("--hl-eq"), L("--hl-lt"), L("--hl-gt"), END };
static const struct smopt o_hashlimit[] = {
	L("--hashlimit"), L("--hashlimit-upto"), L("--hashlimit-above"),
	L("--hashlimit-burst"), L("--hashlimit-mode"),
	L("--hashlimit-srcmask"), L("--hashlimit-dstmask"),
	L("--hashlimit-name"), L("--hashlimit-htable-size"),
	L("--hashlimit-htable-max"), L("--hashlimit-htable-expire"),
	L("--hashlimit-htable-gcinterval"), L("--hashlimit-rate-match"),
	L("--hashlimit-rate-interval"), END
};
static const struct smopt o_connlimit[] = {
	L("--connlimit-upto"), L("--connlimit-above"), L("--connlimit-mask"),
	L("--connlimit-saddr"), L("--connlimit-daddr"), END
};
static const struct smopt o_socket[] = {
	L("--transparent"), L("--nowildcard"), L("--restore-skmark"), END
};
/* ids are the bit numbers of XT_RPFILTER_* */
static const struct smopt o_rpfilter[] = {
	{ "--loose", NULL, 0, false, 0 },
	{ "--validmark", NULL, 0, false, 1 },
	{ "--accept-local", NULL, 0, false, 2 },
	{ "--invert", NULL, 0, false, 3 },
	END
};

#define BOTH FWD_FAM_ALL
static const struct smod mods[] = {
	{ "tcp", BOTH, K_TCP, o_tcp, 0, 6 },
	{ "udp", BOTH, K_UDP, o_udp, 0, 17 },
	{ "multiport", BOTH, K_MULTIPORT, o_multiport, 1, 0 },
	{ "conntrack", BOTH, K_CONNTRACK, o_conntrack, 3, 0 },
	{ "state", BOTH, K_STATE, o_state, 0, 0 },
	{ "comment", BOTH, K_COMMENT, o_comment, 0, 0 },
	{ "iprange", BOTH, K_IPRANGE, o_iprange, 1, 0 },
	{ "addrtype", BOTH, K_ADDRTYPE, o_addrtype, 1, 0 },
	{ "icmp", FWD_FAM_IPV4, K_ICMP, o_icmp, 0, 1 },
	{ "icmp6", FWD_FAM_IPV6, K_ICMP, o_icmp6, 0, 58 },
	{ "limit", BOTH, K_LOOSE, o_limit, 0, 0 },
	{ "mark", BOTH, K_LOOSE, o_mark, 0, 0 },
	{ "connmark", BOTH, K_LOOSE, o_mark, 0, 0 },
	{ "owner", BOTH, K_LOOSE, o_owner, 0, 0 },
	{ "recent", BOTH, K_LOOSE, o_recent, 0, 0 },
	{ "set", BOTH, K_LOOSE, o_set, 0, 0 },
	{ "pkttype", BOTH, K_LOOSE, o_pkttype, 0, 0 },
	{ "mac", BOTH, K_LOOSE, o_mac, 0, 0 },
	{ "physdev", BOTH, K_LOOSE, o_physdev, 0, 0 },
	{ "length", BOTH, K_LOOSE, o_length, 0, 0 },
	{ "ttl", FWD_FAM_IPV4, K_LOOSE, o_ttl, 0, 0 },
	{ "hl", FWD_FAM_IPV6, K_LOOSE, o_hl, 0, 0 },
	{ "hashlimit", BOTH, K_LOOSE, o_hashlimit, 0, 0 },
	{ "connlimit", BOTH, K_LOOSE, o_connlimit, 0, 0 },
	{ "socket", BOTH, K_LOOSE, o_socket, 0, 0 },
	{ "rpfilter", BOTH, K_RPFILTER, o_rpfilter, 0, 0 },
	/* Known modules whose options we take as they come. */
	{ "ah", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "bpf", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "cgroup", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "cluster", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "connbytes", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "connlabel", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "cpu", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "dccp", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "devgroup", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "dscp", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "dst", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "ecn", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "esp", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "eui64", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "frag", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "hbh", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "helper", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "ipcomp", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "ipv6header", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "ipvs", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "l2tp", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "mh", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "nfacct", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "osf", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "policy", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "quota", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "rateest", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "realm", FWD_FAM_IPV4, K_LOOSE, NULL, 0, 0 },
	{ "rt", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "sctp", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "srh", FWD_FAM_IPV6, K_LOOSE, NULL, 0, 0 },
	{ "statistic", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "string", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "tcpmss", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "time", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "tos", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "u32", BOTH, K_LOOSE, NULL, 0, 0 },
	{ "udplite", BOTH, K_LOOSE, NULL, 0, 0 },
};

static const struct smopt loose_opt = { "*", NULL, -1, true, 31 };

const struct smod *smod_find(const char *name, enum fwd_family fam)
{
	size_t i;

	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
		if (strcmp(mods[i].name, name) == 0 &&
		    (mods[i].fams & FWD_FAM_BIT(fam)))
			return &mods[i];
	return NULL;
}

void smod_init(struct sminst *m, const struct smod *mod, const char *name,
	       const struct stok *at)
{
	memset(m, 0, sizeof(*m));
	m->mod = mod;
	m->name = name;
	m->at = at;
	if (mod && mod->kind == K_TCP) {
		struct xt_tcp *t = (struct xt_tcp *)m->info.b;

		t->spts[1] = t->dpts[1] = 0xFFFF;
	} else if (mod && mod->kind == K_UDP) {
		struct xt_udp *u = (struct xt_udp *)m->info.b;

		u->spts[1] = u->dpts[1] = 0xFFFF;
	}
}

/* Options share their "--": comparing the third byte first rejects most
 * of a module's options without a call (the parser asks for every word). */
static bool same_name(const char *a, const char *b)
{
	if (a[0] != b[0] || !a[0] || a[1] != b[1] || !a[1] || a[2] != b[2])
		return false;
	return !a[2] || strcmp(a + 3, b + 3) == 0;
}

const struct smopt *smod_opt(const struct sminst *m, const char *opt,
			     int *nargs)
{
	const struct smopt *o;

	if (!m->mod || !m->mod->opts) {
		*nargs = -1;
		return &loose_opt;
	}
	for (o = m->mod->opts; o->name; o++)
		if (same_name(o->name, opt) ||
		    (o->alias && same_name(o->alias, opt))) {
			*nargs = o->nargs;
			return o;
		}
	return NULL;
}
