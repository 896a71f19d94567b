/*
 * live_table.h — the body of live4.c and live6.c. libiptc and libip6tc
 * have the same API under other names and entry types, and their headers
 * cannot meet in one file; each of the two files defines the names below
 * and includes this once (the way libip6tc itself is built from
 * libiptc.c).
 *
 *   LT_TC(f)        iptc_f / ip6tc_f
 *   LT_ENTRY        struct ipt_entry / struct ip6t_entry
 *   LT_GETINFO      struct ipt_getinfo / struct ip6t_getinfo
 *   LT_FAM_BIT      FWD_FAM_IPV4 / FWD_FAM_IPV6
 *   LT_AF, LT_SOL, LT_SO_GET_INFO   socket family, level and option
 *   LT_TABLE_FN, LT_INFO_FN         the names of the two functions
 * and a static fill(struct live_entry *, const LT_ENTRY *, handle).
 *
 * Read-only by construction: a handle is taken with LT_TC(init), read
 * with the iterator functions, and freed; commit and the modifying calls
 * are never used. The caller opens only tables that the kernel lists,
 * since init on an absent table makes the kernel load (create) it.
 */

int LT_TABLE_FN(struct live_ctx *c)
{
	struct xtc_handle *h = LT_TC(init)(c->table);
	const char *name;
	int rc = 0;

	if (!h)
		return live_init_error(c, errno, LT_TC(strerror)(errno));
	for (name = LT_TC(first_chain)(h); name && !rc;
	     name = LT_TC(next_chain)(h)) {
		struct fwd_chain *ch = fwd_chain_get(c->rs, c->view, c->backend,
						     c->table, name,
						     LT_FAM_BIT);
		const LT_ENTRY *e;
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
		if (LT_TC(builtin)(name, h)) {
			struct xt_counters cnt;
			const char *pol = LT_TC(get_policy)(name, &cnt, h);
			enum fwd_hook hook;
			int prio;

			if (ipt_builtin(c->table, name, &hook, &prio))
				fwd_chain_set_base(ch, hook, prio,
						   pol && !strcmp(pol, "DROP")
							   ? FWD_VERDICT_DROP
							   : FWD_VERDICT_ACCEPT);
		}
		for (e = LT_TC(first_rule)(name, h); e && !rc;
		     e = LT_TC(next_rule)(e, h)) {
			struct live_entry le;

			fill(&le, e, h);
			rc = live_rule(c, ch, ++index, &le);
		}
	}
	LT_TC(free)(h);
	return rc;
}

int LT_INFO_FN(const char *table, struct live_info *li)
{
	LT_GETINFO info;
	socklen_t len = sizeof(info);
	int s = socket(LT_AF, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW), rc = 0;
	unsigned h;

	if (s < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "%s", table);
	if (getsockopt(s, LT_SOL, LT_SO_GET_INFO, &info, &len) != 0)
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
