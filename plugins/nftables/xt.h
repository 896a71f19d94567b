/*
 * xt.h — iptables-nft compat expressions ("match" / "target" with an
 * xtables info blob) into the model. The blobs are decoded by the shared
 * xtables decoder of plugins/common when the build has it, so that an
 * iptables-nft host audits exactly like a legacy iptables one; without it
 * (or when a JSON export lost the blob) a match is opaque and a target is
 * known by its name only.
 */
#ifndef NFT_XT_H
#define NFT_XT_H

#include "merge.h"
#include "nir.h"

/* An NS_XT statement into m->r. 0 or a negative FWD_E* code. */
int nft_xt_lower(struct nir_ctx *cx, const struct nir_table *t,
		 struct merge *m, const struct nir_stmt *s);

/* The statement's text: "xt match conntrack", "xt target REJECT". */
const char *nft_xt_text(struct nir_ctx *cx, bool target, const char *name);

#endif
