/*
 * live_dump.h — the dump requests: tables, chains and sets with their
 * elements kept as libnftnl objects, rules handed over one by one.
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
};

/* The ruleset generation id (NFT_MSG_GETGEN). */
int live_gen(struct live_sock *ls, uint32_t *gen);
/* Tables, chains, sets and their elements, kept in d (free it with
 * live_dump_free() whatever the result); ls->interrupted tells when a
 * dump saw a change. */
int live_dump_objects(struct live_sock *ls, struct live_dump *d);
/*
 * The rules of chain c, each message handed to cb as it arrives (rules
 * are most of a ruleset: holding them all would double the memory). One
 * dump per chain, not one of everything: the kernel resumes a dump by
 * skipping every rule it already sent, so one dump of 100k rules costs
 * quadratic time in the kernel, and a dump per chain does not (unless
 * that chain alone is huge).
 */
int live_dump_chain_rules(struct live_sock *ls, struct nftnl_chain *c,
			  mnl_cb_t cb, void *data);
void live_dump_free(struct live_dump *d);

#endif
