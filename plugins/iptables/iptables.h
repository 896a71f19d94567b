/*
 * iptables.h — what the parts of the iptables reader plugin offer each
 * other: the file parser, the live reader, and shared naming of chains.
 */
#ifndef FWD_IPT_IPTABLES_H
#define FWD_IPT_IPTABLES_H

#include <stdbool.h>
#include <stddef.h>

#include <fwdrift/error.h>
#include <fwdrift/model.h>
#include <fwdrift/reader.h>

/*
 * Backend names of the model: one per family, because the model keys
 * chains by (backend, table, name) and the IPv4 and IPv6 filter tables
 * both have an INPUT chain.
 */
#define IPT_BACKEND_V4 "iptables-legacy"
#define IPT_BACKEND_V6 "ip6tables-legacy"

/* Tables we know, in the order iptables-save prints them. */
#define IPT_TABLE_COUNT 5
extern const char *const ipt_tables[IPT_TABLE_COUNT];

/* Index of a table name in ipt_tables, or -1. */
int ipt_table_index(const char *table);

/*
 * Whether chain is a built-in chain of table; if so *hook and *priority
 * get its hook and the kernel's priority for that table and hook.
 */
bool ipt_builtin(const char *table, const char *chain, enum fwd_hook *hook,
		 int *priority);

/* Leave each kind of XTD_T_* note once per read; *noted keeps track. */
void ipt_target_notes(struct fwd_ruleset *rs, unsigned flags,
		      unsigned *noted, const char *source);

/*
 * Parse an iptables-save / ip6tables-save export (one or several dumps)
 * into rs. All or nothing: on error rs is not touched. deadline is a
 * CLOCK_MONOTONIC time in seconds (0: none).
 */
int ipt_save_read(struct fwd_ruleset *rs, const char *name, const char *data,
		  size_t len, double deadline, struct fwd_error *err);

/* Whether a CLOCK_MONOTONIC deadline (0: none) has passed. */
bool ipt_deadline_passed(double deadline);

/* How sure we are that data is an iptables-save export (0..100). */
int ipt_save_probe(const char *data, size_t len);

/* Read the running legacy iptables and ip6tables (live.c). */
int ipt_live_read(struct fwd_ruleset *rs, const struct fwd_read_opts *opts,
		  struct fwd_error *err);

/* 1 when /proc lists a legacy table for either family. */
int ipt_live_probe(void);

#endif
