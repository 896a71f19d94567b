/*
 * live6.c — the IPv6 legacy tables through libip6tc: how an ip6t_entry
 * becomes a live_entry; the walk is live_table.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libiptc/libip6tc.h>

#include "iptables.h"
#include "live.h"

static void fill(struct live_entry *le, const struct ip6t_entry *e,
		 struct xtc_handle *h)
{
	memset(le, 0, sizeof(*le));
	le->fam = FWD_IPV6;
	memcpy(le->src, &e->ipv6.src, 16);
	memcpy(le->smsk, &e->ipv6.smsk, 16);
	memcpy(le->dst, &e->ipv6.dst, 16);
	memcpy(le->dmsk, &e->ipv6.dmsk, 16);
	memcpy(le->iniface, e->ipv6.iniface, IFNAMSIZ);
	memcpy(le->outiface, e->ipv6.outiface, IFNAMSIZ);
	memcpy(le->iniface_mask, e->ipv6.iniface_mask, IFNAMSIZ);
	memcpy(le->outiface_mask, e->ipv6.outiface_mask, IFNAMSIZ);
	/* ip6tables sets IP6T_F_PROTO exactly when -p names a protocol */
	le->proto = e->ipv6.flags & IP6T_F_PROTO ? e->ipv6.proto : 0;
	le->invflags = e->ipv6.invflags;
	le->is_goto = e->ipv6.flags & IP6T_F_GOTO;
	le->ip = &e->ipv6;
	le->matches = e->elems;
	le->matches_len = e->target_offset > sizeof(*e)
				  ? e->target_offset - sizeof(*e) : 0;
	le->target = (const struct xt_entry_target *)
		((const unsigned char *)e + e->target_offset);
	le->target_name = ip6tc_get_target(e, h);
}

#define LT_TC(f) ip6tc_##f
#define LT_ENTRY struct ip6t_entry
#define LT_GETINFO struct ip6t_getinfo
#define LT_FAM_BIT FWD_FAM_IPV6
#define LT_AF AF_INET6
#define LT_SOL IPPROTO_IPV6
#define LT_SO_GET_INFO IP6T_SO_GET_INFO
#define LT_TABLE_FN live6_table
#define LT_INFO_FN live6_info
#include "live_table.h"
