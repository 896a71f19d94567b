/*
 * live_dump.h — one consistent copy of the kernel's ruleset: tables,
 * chains, sets with their elements, rules, and the generation id they
 * belong to. Built by dump requests only.
 */
#ifndef NFT_LIVE_DUMP_H
#define NFT_LIVE_DUMP_H

#include <stdint.h>

#include <stdio.h>

#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "live_sock.h"

struct live_dump {
	struct nftnl_table **tables;
	uint32_t n_tables, cap_tables;
	struct nftnl_chain **chains;
	uint32_t n_chains, cap_chains;
	struct nftnl_set **sets;
	uint32_t n_sets, cap_sets;
	/* Rules stay raw netlink messages, back to back, until they are
	 * decoded one at a time: a parsed nftnl_rule with its expressions
	 * weighs several times its message, and a host has 100k of them. */
	char *rule_msgs;
	size_t rule_len, rule_cap;
	uint32_t n_rules;
};

/* The rule message at *off, advancing *off; NULL after the last one. */
const struct nlmsghdr *live_dump_next_rule(const struct live_dump *d,
					   size_t *off);

/* The ruleset generation id (NFT_MSG_GETGEN). */
int live_gen(struct live_sock *ls, uint32_t *gen);
/* Everything; ls->interrupted tells when a dump saw a change. */
int live_dump_all(struct live_sock *ls, struct live_dump *d);
void live_dump_free(struct live_dump *d);

#endif
