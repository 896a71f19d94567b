/*
 * nir.h — the nftables reader's intermediate form of a rule.
 *
 * Both inputs end here: the live path rebuilds it from the kernel's
 * register-machine expressions (live_rule.c), the JSON path from the
 * statements of `nft -j list ruleset` (json_expr.c). One printer (text.c)
 * and one lowering to the model (lower.c) then serve both, which is what
 * makes a live audit and an offline audit of the same ruleset agree.
 *
 * Values are kept as the kernel compares them: big-endian byte strings of
 * a field's width (host-order kernel data is turned around on the way in),
 * so that ranges, sets and prefixes are all intervals ordered by memcmp.
 */
#ifndef NFT_NIR_H
#define NFT_NIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fwdrift/error.h>
#include <fwdrift/model.h>

#include "util.h"

#define NIR_MAX_CONCAT 4
#define NIR_SCALAR_LEN 16

/* How a field's values are read and printed. */
enum nir_type {
	NT_INT,       /* unsigned decimal */
	NT_HEX,       /* 0x%08x (marks) */
	NT_PORT,      /* inet_service */
	NT_PROTO,     /* inet_proto: tcp, udp, 47 */
	NT_IPV4,
	NT_IPV6,
	NT_IFNAME,    /* string; "eth*" is the interval eth\0.. - eth\xff.. */
	NT_IFINDEX,   /* kept as the interface's name, like NT_IFNAME */
	NT_CTSTATE,   /* bitmask: invalid,established,related,new,untracked */
	NT_CTDIR,     /* original, reply */
	NT_NFPROTO,   /* ipv4, ipv6 */
	NT_ETHERTYPE, /* ip, ip6, arp, vlan */
	NT_TCPFLAGS,  /* bitmask: fin,syn,rst,psh,ack,urg,ecn,cwr */
	NT_ICMP_TYPE,
	NT_ICMPV6_TYPE,
	NT_PKTTYPE,   /* host, broadcast, multicast, other */
	NT_CTSTATUS,  /* bitmask: expected,seen-reply,assured,... */
	NT_BOOL,      /* fib ... oif exists / missing */
	NT_ADDRTYPE,  /* fib ... type: unicast, local, ... (RTN_*) */
};

enum nir_kind { NIRK_PAYLOAD, NIRK_META, NIRK_CT, NIRK_FIB };

/* What a field means to the model. */
enum nir_role {
	ROLE_NONE = 0,
	ROLE_L4PROTO,  /* meta l4proto, ip protocol, ip6 nexthdr */
	ROLE_NFPROTO,  /* meta nfproto */
	ROLE_ETHERTYPE,/* meta protocol */
	ROLE_DPORT,
	ROLE_SPORT,
	ROLE_SADDR,
	ROLE_DADDR,
	ROLE_IIF,      /* iifname, iif */
	ROLE_OIF,
	ROLE_CTSTATE,
	ROLE_TCPFLAGS,
	ROLE_CTSTATUS,
	ROLE_FIBTYPE,  /* fib saddr type, fib daddr type */
	ROLE_FIBOIF,   /* fib ... oif / oifname: the reverse-path test */
};

#define NIRF_HOST 0x01u /* kernel data is host byte order */
#define NIRF_BARE 0x02u /* meta key printed without "meta " */

struct nir_field {
	const char *proto;   /* "tcp", "ip", "meta", "ct" */
	const char *name;    /* "dport", "l4proto", "state" */
	enum nir_kind kind;
	uint8_t base;        /* payload: NFT_PAYLOAD_*_HEADER */
	uint16_t offset;     /* payload: byte offset in the header;
				fib: its NFTA_FIB_F_* flags */
	uint8_t len;         /* bytes the kernel loads into a register */
	uint8_t width;       /* bytes of a nir_scalar of this field */
	uint32_t key;        /* meta / ct key, fib NFT_FIB_RESULT_* */
	enum nir_type type;
	uint8_t flags;       /* NIRF_* */
	uint8_t role;        /* enum nir_role */
	uint8_t l4;          /* protocol a payload field implies (tcp: 6) */
	uint8_t fams;        /* FWD_FAM_* a payload field implies, 0 = any */
};

