/*
 * live_rule.h — turning one kernel rule (libnftnl expressions on a
 * register machine) back into statements, the way nft's delinearizer
 * does. Pass 1 (live_rule.c with the expr_*.c ops tables) follows the
 * registers and records raw matches; pass 2 (live_resolve.c) names their
 * fields from the protocol context and drops implicit dependencies.
 */
#ifndef NFT_LIVE_RULE_H
#define NFT_LIVE_RULE_H

#include <stdio.h>

#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>

#include "nir.h"

#define LR_UNITS 24 /* 32-bit register units: verdict + 16 x 32 bit */

enum rv_kind { RV_NONE = 0, RV_LOAD, RV_IMM, RV_UNKNOWN };

/* What a register holds. */
struct reg_val {
	enum rv_kind kind;
	enum nir_kind lk;         /* RV_LOAD: payload, meta or ct */
	uint32_t base, offset, len, key;
	bool has_dir;             /* ct original/reply: not modelled */
	bool masked;              /* a bitwise and was applied */
	bool swapped;             /* byteorder: host data now big-endian */
	uint8_t mask[16];
	uint8_t data[16];         /* RV_IMM */
	uint32_t dlen;
	const char *name;         /* RV_UNKNOWN: the expression's name */
};

enum lr_form { LR_CMP, LR_RANGE, LR_LOOKUP, LR_FLAGS, LR_REJECT };

struct lr_item {
	bool raw;                 /* a match still to resolve */
	struct nir_stmt s;        /* !raw: the finished statement */

	struct reg_val k[NIR_MAX_CONCAT];
	unsigned nk;
	enum lr_form form;
	enum nir_op op;
	uint8_t data[16], to[16];
	uint32_t dlen;
	struct nir_set *set;      /* LR_LOOKUP */
	bool vmap;
	int rej_type, rej_code;   /* LR_REJECT */
};

struct lr_ctx {
	struct nir_ctx *cx;
	struct nir_table *t;
	struct reg_val regs[LR_UNITS];
	struct lr_item *items;
	uint32_t n, cap;
};

struct lr_expr_ops {
	const char *name;
	int (*parse)(struct lr_ctx *lc, struct nftnl_expr *e);
};

/* NULL-terminated ops tables, one per file. */
extern const struct lr_expr_ops lr_load_ops[];
extern const struct lr_expr_ops lr_cmp_ops[];
extern const struct lr_expr_ops lr_stmt_ops[];

/* live_rule.c */
int lr_unit(uint32_t reg);
struct reg_val *lr_reg(struct lr_ctx *lc, struct nftnl_expr *e, uint16_t attr);
struct lr_item *lr_push(struct lr_ctx *lc, bool raw);
/* A finished statement that prints as text; opaque when it restricts. */
int lr_text(struct lr_ctx *lc, const char *text, const char *opaque,
	    enum fwd_verdict v);
int lr_unknown(struct lr_ctx *lc, const char *what);
/* The whole rule into out. */
int lr_rule(struct nir_ctx *cx, struct nir_table *t, struct nftnl_rule *r,
	    struct nir_rule *out);

/* live_resolve.c */
int lr_resolve(struct lr_ctx *lc, struct nir_rule *out);

/* live_sets.c: the nir_set of a kernel set (named or anonymous). */
struct nir_set *live_set_wrap(struct nir_ctx *cx, struct nftnl_set *s);
/* Decode elements now (anonymous sets print inline). */
int live_set_elems(struct nir_ctx *cx, struct nir_set *s,
		   const struct nir_key *key, struct nir_elem **out,
		   uint32_t *n);

#endif
