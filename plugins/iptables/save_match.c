/*
 * save_match.c — the -m modules and -j targets of the iptables-save
 * parser: which options each module takes, and how their text becomes the
 * kernel info struct (struct xt_tcp, xt_conntrack_mtinfo3, ...) that
 * plugins/common/xt_decode.c turns into the model. Going through the
 * kernel structs keeps file reading and live reading in one meaning.
 *
 * Modules whose meaning we do not model (limit, recent, set, ...) still
 * have their option names checked when we know them, so a typo is an
 * error and not a silently different firewall; their argument words are
 * taken as they come.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_comment.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_iprange.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_rpfilter.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "../common/xt_decode.h"
#include "save_parse.h"
#include "save_modules.h"

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static const struct name_bit tcp_flag_names[] = {
	{ "FIN", 0x01 }, { "SYN", 0x02 }, { "RST", 0x04 }, { "PSH", 0x08 },
	{ "ACK", 0x10 }, { "URG", 0x20 }, { "ALL", 0x3F }, { "NONE", 0 },
	{ NULL, 0 }
};

static const struct name_bit ct_state_names[] = {
	{ "INVALID", XT_CONNTRACK_STATE_INVALID },
	{ "ESTABLISHED", XT_CONNTRACK_STATE_BIT(IP_CT_ESTABLISHED) },
	{ "RELATED", XT_CONNTRACK_STATE_BIT(IP_CT_RELATED) },
	{ "NEW", XT_CONNTRACK_STATE_BIT(IP_CT_NEW) },
	{ "UNTRACKED", XT_CONNTRACK_STATE_UNTRACKED },
	{ "SNAT", XT_CONNTRACK_STATE_SNAT },
	{ "DNAT", XT_CONNTRACK_STATE_DNAT },
	{ NULL, 0 }
};

/* --ctstatus, as libxt_conntrack names the kernel's IPS_* bits */
static const struct name_bit ct_status_names[] = {
	{ "NONE", 0 },
	{ "EXPECTED", IPS_EXPECTED },
	{ "SEEN_REPLY", IPS_SEEN_REPLY },
	{ "ASSURED", IPS_ASSURED },
	{ "CONFIRMED", IPS_CONFIRMED },
	{ NULL, 0 }
};

static const struct name_bit state_names[] = {
	{ "INVALID", XT_STATE_INVALID },
	{ "ESTABLISHED", XT_STATE_BIT(IP_CT_ESTABLISHED) },
	{ "RELATED", XT_STATE_BIT(IP_CT_RELATED) },
	{ "NEW", XT_STATE_BIT(IP_CT_NEW) },
	{ "UNTRACKED", XT_STATE_UNTRACKED },
	{ NULL, 0 }
};

static const struct name_bit addrtype_names[] = {
	{ "UNSPEC", XT_ADDRTYPE_UNSPEC }, { "UNICAST", XT_ADDRTYPE_UNICAST },
	{ "LOCAL", XT_ADDRTYPE_LOCAL }, { "BROADCAST", XT_ADDRTYPE_BROADCAST },
	{ "ANYCAST", XT_ADDRTYPE_ANYCAST },
	{ "MULTICAST", XT_ADDRTYPE_MULTICAST },
	{ "BLACKHOLE", XT_ADDRTYPE_BLACKHOLE },
	{ "UNREACHABLE", XT_ADDRTYPE_UNREACHABLE },
	{ "PROHIBIT", XT_ADDRTYPE_PROHIBIT }, { "THROW", XT_ADDRTYPE_THROW },
	{ "NAT", XT_ADDRTYPE_NAT }, { "XRESOLVE", XT_ADDRTYPE_XRESOLVE },
	{ NULL, 0 }
};

static const char *proto_name(uint8_t p)
{
	return p == 6 ? "tcp" : p == 17 ? "udp" : NULL;
}

/* "a,b:c,..." into a multiport_v1 (ranges take two slots). */
static int parse_multiport(struct save_ctx *c, const struct stok *w,
			   struct xt_multiport_v1 *mp)
{
	const char *s = w->s;
	char item[64];

	mp->count = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		uint16_t lo, hi;
		bool range;

