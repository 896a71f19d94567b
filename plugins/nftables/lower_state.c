/*
 * lower_state.c — conntrack status and fib lookups into the model.
 *
 * `ct status` keeps the kernel's test, (status & mask) == value, so the
 * evaluator can say what it means for a new connection (none of the
 * IPS_* bits nft names is set on its first packet). `fib daddr type
 * local` is the address type -m addrtype tests; the reverse-path test
 * `fib saddr [. mark] [. iif] oif missing` is the model's rpf match. Any
 * other lookup (restricted to an output interface, daddr's route, a named
 * output interface) is not guessed: it stays opaque.
 */
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "lower_state.h"

int nir_lower_ctstatus(struct merge *m, const struct nir_stmt *s,
		       const struct nir_range *const *v, uint32_t n,
		       const char *what)
{
	const struct nir_field *f = s->key.f[0];
	uint32_t mask = s->key.masked ? (uint32_t)nir_scalar_uint(f, &s->key.mask)
				      : UINT32_MAX;
	uint64_t bits = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		if (nir_scalar_cmp(f, &v[i]->lo, &v[i]->hi) != 0)
			return mg_opaque(m, what); /* a range of statuses */
		bits |= nir_scalar_uint(f, &v[i]->lo);
	}
	switch (s->op) {
	case NOP_IN: /* "ct status snat,dnat": some of these bits set */
		if (s->key.masked)
			return mg_opaque(m, what);
		return mg_ctstatus(m, (uint32_t)bits, 0, true, what);
	case NOP_EQ:
	case NOP_NEQ:
		/* one value: a set of whole statuses is a disjunction */
		if (n != 1)
			return mg_opaque(m, what);
		return mg_ctstatus(m, mask, (uint32_t)bits, s->op == NOP_NEQ,
				   what);
	default:
		return mg_opaque(m, what);
	}
}

/* Address types of RTN_* values, FWD_ADDRTYPE_* bits; 0 when out of range */
static uint16_t type_bits(const struct nir_field *f, const struct nir_range *r)
{
	uint64_t lo = nir_scalar_uint(f, &r->lo), hi = nir_scalar_uint(f, &r->hi);
	uint16_t b = 0;

	if (hi > 11 || lo > hi)
		return 0;
	for (; lo <= hi; lo++)
		b |= (uint16_t)(1u << lo);
	return b;
}

static int lower_fibtype(struct merge *m, const struct nir_stmt *s,
			 const struct nir_range *const *v, uint32_t n,
			 const char *what)
{
	const struct nir_field *f = s->key.f[0];
	uint16_t types = 0, b;
	uint32_t i;

	/* with iif / oif / mark the lookup is not the one -m addrtype makes */
	if ((f->offset != NFTA_FIB_F_SADDR && f->offset != NFTA_FIB_F_DADDR) ||
	    (s->op != NOP_EQ && s->op != NOP_NEQ && s->op != NOP_IN))
		return mg_opaque(m, what);
	for (i = 0; i < n; i++) {
		if (!(b = type_bits(f, v[i])))
			return mg_opaque(m, what);
		types |= b;
	}
	mg_addrtype(m, f->offset == NFTA_FIB_F_SADDR ? &m->r->stype
						     : &m->r->dtype,
		    types, s->op == NOP_NEQ);
	return 0;
}

/* Is the value "no route": missing, 0, ""? -1 when it names a route. */
static int no_route(const struct nir_field *f, const struct nir_range *r)
{
	static const struct nir_scalar zero;

	if (memcmp(&r->lo, &r->hi, sizeof(r->lo)) != 0)
		return -1;
	switch (f->type) {
	case NT_BOOL:
		return nir_scalar_uint(f, &r->lo) == 0;
	case NT_IFINDEX: /* kept as a name; index 0 has none: "0" */
		return strcmp((const char *)r->lo.b, "0") == 0 ? 1 : -1;
	case NT_IFNAME:
		return memcmp(&r->lo, &zero, sizeof(zero)) == 0 ? 1 : -1;
	default:
		return -1;
	}
}

static int lower_fiboif(struct merge *m, const struct nir_stmt *s,
			const struct nir_range *const *v, uint32_t n,
			const char *what)
{
	const struct nir_field *f = s->key.f[0];
	uint32_t fl = f->offset;
	int none;

	/* the source's route, maybe through the input interface, maybe
	 * with the mark: the reverse-path test in its strict or loose form */
	if (!(fl & NFTA_FIB_F_SADDR) || (fl & NFTA_FIB_F_OIF) || n != 1 ||
	    (s->op != NOP_EQ && s->op != NOP_NEQ) ||
	    (none = no_route(f, v[0])) < 0)
		return mg_opaque(m, what);
	mg_rpf(m, (none != 0) == (s->op == NOP_EQ) ? FWD_RPF_FAIL
						    : FWD_RPF_PASS);
	return 0;
}

int nir_lower_fib(struct merge *m, const struct nir_stmt *s,
		  const struct nir_range *const *v, uint32_t n,
		  const char *what)
{
	if (s->key.masked)
		return mg_opaque(m, what);
	if (s->key.f[0]->role == ROLE_FIBTYPE)
		return lower_fibtype(m, s, v, n, what);
	return lower_fiboif(m, s, v, n, what);
}
