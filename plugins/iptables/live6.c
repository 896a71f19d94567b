/*
 * live6.c — walk the IPv6 legacy tables through libip6tc.
 *
 * Read-only by construction: a handle is taken with ip6tc_init(), read
 * with the iterator functions, and freed; ip6tc_commit() and the modifying
 * calls are never used. The caller opens only tables that
 * /proc/net/ip6_tables_names lists, since ip6tc_init() on an absent table
 * makes the kernel load (create) it.
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

int live6_table(struct live_ctx *c)
{
	struct xtc_handle *h = ip6tc_init(c->table);
	const char *name;
	int rc = 0;

	if (!h)
		return live_init_error(c, errno, ip6tc_strerror(errno));
	for (name = ip6tc_first_chain(h); name && !rc;
	     name = ip6tc_next_chain(h)) {
		struct fwd_chain *ch = fwd_chain_get(c->rs, c->view, c->backend,
						     c->table, name,
						     FWD_FAM_IPV6);
		const struct ip6t_entry *e;
		unsigned index = 0;

		if (ipt_deadline_passed(c->deadline)) {
			rc = fwd_error_set(c->err, FWD_ETIMEDOUT, c->tool, 0, 0,
					   "time limit reached while reading table %s",
					   c->table);
			break;
		}
		if (!ch || !(ch->where = fwd_sprintf(c->rs, "%s live: %s %s",
						     c->tool, c->table, name))) {
			rc = FWD_ENOMEM;
			break;
		}
		if (ip6tc_builtin(name, h)) {
			struct xt_counters cnt;
			const char *pol = ip6tc_get_policy(name, &cnt, h);
			enum fwd_hook hook;
			int prio;

			if (ipt_builtin(c->table, name, &hook, &prio))
				fwd_chain_set_base(ch, hook, prio,
						   pol && !strcmp(pol, "DROP")
							   ? FWD_VERDICT_DROP
							   : FWD_VERDICT_ACCEPT);
		}
		for (e = ip6tc_first_rule(name, h); e && !rc;
		     e = ip6tc_next_rule(e, h)) {
			struct live_entry le;

			fill(&le, e, h);
			rc = live_rule(c, ch, ++index, &le);
		}
	}
	ip6tc_free(h);
	return rc;
}

int live6_info(const char *table, struct live_info *li)
{
	struct ip6t_getinfo info;
	socklen_t len = sizeof(info);
	int s = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW), rc = 0;
	unsigned h;

	if (s < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "%s", table);
	if (getsockopt(s, IPPROTO_IPV6, IP6T_SO_GET_INFO, &info, &len) != 0)
		rc = -errno;
	close(s);
	if (rc)
		return rc;
	memset(li, 0, sizeof(*li));
	li->valid_hooks = info.valid_hooks;
	for (h = 0; h < 5; h++) {
		li->hook_entry[h] = info.hook_entry[h];
		li->underflow[h] = info.underflow[h];
	}
	li->num_entries = info.num_entries;
	li->size = info.size;
	return 0;
}