		if (n == 0 || n >= sizeof(item))
			return save_fail(c, w, "invalid port list '%s' (expected PORT[,PORT|,A:B]...)",
					 w->s);
		memcpy(item, s, n);
		item[n] = '\0';
		range = strchr(item, ':') != NULL;
		if (save_parse_port_range(item, NULL, &lo, &hi, true))
			return save_fail(c, w, "invalid port '%s' in '%s' (expected 0-65535 or A:B)",
					 item, w->s);
		if (mp->count + (range ? 2 : 1) > XT_MULTI_PORTS)
			return save_fail(c, w, "too many ports in '%s' (expected at most %d, a range counting two)",
					 w->s, XT_MULTI_PORTS);
		if (range) {
			mp->pflags[mp->count] = 1;
			mp->ports[mp->count++] = lo;
			mp->ports[mp->count++] = hi;
		} else {
			mp->ports[mp->count++] = lo;
		}
		s += n;
		if (*s == ',' && !*++s)
			return save_fail(c, w, "invalid port list '%s' (expected a port after ',')",
					 w->s);
	}
	return 0;
}

static int parse_range_addr(struct save_ctx *c, const struct stok *w,
			    union nf_inet_addr *lo, union nf_inet_addr *hi)
{
	int af = c->fam == FWD_IPV6 ? AF_INET6 : AF_INET;
	const char *dash = strchr(w->s, '-');
	char a[INET6_ADDRSTRLEN + 1];
	size_t n;

	if (!dash || (n = (size_t)(dash - w->s)) >= sizeof(a))
		goto bad;
	memcpy(a, w->s, n);
	a[n] = '\0';
	if (inet_pton(af, a, lo) != 1 || inet_pton(af, dash + 1, hi) != 1)
		goto bad;
	return 0;
bad:
	return save_fail(c, w, "invalid address range '%s' (expected %s-%s)",
			 w->s, c->fam == FWD_IPV6 ? "ADDR6" : "A.B.C.D",
			 c->fam == FWD_IPV6 ? "ADDR6" : "A.B.C.D");
}

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

