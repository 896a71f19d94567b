/*
 * merge.h — "and" one more condition into a model rule. A rule is a
 * conjunction, but the model keeps one set per field: a second condition
 * on the same field is intersected with the first when the result can be
 * said exactly, and becomes an opaque match otherwise. A contradiction
 * (tcp and udp, ipv4 and ipv6) makes the rule one that never matches.
 */
#ifndef NFT_MERGE_H
#define NFT_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include <fwdrift/model.h>

struct merge {
	struct fwd_ruleset *rs;
	struct fwd_rule *r;
	const char *never; /* why the rule can match nothing, NULL if it can */
};

/* All return 0 or a negative FWD_E* code, and mg_addr() and mg_iface()
 * MG_INEXACT when the intersection cannot be kept exactly: the caller
 * then adds the condition as an opaque match (mg_opaque) under the name
 * it prints as, which is only worth building then. */
#define MG_INEXACT 1

int mg_opaque(struct merge *m, const char *what);
void mg_families(struct merge *m, unsigned fams);
int mg_proto(struct merge *m, const uint8_t *protos, uint32_t n, bool neg);
int mg_ports(struct merge *m, struct fwd_port_match *pm,
	     const struct fwd_port_range *rg, uint32_t n, bool neg);
int mg_addr(struct merge *m, struct fwd_addr_match *am,
	    const struct fwd_prefix *px, uint32_t n, bool neg,
	    const char *set_name);
/* mg_addr for an address match built for this one call (in the ruleset
 * arena, shared with nothing): when the rule has no address condition on
 * that side yet, its array is taken over instead of copied. */
int mg_addr_take(struct merge *m, struct fwd_addr_match *am,
		 const struct fwd_addr_match *built, bool neg,
		 const char *set_name);
int mg_iface(struct merge *m, struct fwd_iface_match *im,
	     const char *const *names, uint32_t n, bool neg);
/* states are FWD_CT_* bits */
void mg_ct(struct merge *m, uint8_t states, bool neg);
/* types are FWD_ADDRTYPE_* bits */
void mg_addrtype(struct merge *m, struct fwd_addrtype_match *at,
		 uint16_t types, bool neg);
/* (status & mask) == value, != with neg */
int mg_ctstatus(struct merge *m, uint32_t mask, uint32_t value, bool neg,
		const char *what);
/* rpf is an enum fwd_rpf other than FWD_RPF_ANY */
void mg_rpf(struct merge *m, uint8_t rpf);
/* Every condition of src (a rule filled by the xt decoder) into m->r. */
int mg_rule(struct merge *m, const struct fwd_rule *src);

#endif
