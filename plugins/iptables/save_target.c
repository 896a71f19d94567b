/*
 * save_target.c — what the word after -j / -g is in an iptables-save
 * export (a verdict, a user chain of the open table, REJECT, another
 * target extension) and which REJECT types each family has.
 */
#include <string.h>

#include "save_parse.h"

static const char *const ext_targets[] = {
	"AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK",
	"CONNSECMARK", "CT", "DNAT", "DNPT", "DSCP", "ECN", "HL", "HMARK",
	"IDLETIMER", "LED", "LOG", "MARK", "MASQUERADE", "NETMAP", "NFLOG",
	"NFQUEUE", "NOTRACK", "RATEEST", "REDIRECT", "SECMARK", "SET",
	"SNAT", "SNPT", "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS",
	"TPROXY", "TRACE", "TTL", "ULOG", NULL
};

int starget_kind(struct save_ctx *c, const char *name)
{
	size_t i;

	if (!strcmp(name, "ACCEPT") || !strcmp(name, "DROP") ||
	    !strcmp(name, "RETURN") || !strcmp(name, "QUEUE"))
		return ST_STANDARD;
	if (save_chain_find(c, name))
		return ST_CHAIN;
	if (!strcmp(name, "REJECT"))
		return ST_REJECT;
	for (i = 0; ext_targets[i]; i++)
		if (!strcmp(name, ext_targets[i]))
			return ST_EXTENSION;
	return -1;
}

bool starget_reject_with_ok(const char *v, enum fwd_family fam)
{
	static const char *const v4[] = {
		"icmp-net-unreachable", "net-unreach", "icmp-host-unreachable",
		"host-unreach", "icmp-proto-unreachable", "proto-unreach",
		"icmp-port-unreachable", "port-unreach", "icmp-net-prohibited",
		"net-prohib", "icmp-host-prohibited", "host-prohib",
		"icmp-admin-prohibited", "admin-prohib", "tcp-reset", "tcp-rst",
		NULL
	};
	static const char *const v6[] = {
		"icmp6-no-route", "no-route", "icmp6-adm-prohibited",
		"adm-prohibited", "icmp6-addr-unreachable", "addr-unreach",
		"icmp6-port-unreachable", "port-unreach", "icmp6-policy-fail",
		"policy-fail", "icmp6-reject-route", "reject-route", "tcp-reset",
		"tcp-rst", NULL
	};
	const char *const *t = fam == FWD_IPV6 ? v6 : v4;

	for (; *t; t++)
		if (!strcmp(*t, v))
			return true;
	return false;
}
