/*
 * live.h — the live reader's family-neutral view of one kernel rule.
 *
 * live4.c and live6.c walk libiptc / libip6tc handles (their headers
 * cannot share a file) and describe each rule as a struct live_entry;
 * live_rule.c turns it into a model rule, xt_print.c into the text
 * iptables-save would print.
 */
#ifndef FWD_IPT_LIVE_H
#define FWD_IPT_LIVE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/netfilter/x_tables.h>

#include <fwdrift/model.h>

/* invflags: IPT_INV_* and IP6T_INV_* share these values. */
#define LIVE_INV_VIA_IN  0x01
#define LIVE_INV_VIA_OUT 0x02
#define LIVE_INV_SRCIP   0x08
#define LIVE_INV_DSTIP   0x10
#define LIVE_INV_FRAG    0x20
#define LIVE_INV_PROTO   0x40

struct live_entry {
	enum fwd_family fam;
	uint8_t src[16], smsk[16], dst[16], dmsk[16];
	char iniface[IFNAMSIZ], outiface[IFNAMSIZ];
	unsigned char iniface_mask[IFNAMSIZ], outiface_mask[IFNAMSIZ];
	uint16_t proto;
	uint8_t invflags;
	bool frag;           /* ipv4 -f */
	bool is_goto;
	const void *ip;      /* struct ipt_ip / ip6t_ip6, for save callbacks */
	const unsigned char *matches; /* first struct xt_entry_match */
	size_t matches_len;
	const struct xt_entry_target *target;
	const char *target_name; /* iptc_get_target(): verdict, chain, ext */
};

/*
 * The memory stream rule texts are printed into, opened on the first rule
 * and kept for the whole read: a stream per rule (a zeroed 8 KiB buffer,
 * then freed) cost more than the rest of reading the rule.
 */
struct xtp_stream {
	FILE *mem;
	char *buf;
	size_t len;
};

void xtp_stream_close(struct xtp_stream *s);

/* Reading one table of one family. */
struct live_ctx {
	struct fwd_ruleset *rs;
	struct fwd_view *view;
	enum fwd_family fam;
	const char *backend;
	const char *table;
	const char *tool;    /* "iptables" / "ip6tables", for origins */
	unsigned noted;      /* XTD_T_* notes left */
	bool missing_ext_noted;
	double deadline;     /* CLOCK_MONOTONIC seconds, 0: none */
	struct fwd_error *err;
	struct xtp_stream text;
};

/* Build the model rule for e at position index (1-based) of chain. */
int live_rule(struct live_ctx *c, struct fwd_chain *chain, unsigned index,
	      const struct live_entry *e);

/*
 * The rule as iptables-save prints it without counters ("-A CHAIN ..."),
 * printed into s: returns s->buf (not NUL-terminated; valid until the
 * next call) with its length in *n, or NULL. *missing_ext is set when a
 * match or target library could not be loaded (the text then lacks its
 * options).
 */
const char *xtp_rule_text(struct xtp_stream *s, const char *chain,
			  const struct live_entry *e, size_t *n,
			  bool *missing_ext);

/*
 * Turn a failed iptc_init()/ip6tc_init() into FWD_EPERM (no privilege)
 * or FWD_EIO, with a message for the user (live.c).
 */
int live_init_error(struct live_ctx *c, int errnum, const char *why);

/* Walk one table (live4.c / live6.c). 0 or FWD_E*, err set. errno-based
 * failures of init are returned as FWD_EPERM or FWD_EIO. */
int live4_table(struct live_ctx *c);
int live6_table(struct live_ctx *c);

/*
 * A table's layout as IPT_SO_GET_INFO / IP6T_SO_GET_INFO give it: what
 * libiptc reads first, before it fetches the entries. Equal before and
 * after a walk means the walk parsed entries with their own layout (see
 * live.c). 0 or -errno.
 */
struct live_info {
	unsigned valid_hooks, hook_entry[5], underflow[5];
	unsigned num_entries, size;
};
int live4_info(const char *table, struct live_info *li);
int live6_info(const char *table, struct live_info *li);

#endif