struct nir_scalar {
	uint8_t b[NIR_SCALAR_LEN];
};

struct nir_range {
	struct nir_scalar lo, hi; /* inclusive; lo == hi for one value */
};

struct nir_verdict {
	enum fwd_verdict v;
	const char *chain; /* jump / goto */
};

/* One value, range or set element; c[i] per concatenated component. */
struct nir_elem {
	struct nir_range c[NIR_MAX_CONCAT];
	struct nir_verdict data; /* verdict maps */
	bool has_data;
};

/* The left-hand side of a match: a field, or a concatenation. */
struct nir_key {
	const struct nir_field *f[NIR_MAX_CONCAT];
	unsigned n;
	bool masked;               /* "tcp flags & (syn | ack)" */
	struct nir_scalar mask;
};

enum nir_op { NOP_EQ, NOP_NEQ, NOP_IN, NOP_LT, NOP_GT, NOP_LTE, NOP_GTE };

enum nir_skind {
	NS_MATCH,   /* key op value */
	NS_VMAP,    /* key vmap { ... } */
	NS_VERDICT, /* accept, drop, jump x, ... */
	NS_STMT,    /* anything else: counter, log, reject, nat, limit ... */
	NS_XT,      /* iptables-nft compat match / target */
};

struct nir_set;

struct nir_stmt {
	enum nir_skind kind;
	bool dead;               /* dropped protocol dependency */

	/* NS_MATCH, NS_VMAP */
	struct nir_key key;
	enum nir_op op;
	struct nir_elem *elems;  /* inline value(s) */
	uint32_t n_elems;
	bool braces;             /* an anonymous set: printed { ... } */
	struct nir_set *set;     /* a named set: printed @name */

	/* NS_VERDICT; NS_STMT with a decision (reject, nat) */
	struct nir_verdict verdict;
	unsigned fams;           /* NS_STMT: families it applies to, 0 all */

	/* NS_STMT, NS_XT: how it prints; opaque: the name of the match it
	 * adds to the model (limit, unknown matches), NULL when none. */
	const char *text;
	const char *opaque;

	/* NS_XT */
	bool xt_target;
	const char *xt_name;
	unsigned xt_rev;
	const void *xt_data;     /* NULL when lost (JSON) */
	size_t xt_len;
};

struct nir_rule {
	struct nir_stmt *stmts;
	uint32_t n, cap;
	const char *comment;
	uint64_t handle;
};

struct nir_ctx;

/* A named set or map of a table, or a live anonymous set. Elements are
 * decoded on use, with the types of the key that looks them up. */
struct nir_set {
	const char *name;
	bool anonymous;
	bool map;        /* has data (verdict or other) */
	bool vmap;       /* data are verdicts */
	void *src;       /* the reader's own representation */
	int (*decode)(struct nir_ctx *cx, struct nir_set *s,
		      const struct nir_key *key, struct nir_elem **out,
		      uint32_t *n);
};

struct nir_table {
	const char *family;  /* "ip", "ip6", "inet" */
	unsigned fams;       /* FWD_FAM_* */
	int nfproto;         /* NFPROTO_IPV4, _IPV6, _INET */
	const char *name;
	const char *label;   /* "inet filter": the model's table */
	struct nir_set **sets;
	uint32_t n_sets, cap_sets;
};

/* One read: live or one JSON file. */
struct nir_ctx {
	struct fwd_ruleset *rs;
	struct fwd_view *view;
	struct fwd_error *err;
	struct pool pool;
	const char *source;     /* "nftables live" or the file name */
	unsigned xt_lost;       /* JSON: iptables-nft rules whose data is lost */
	unsigned nat_notes;
	const char *file;       /* JSON: the file name (for messages) */
};

/* fields.c ----------------------------------------------------------- */
const struct nir_field *nir_field_by_name(const char *proto, const char *name);
const struct nir_field *nir_field_meta(uint32_t key);
const struct nir_field *nir_field_ct(uint32_t key);
/* The payload field of header proto ("ip", "tcp", "th") at offset with
 * exactly len bytes, NULL if none. */
const struct nir_field *nir_field_payload(const char *proto, unsigned offset,
					  unsigned len);
