/*
 * live_rule.h — turning one kernel rule (expressions on a register
 * machine) back into statements, the way nft's delinearizer does. Pass 1
 * (live_rule.c with the expr_*.c ops tables) follows the registers and
 * records raw matches; pass 2 (live_resolve.c) names their fields from
 * the protocol context and drops implicit dependencies.
 *
 * Rule messages are read in place (live_msg.c), not through libnftnl's
 * rule and expression objects: a rule dump is most of a read, and
 * libnftnl allocates, copies and frees one object per expression. The
 * decoders see each expression as its netlink attributes by type.
 */
#ifndef NFT_LIVE_RULE_H
#define NFT_LIVE_RULE_H

#include <endian.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <libnftnl/set.h>

#include "nir.h"

/* ---- one expression of a rule message ------------------------------ */

#define LR_ATTRS 17 /* attribute types 0..16: every NFTA_<expr>_* we read */

/*
 * An expression as the kernel sent it: its name and its attributes
 * (NFTA_CMP_SREG, NFTA_PAYLOAD_BASE, ...) by type, NULL when absent.
 * They point into the message and live as long as its callback.
 * Integers are big-endian on the wire; the getters below turn them
 * around and return 0 for an absent attribute or one too short for its
 * type, as libnftnl's getters did for an unset attribute.
 */
struct lr_expr {
	const char *name;
	uint32_t present;         /* bit t: a[t] is set (a[] is not zeroed) */
	const struct nlattr *a[LR_ATTRS];
};

static inline const struct nlattr *lr_attr(const struct lr_expr *e,
					   uint16_t type)
{
	return type < LR_ATTRS && (e->present >> type & 1u) ? e->a[type]
							    : NULL;
}

static inline bool lr_has(const struct lr_expr *e, uint16_t type)
{
	return lr_attr(e, type) != NULL;
}

/* Payload of an attribute of at least min bytes, or NULL. */
static inline const void *lr_payload(const struct lr_expr *e, uint16_t type,
				     uint32_t min)
{
	const struct nlattr *a = lr_attr(e, type);

	return a && a->nla_len >= MNL_ATTR_HDRLEN + min ?
	       (const char *)a + MNL_ATTR_HDRLEN : NULL;
}

static inline uint8_t lr_u8(const struct lr_expr *e, uint16_t type)
{
	const uint8_t *p = lr_payload(e, type, 1);

	return p ? *p : 0;
}

static inline uint16_t lr_u16(const struct lr_expr *e, uint16_t type)
{
	const void *p = lr_payload(e, type, 2);
	uint16_t v = 0;

	if (p)
		memcpy(&v, p, 2);
	return be16toh(v);
}

static inline uint32_t lr_u32(const struct lr_expr *e, uint16_t type)
{
	const void *p = lr_payload(e, type, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return be32toh(v);
}

static inline uint64_t lr_u64(const struct lr_expr *e, uint16_t type)
{
	const void *p = lr_payload(e, type, 8);
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, 8);
	return be64toh(v);
}

/* A NUL-terminated string attribute, NULL otherwise. */
const char *lr_str(const struct lr_expr *e, uint16_t type);
/* A raw attribute's payload and its length (xt match info), NULL when
 * absent. */
const void *lr_bin(const struct lr_expr *e, uint16_t type, uint32_t *len);
/* The value of an NFTA_DATA_VALUE nested in attribute type (cmp data,
 * bitwise mask, immediate data), NULL when absent. */
const void *lr_data(const struct lr_expr *e, uint16_t type, uint32_t *len);
/* The verdict nested in attribute type (NFTA_DATA_VERDICT): 0 with code
 * (NF_ACCEPT, NFT_JUMP, ...) and chain (NULL if none), -1 when absent. */
int lr_verdict(const struct lr_expr *e, uint16_t type, int *code,
	       const char **chain);

/* ---- a rule message ------------------------------------------------ */

struct lr_msg {
	uint8_t family;            /* nfgenmsg: NFPROTO_* */
	const char *table, *chain; /* NULL when absent */
	uint64_t handle;
	const struct nlattr *exprs; /* NFTA_RULE_EXPRESSIONS, or NULL */
	const uint8_t *udata;      /* NFTA_RULE_USERDATA (comment TLVs) */
	uint32_t udata_len;
};

/* live_msg.c: the rule attributes of a NFT_MSG_NEWRULE message. 0, or -1
 * when the message is cut short or not a rule. */
int lr_msg_parse(const struct nlmsghdr *nlh, struct lr_msg *m);
/*
 * The expressions of m, one by one: *pos starts at 0; each call fills e
 * and returns 1, then 0 after the last, -1 when an expression is
 * malformed (an attribute running past its container, no name).
 */
int lr_msg_expr(const struct lr_msg *m, uint32_t *pos, struct lr_expr *e);

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

/* lr_push() zeroes everything up to k[0] included; k[1..] and to are
 * written before they are read (nk and dlen say how much). */
struct lr_item {
	bool raw;                 /* a match still to resolve */
	unsigned nk;
	enum lr_form form;
	enum nir_op op;
	uint32_t dlen;
	struct nir_set *set;      /* LR_LOOKUP */
	bool vmap;
	int rej_type, rej_code;   /* LR_REJECT */
	uint8_t data[16];
	struct nir_stmt s;        /* !raw: the finished statement */

	struct reg_val k[NIR_MAX_CONCAT];
	uint8_t to[16];
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
	int (*parse)(struct lr_ctx *lc, const struct lr_expr *e);
};

/* NULL-terminated ops tables, one per file. */
extern const struct lr_expr_ops lr_load_ops[];
extern const struct lr_expr_ops lr_cmp_ops[];
extern const struct lr_expr_ops lr_stmt_ops[];

/* live_rule.c */
int lr_unit(uint32_t reg);
/* The register named by attribute attr of e, NULL when absent or not a
 * register. */
struct reg_val *lr_reg(struct lr_ctx *lc, const struct lr_expr *e,
		       uint16_t attr);
struct lr_item *lr_push(struct lr_ctx *lc, bool raw);
/* A finished statement that prints as text; opaque when it restricts. */
int lr_text(struct lr_ctx *lc, const char *text, const char *opaque,
	    enum fwd_verdict v);
int lr_unknown(struct lr_ctx *lc, const char *what);
/* The whole rule into out. */
int lr_rule(struct nir_ctx *cx, struct nir_table *t, const struct lr_msg *m,
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
