/*
 * lower_state.h — matches on what the kernel looks up when the packet
 * passes, not on the packet's bytes: conntrack status and fib route
 * lookups. lower.c hands them here.
 */
#ifndef NFT_LOWER_STATE_H
#define NFT_LOWER_STATE_H

#include "merge.h"
#include "nir.h"

/*
 * Statement s (key field ct status, fib ... type or fib ... oif) against
 * its n values v[i] into m. Forms the model cannot say exactly become the
 * opaque match what. 0 or a negative FWD_E* code.
 */
int nir_lower_ctstatus(struct merge *m, const struct nir_stmt *s,
		       const struct nir_range *const *v, uint32_t n,
		       const char *what);
int nir_lower_fib(struct merge *m, const struct nir_stmt *s,
		  const struct nir_range *const *v, uint32_t n,
		  const char *what);

#endif
