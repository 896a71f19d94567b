/*
 * live.h — reading nf_tables over netlink (libmnl + libnftnl): dump
 * requests only, between two reads of the ruleset generation.
 */
#ifndef NFT_LIVE_H
#define NFT_LIVE_H

#include <fwdrift/reader.h>

int nft_live_read(struct fwd_ruleset *rs, const struct fwd_read_opts *opts,
		  struct fwd_error *err);

/* probe_live of the descriptor: 1 when nf_tables holds tables (or may
 * not be looked at without privilege), 0 otherwise. */
int nft_live_probe(void);

#endif
