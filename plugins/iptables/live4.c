/*
 * live4.c — the IPv4 legacy tables through libiptc (libip4tc): how an
 * ipt_entry becomes a live_entry; the walk is live_table.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libiptc/libiptc.h>

#include "iptables.h"
#include "live.h"

static void fill(struct live_entry *le, const struct ipt_entry *e,
		 struct xtc_handle *h)
{
	memset(le, 0, sizeof(*le));
	le->fam = FWD_IPV4;
	memcpy(le->src, &e->ip.src, 4);
	memcpy(le->smsk, &e->ip.smsk, 4);
	memcpy(le->dst, &e->ip.dst, 4);
	memcpy(le->dmsk, &e->ip.dmsk, 4);
	memcpy(le->iniface, e->ip.iniface, IFNAMSIZ);
	memcpy(le->outiface, e->ip.outiface, IFNAMSIZ);
	memcpy(le->iniface_mask, e->ip.iniface_mask, IFNAMSIZ);
	memcpy(le->outiface_mask, e->ip.outiface_mask, IFNAMSIZ);
	le->proto = e->ip.proto;
	le->invflags = e->ip.invflags;
	le->frag = e->ip.flags & IPT_F_FRAG;
	le->is_goto = e->ip.flags & IPT_F_GOTO;
	le->ip = &e->ip;
	le->matches = e->elems;
	le->matches_len = e->target_offset > sizeof(*e)
				  ? e->target_offset - sizeof(*e) : 0;
	le->target = (const struct xt_entry_target *)
		((const unsigned char *)e + e->target_offset);
	le->target_name = iptc_get_target(e, h);
}

#define LT_TC(f) iptc_##f
#define LT_ENTRY struct ipt_entry
#define LT_GETINFO struct ipt_getinfo
#define LT_FAM_BIT FWD_FAM_IPV4
#define LT_AF AF_INET
#define LT_SOL IPPROTO_IP
#define LT_SO_GET_INFO IPT_SO_GET_INFO
#define LT_TABLE_FN live4_table
#define LT_INFO_FN live4_info
#include "live_table.h"