/* Fields of proto laid out from offset on, for splitting a merged load. */
const struct nir_field *nir_field_at(const char *proto, unsigned offset);
/* The fib expression with these NFTA_FIB_F_* flags and result, NULL for
 * a combination nft cannot write. The field's name is the text after
 * "fib ": "saddr . mark . iif oif". */
const struct nir_field *nir_field_fib(uint32_t flags, uint32_t result);
/* "tcp" for 6 when there is a header description for it, else NULL. */
const char *nir_l4_header(uint8_t proto);

/* types.c ------------------------------------------------------------ */
/* Kernel register data → scalar. 0, or -1 when it does not fit. */
int nir_scalar_from_data(const struct nir_field *f, const void *data,
			 size_t len, struct nir_scalar *out);
/* One textual value ("tcp", "10.0.0.0", "eth*", "new") → range. */
int nir_range_from_text(const struct nir_field *f, const char *s,
			struct nir_range *out);
int nir_range_from_uint(const struct nir_field *f, uint64_t v,
			struct nir_range *out);
/* Scalar ↔ integer for fields up to 8 bytes wide. */
uint64_t nir_scalar_uint(const struct nir_field *f, const struct nir_scalar *s);
void nir_scalar_set_uint(const struct nir_field *f, struct nir_scalar *s,
			 uint64_t v);
int nir_scalar_cmp(const struct nir_field *f, const struct nir_scalar *a,
		   const struct nir_scalar *b);
/* Prefix length when [lo, hi] is exactly one prefix of an address field,
 * -1 otherwise. */
int nir_range_prefix(const struct nir_field *f, const struct nir_range *r);
void nir_range_print(struct strbuf *sb, const struct nir_field *f,
		     const struct nir_range *r);
void nir_scalar_print(struct strbuf *sb, const struct nir_field *f,
		      const struct nir_scalar *s);
/* Interface name of an NT_IFNAME range: "lo", "eth*"; NULL otherwise. */
const char *nir_ifname(struct pool *p, const struct nir_range *r);
const char *nir_proto_name(uint8_t proto);
/* A mask value: "(syn | ack)" for several bits. */
void nir_mask_print(struct strbuf *sb, const struct nir_field *f,
		    const struct nir_scalar *s);

/* text.c ------------------------------------------------------------- */
void nir_key_print(struct strbuf *sb, const struct nir_key *k);
void nir_verdict_print(struct strbuf *sb, const struct nir_verdict *v);
/* The whole rule as nft prints it (counters without their values). */
const char *nir_rule_text(struct nir_ctx *cx, const struct nir_rule *r);
/* Sort and deduplicate elements the way nft lists them. */
void nir_elems_sort(const struct nir_key *k, struct nir_elem *e, uint32_t n);

/* rule.c ------------------------------------------------------------- */
struct nir_stmt *nir_rule_push(struct nir_ctx *cx, struct nir_rule *r,
			       enum nir_skind kind);
struct nir_set *nir_table_set(struct nir_table *t, const char *name);
int nir_table_add_set(struct nir_ctx *cx, struct nir_table *t,
		      struct nir_set *s);
/* The elements a match or vmap statement stands for. */
int nir_stmt_elems(struct nir_ctx *cx, const struct nir_stmt *s,
		   struct nir_elem **out, uint32_t *n);
int nir_oom(struct nir_ctx *cx);

/* lower.c ------------------------------------------------------------ */
/* Add rule r of table t to chain c: one model rule, or one per map entry
 * or concatenated set element. where is the origin. */
int nir_emit_rule(struct nir_ctx *cx, const struct nir_table *t,
		  struct fwd_chain *c, const struct nir_rule *r,
		  const char *where);

/* chains.c ----------------------------------------------------------- */
/* The model chain of a table's chain; hook is NULL for a regular chain.
 * Returns NULL with nothing done (and a note) for hooks the model has no
 * place for (ingress, egress). */
struct fwd_chain *nir_chain(struct nir_ctx *cx, const struct nir_table *t,
			    const char *name, const char *hook, int prio,
			    bool policy_drop, const char *where);
/* Table setup: fills family data; false (and a note) for families the
 * model ignores (arp, bridge, netdev). */
bool nir_table_init(struct nir_ctx *cx, struct nir_table *t,
		    const char *family, const char *name);

#endif