int smod_apply(struct save_ctx *c, struct sminst *m, const struct smopt *o,
	       const struct stok *optw, bool inv, const struct stok *a,
	       int nargs)
{
	char bad[64];
	long bits;

	(void)nargs;
	if (o->id < 30 && (m->seen & (1u << o->id)))
		return save_fail(c, optw, "option '%s' of -m %s given twice",
				 optw->s, m->name);
	m->seen |= 1u << (o->id < 32 ? o->id : 31);
	if (inv && !o->invertible)
		return save_fail(c, optw, "'!' is not allowed before '%s'",
				 optw->s);
	if (!m->mod)
		return 0;

	switch (m->mod->kind) {
	case K_TCP: {
		struct xt_tcp *t = (struct xt_tcp *)m->info.b;
		uint16_t lo, hi;
		long mask, cmp;

		if (o->id <= 1) {
			if (save_parse_port_range(a[0].s, "tcp", &lo, &hi, true))
				return save_fail(c, &a[0], "invalid port '%s' (expected 0-65535, a range A:B, or a service name)",
						 a[0].s);
			(o->id ? t->dpts : t->spts)[0] = lo;
			(o->id ? t->dpts : t->spts)[1] = hi;
			if (inv)
				t->invflags |= o->id ? XT_TCP_INV_DSTPT
						     : XT_TCP_INV_SRCPT;
		} else if (o->id == 2 && o->nargs == 0) { /* --syn */
			t->flg_mask = 0x17; /* FIN,SYN,RST,ACK */
			t->flg_cmp = 0x02;
			if (inv)
				t->invflags |= XT_TCP_INV_FLAGS;
		} else if (o->id == 2) {
			if ((mask = save_parse_name_list(a[0].s, tcp_flag_names, bad,
						    sizeof(bad))) < 0)
				return save_fail(c, &a[0], "unknown TCP flag '%s' (expected FIN,SYN,RST,PSH,ACK,URG,ALL,NONE)",
						 bad);
			if ((cmp = save_parse_name_list(a[1].s, tcp_flag_names, bad,
						   sizeof(bad))) < 0)
				return save_fail(c, &a[1], "unknown TCP flag '%s' (expected FIN,SYN,RST,PSH,ACK,URG,ALL,NONE)",
						 bad);
			t->flg_mask = (uint8_t)mask;
			t->flg_cmp = (uint8_t)cmp;
			if (inv)
				t->invflags |= XT_TCP_INV_FLAGS;
		} else {
			char *end;
			unsigned long v = strtoul(a[0].s, &end, 10);

			if (*end || v < 1 || v > 255)
				return save_fail(c, &a[0], "invalid TCP option '%s' (expected 1-255)",
						 a[0].s);
			t->option = (uint8_t)v;
			if (inv)
				t->invflags |= XT_TCP_INV_OPTION;
		}
		return 0;
	}
	case K_UDP: {
		struct xt_udp *u = (struct xt_udp *)m->info.b;
		uint16_t lo, hi;

		if (save_parse_port_range(a[0].s, "udp", &lo, &hi, true))
			return save_fail(c, &a[0], "invalid port '%s' (expected 0-65535, a range A:B, or a service name)",
					 a[0].s);
		(o->id ? u->dpts : u->spts)[0] = lo;
		(o->id ? u->dpts : u->spts)[1] = hi;
		if (inv)
			u->invflags |= o->id ? XT_UDP_INV_DSTPT : XT_UDP_INV_SRCPT;
		return 0;
	}
	case K_MULTIPORT: {
		struct xt_multiport_v1 *mp = (struct xt_multiport_v1 *)m->info.b;

		mp->flags = strcmp(o->name, "--ports") == 0 ? XT_MULTIPORT_EITHER
			    : strcmp(o->name, "--sports") == 0
				    ? XT_MULTIPORT_SOURCE
				    : XT_MULTIPORT_DESTINATION;
		mp->invert = inv;
		return parse_multiport(c, &a[0], mp);
	}
	case K_CONNTRACK: {
		struct xt_conntrack_mtinfo3 *ct =
			(struct xt_conntrack_mtinfo3 *)m->info.b;

		ct->match_flags |= (uint16_t)(1u << o->id);
		if (inv)
			ct->invert_flags |= (uint16_t)(1u << o->id);
		if (o->id == 0) {
			if ((bits = save_parse_name_list(a[0].s, ct_state_names, bad,
						    sizeof(bad))) <= 0)
				return save_fail(c, &a[0], "unknown conntrack state '%s' (expected INVALID, ESTABLISHED, NEW, RELATED, UNTRACKED, SNAT or DNAT)",
						 bits < 0 ? bad : a[0].s);
			ct->state_mask = (uint16_t)bits;
		} else if (o->id == 6) {
			if ((bits = save_parse_name_list(a[0].s, ct_status_names,
							 bad, sizeof(bad))) < 0)
				return save_fail(c, &a[0], "unknown conntrack status '%s' (expected NONE, EXPECTED, SEEN_REPLY, ASSURED or CONFIRMED)",
						 bad);
			ct->status_mask = (uint16_t)bits;
		} else if (o->id == 12 && strcasecmp(a[0].s, "ORIGINAL") &&
			   strcasecmp(a[0].s, "REPLY")) {
			return save_fail(c, &a[0], "invalid --ctdir '%s' (expected ORIGINAL or REPLY)",
					 a[0].s);
		}
		return 0;
	}
	case K_STATE: {
		struct xt_state_info *s = (struct xt_state_info *)m->info.b;

		if ((bits = save_parse_name_list(a[0].s, state_names, bad,
					    sizeof(bad))) <= 0)
			return save_fail(c, &a[0], "unknown state '%s' (expected INVALID, ESTABLISHED, NEW, RELATED or UNTRACKED)",
					 bits < 0 ? bad : a[0].s);
		s->statemask = inv ? ~(unsigned)bits : (unsigned)bits;
		return 0;
	}
	case K_COMMENT: {
		struct xt_comment_info *ci = (struct xt_comment_info *)m->info.b;

		if (strlen(a[0].s) >= XT_MAX_COMMENT_LEN)
			return save_fail(c, &a[0], "comment longer than %d characters",
					 XT_MAX_COMMENT_LEN - 1);
		strcpy(ci->comment, a[0].s);
		return 0;
	}
	case K_IPRANGE: {
		struct xt_iprange_mtinfo *ir = (struct xt_iprange_mtinfo *)m->info.b;
		int rc = o->id ? parse_range_addr(c, &a[0], &ir->dst_min, &ir->dst_max)
			       : parse_range_addr(c, &a[0], &ir->src_min, &ir->src_max);

		if (rc)
			return rc;
		ir->flags |= o->id ? IPRANGE_DST : IPRANGE_SRC;
		if (inv)
			ir->flags |= o->id ? IPRANGE_DST_INV : IPRANGE_SRC_INV;
		return 0;
	}
	case K_ADDRTYPE: {
		struct xt_addrtype_info_v1 *at =
			(struct xt_addrtype_info_v1 *)m->info.b;

		if (o->id >= 2) {
			at->flags |= o->id == 2 ? XT_ADDRTYPE_LIMIT_IFACE_IN
						: XT_ADDRTYPE_LIMIT_IFACE_OUT;
			return 0;
		}
		if ((bits = save_parse_name_list(a[0].s, addrtype_names, bad,
					    sizeof(bad))) < 0)
			return save_fail(c, &a[0], "unknown address type '%s' (expected LOCAL, UNICAST, BROADCAST, MULTICAST, ...)",
					 bad);
		if (o->id == 0)
			at->source = (uint16_t)bits;
		else
			at->dest = (uint16_t)bits;
		if (inv)
			at->flags |= o->id == 0 ? XT_ADDRTYPE_INVERT_SOURCE
						: XT_ADDRTYPE_INVERT_DEST;
		return 0;
	}
	case K_RPFILTER:
		((struct xt_rpfilter_info *)m->info.b)->flags |=
			(uint8_t)(1u << o->id);
		return 0;
	case K_ICMP:
	case K_LOOSE:
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* End of rule: kernel checks, then decoding                            */
/* ------------------------------------------------------------------ */

int smod_finish(struct save_ctx *c, struct fwd_rule *r, struct sminst *m,
		uint8_t proto, bool proto_inv)
{
	const struct smod *mod = m->mod;
	const char *kname = m->name;
	size_t size = 0;

	if (!mod || mod->kind == K_LOOSE || mod->kind == K_ICMP) {
		if (mod && mod->proto && (proto != mod->proto || proto_inv))
			goto need_proto;
		return xtd_match(c->rs, r, c->fam, m->name, 0, NULL, 0, NULL);
	}
	if (mod->proto && (proto != mod->proto || proto_inv))
		goto need_proto;
	if (mod->kind == K_MULTIPORT &&
	    ((proto != 6 && proto != 17 && proto != 132 && proto != 33 &&
	      proto != 136) || proto_inv))
		return save_fail(c, m->at, "-m multiport needs -p tcp, udp, udplite, sctp or dccp");
	if (m->seen == 0 && mod->kind != K_TCP && mod->kind != K_UDP &&
	    mod->kind != K_RPFILTER)
		return save_fail(c, m->at, "-m %s needs an option (e.g. %s)",
				 m->name, mod->opts[0].name);
	switch (mod->kind) {
	case K_TCP: size = sizeof(struct xt_tcp); break;
	case K_UDP: size = sizeof(struct xt_udp); break;
	case K_MULTIPORT: size = sizeof(struct xt_multiport_v1); break;
	case K_CONNTRACK: size = sizeof(struct xt_conntrack_mtinfo3); break;
	case K_STATE: size = sizeof(struct xt_state_info); break;
	case K_COMMENT: size = sizeof(struct xt_comment_info); break;
	case K_IPRANGE: size = sizeof(struct xt_iprange_mtinfo); break;
	case K_ADDRTYPE: size = sizeof(struct xt_addrtype_info_v1); break;
	case K_RPFILTER: size = sizeof(struct xt_rpfilter_info); break;
	default: break;
	}
	if (xtd_match(c->rs, r, c->fam, kname, mod->revision, m->info.b, size,
		      m->name))
		return fwd_error_set(c->err, FWD_ENOMEM, c->name, c->line, 0,
				     "out of memory");
	return 0;
need_proto:
	return save_fail(c, m->at, "-m %s needs -p %s (without '!')", m->name,
			 mod->proto == 1 ? "icmp" : mod->proto == 58 ? "ipv6-icmp"
			 : proto_name(mod->proto));
}
