/*
 * live4.c — walk the IPv4 legacy tables through libiptc (libip4tc).
 *
 * Read-only by construction: a handle is taken with iptc_init(), read
 * with the iterator functions, and freed; iptc_commit() and the modifying
 * calls are never used. The caller opens only tables that
 * /proc/net/ip_tables_names lists, since iptc_init() on an absent table
 * makes the kernel load (create) it.
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

int live4_table(struct live_ctx *c)
{
	struct xtc_handle *h = iptc_init(c->table);
	const char *name;
	int rc = 0;

	if (!h)
		return live_init_error(c, errno, iptc_strerror(errno));
	for (name = iptc_first_chain(h); name && !rc;
	     name = iptc_next_chain(h)) {
		struct fwd_chain *ch = fwd_chain_get(c->rs, c->view, c->backend,
						     c->table, name,
						     FWD_FAM_IPV4);
		const struct ipt_entry *e;
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
		if (iptc_builtin(name, h)) {
			struct xt_counters cnt;
			const char *pol = iptc_get_policy(name, &cnt, h);
			enum fwd_hook hook;
			int prio;

			if (ipt_builtin(c->table, name, &hook, &prio))
				fwd_chain_set_base(ch, hook, prio,
						   pol && !strcmp(pol, "DROP")
							   ? FWD_VERDICT_DROP
							   : FWD_VERDICT_ACCEPT);
		}
		for (e = iptc_first_rule(name, h); e && !rc;
		     e = iptc_next_rule(e, h)) {
			struct live_entry le;

			fill(&le, e, h);
			rc = live_rule(c, ch, ++index, &le);
		}
	}
	iptc_free(h);
	return rc;
}

int live4_info(const char *table, struct live_info *li)
{
	struct ipt_getinfo info;
	socklen_t len = sizeof(info);
	int s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW), rc = 0;
	unsigned h;

	if (s < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "%s", table);
	if (getsockopt(s, IPPROTO_IP, IPT_SO_GET_INFO, &info, &len) != 0)
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
