/*
 * plugin.c — the iptables reader's entry point and descriptor, and the
 * facts about legacy iptables tables that the file and live readers share
 * (built-in chains, their hooks and kernel priorities).
 *
 * The module exports fwd_reader_entry() only; everything else is hidden
 * (-fvisibility=hidden). It never changes firewall state: the live reader
 * only reads, the file reader only parses.
 */
#include <string.h>
#include <time.h>

#include <fwdrift/reader.h>

#include "../common/xt_decode.h"
#include "iptables.h"

const char *const ipt_tables[IPT_TABLE_COUNT] = {
	"raw", "mangle", "nat", "filter", "security"
};

int ipt_table_index(const char *table)
{
	int i;

	for (i = 0; i < IPT_TABLE_COUNT; i++)
		if (!strcmp(ipt_tables[i], table))
			return i;
	return -1;
}

/*
 * Built-in chains per table and the priority the kernel registers each
 * table's hooks with (NF_IP_PRI_RAW, _MANGLE, _NAT_DST/_NAT_SRC, _FILTER,
 * _SECURITY).
 */
bool ipt_builtin(const char *table, const char *chain, enum fwd_hook *hook,
		 int *priority)
{
	static const struct {
		const char *name;
		enum fwd_hook hook;
	} hooks[] = {
		{ "PREROUTING", FWD_HOOK_PREROUTING },
		{ "INPUT", FWD_HOOK_INPUT },
		{ "FORWARD", FWD_HOOK_FORWARD },
		{ "OUTPUT", FWD_HOOK_OUTPUT },
		{ "POSTROUTING", FWD_HOOK_POSTROUTING },
	};
	/* bit per hook, in the order above */
	static const struct {
		const char *table;
		unsigned hooks;
		int prio;
	} tables[] = {
		{ "raw", 0x09, -300 },     /* PREROUTING, OUTPUT */
		{ "mangle", 0x1f, -150 },
		{ "nat", 0x1b, 0 },        /* PREROUTING INPUT OUTPUT POSTROUTING */
		{ "filter", 0x0e, 0 },     /* INPUT FORWARD OUTPUT */
		{ "security", 0x0e, 50 },
	};
	size_t h, t;

	for (h = 0; h < 5 && strcmp(hooks[h].name, chain); h++)
		;
	for (t = 0; t < 5 && strcmp(tables[t].table, table); t++)
		;
	if (h == 5 || t == 5 || !(tables[t].hooks & (1u << h)))
		return false;
	if (hook)
		*hook = hooks[h].hook;
	if (priority) {
		*priority = tables[t].prio;
		if (!strcmp(table, "nat"))
			*priority = hooks[h].hook == FWD_HOOK_PREROUTING ||
					    hooks[h].hook == FWD_HOOK_OUTPUT
				    ? -100  /* NF_IP_PRI_NAT_DST */
				    : 100;  /* NF_IP_PRI_NAT_SRC */
	}
	return true;
}

bool ipt_deadline_passed(double deadline)
{
	struct timespec ts;

	if (deadline <= 0 || clock_gettime(CLOCK_MONOTONIC, &ts))
		return false;
	return ts.tv_sec + ts.tv_nsec / 1e9 > deadline;
}

void ipt_target_notes(struct fwd_ruleset *rs, unsigned flags,
		      unsigned *noted, const char *source)
{
	unsigned fresh = flags & ~*noted;

	*noted |= flags;
	if (fresh & XTD_T_NAT)
		fwd_ruleset_note(rs, FWD_NOTE_WARNING,
				 "%s: NAT rules (DNAT, SNAT, MASQUERADE, REDIRECT) are not evaluated; ports are judged as addressed, before translation",
				 source);
	if (fresh & XTD_T_NOTRACK)
		fwd_ruleset_note(rs, FWD_NOTE_WARNING,
				 "%s: NOTRACK / CT --notrack makes matched packets UNTRACKED; the evaluation assumes a new connection is in state NEW",
				 source);
	if (fresh & XTD_T_UNMODELED)
		fwd_ruleset_note(rs, FWD_NOTE_WARNING,
				 "%s: SYNPROXY / TPROXY targets are treated as if the packet continued",
				 source);
}

static int read_data(struct fwd_ruleset *rs, const char *name,
		     const char *data, size_t len,
		     const struct fwd_read_opts *opts, struct fwd_error *err)
{
	return ipt_save_read(rs, name, data, len, opts ? opts->deadline : 0,
			     err);
}

static const struct fwd_reader reader = {
	.abi = FWD_READER_ABI,
	.name = "iptables",
	.description = "legacy iptables/ip6tables: live through libiptc, or iptables-save exports",
	.formats = "iptables-save, ip6tables-save",
	.probe_data = ipt_save_probe,
	.probe_live = ipt_live_probe,
	.read_live = ipt_live_read,
	.read_data = read_data,
};

FWD_READER_EXPORT const struct fwd_reader *fwd_reader_entry(void)
{
	return &reader;
}
