/*
 * fwdrift/model.h — the normalized firewall model that readers fill.
 *
 * A ruleset holds views (Linux: one, "host"; Windows: one per profile),
 * a view holds chains, a chain holds rules. Base chains sit on a hook with
 * a priority and a policy; several base chains on one hook all apply.
 * Everything is allocated in the ruleset's arena and freed with
 * fwd_ruleset_free(): readers never free model memory themselves.
 *
 * A reader builds the model with the fwd_* functions below, then the core
 * resolves jump targets and evaluates it. The structs are public so that a
 * reader can fill the match fields directly; the *_add() helpers grow the
 * arrays inside the arena.
 *
 * Nothing in the model may claim more than the source said: anything a
 * reader cannot interpret goes into rule->opaque by name, so that the report
 * says "unresolved: -m recent" instead of guessing.
 */
#ifndef FWDRIFT_MODEL_H
#define FWDRIFT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fwdrift/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Enumerations
 * ------------------------------------------------------------------- */

enum fwd_family { FWD_IPV4 = 0, FWD_IPV6 = 1 };
#define FWD_FAMILY_COUNT 2
#define FWD_FAM_BIT(f) (1u << (f))
#define FWD_FAM_IPV4 FWD_FAM_BIT(FWD_IPV4)
#define FWD_FAM_IPV6 FWD_FAM_BIT(FWD_IPV6)
#define FWD_FAM_ALL (FWD_FAM_IPV4 | FWD_FAM_IPV6)

/* Netfilter hooks; Windows readers use INPUT and OUTPUT only. */
enum fwd_hook {
	FWD_HOOK_PREROUTING = 0,
	FWD_HOOK_INPUT,
	FWD_HOOK_FORWARD,
	FWD_HOOK_OUTPUT,
	FWD_HOOK_POSTROUTING,
};
#define FWD_HOOK_COUNT 5

enum fwd_verdict {
	FWD_VERDICT_CONTINUE = 0, /* log, counter, mark, comment: no decision */
	FWD_VERDICT_ACCEPT,
	FWD_VERDICT_DROP,
	FWD_VERDICT_REJECT,
	FWD_VERDICT_JUMP,
	FWD_VERDICT_GOTO,
	FWD_VERDICT_RETURN,
	FWD_VERDICT_QUEUE,        /* handed to user space: fate unknown */
};

/* Conntrack states, as bits of fwd_ct_match.states. */
#define FWD_CT_NEW         0x01u
#define FWD_CT_ESTABLISHED 0x02u
#define FWD_CT_RELATED     0x04u
#define FWD_CT_INVALID     0x08u
#define FWD_CT_UNTRACKED   0x10u

#define FWD_PROTO_TCP 6
#define FWD_PROTO_UDP 17

/* ---------------------------------------------------------------------
 * Matches. A match with n == 0 is absent (matches everything). negate
 * inverts the whole set: "! --dport 22" is {22} with negate.
 * ------------------------------------------------------------------- */

struct fwd_port_range {
	uint16_t lo;
	uint16_t hi; /* inclusive, lo <= hi */
};

struct fwd_port_match {
	struct fwd_port_range *ranges;
	uint32_t n;
	bool negate;
};

/* An address prefix; addr is in network byte order, 4 or 16 bytes used. */
struct fwd_prefix {
	uint8_t family; /* enum fwd_family */
	uint8_t len;    /* prefix length in bits */
	uint8_t addr[16];
};

struct fwd_addr_match {
	struct fwd_prefix *prefixes;
	uint32_t n;
	bool negate;
	const char *set_name; /* named set or Windows keyword, for the report */
};

/* Interface names; a trailing '*' makes a name a prefix ("eth*"). */
struct fwd_iface_match {
	const char **names;
	uint32_t n;
	bool negate;
};

/* Layer-4 protocol numbers (6 tcp, 17 udp, ...). */
struct fwd_proto_match {
	uint8_t *protos;
	uint32_t n;
	bool negate;
};

struct fwd_ct_match {
	uint8_t states;  /* FWD_CT_* bits; 0 means absent */
	bool negate;
};

/*
 * Address types, as `-m addrtype` and nft `fib ... type` test them: bits
 * 1 << RTN_* (the kernel's XT_ADDRTYPE_* values). A remote peer's address
 * is UNICAST, this host's own address is LOCAL.
 */
#define FWD_ADDRTYPE_UNSPEC    0x0001u
#define FWD_ADDRTYPE_UNICAST   0x0002u
#define FWD_ADDRTYPE_LOCAL     0x0004u
#define FWD_ADDRTYPE_BROADCAST 0x0008u
#define FWD_ADDRTYPE_ANYCAST   0x0010u
#define FWD_ADDRTYPE_MULTICAST 0x0020u

struct fwd_addrtype_match {
	uint16_t types;  /* FWD_ADDRTYPE_* bits; 0 means absent */
	bool negate;
};

/*
 * Conntrack status bits, nft `ct status` (the kernel's IPS_* values). A
 * new connection that no NAT rule rewrote has none of them when the
 * filter hooks see its first packet: it is not an expectation, has seen
 * no reply, is neither assured nor confirmed yet, is not NATed, not dying.
 */
#define FWD_CTS_EXPECTED   0x0001u
#define FWD_CTS_SEEN_REPLY 0x0002u
#define FWD_CTS_ASSURED    0x0004u
#define FWD_CTS_CONFIRMED  0x0008u
#define FWD_CTS_SNAT       0x0010u
#define FWD_CTS_DNAT       0x0020u
#define FWD_CTS_DYING      0x0200u
#define FWD_CTS_NEW_CLEAR  0x023fu /* all of the above */

/*
 * (status & mask) == value, or != with negate; mask 0 means absent. Bits
 * outside FWD_CTS_NEW_CLEAR (NAT done, helper, offload ...) are kept as
 * the source said, but nothing is known of them for a new connection.
 */
struct fwd_ctstatus_match {
	uint32_t mask;
	uint32_t value;
	bool negate;
};

/*
 * Reverse-path test, nft `fib saddr [. mark] [. iif] oif missing`: is
 * there a route back to the packet's source (through the interface it
 * came in on, with iif)? A remote peer that can hold a connection with
 * this host passes it; spoofed sources fail it.
 */
enum fwd_rpf {
	FWD_RPF_ANY = 0, /* absent */
	FWD_RPF_PASS,    /* matches packets whose source passes the test */
	FWD_RPF_FAIL,    /* matches packets whose source fails it */
};

struct fwd_chain;

/* ---------------------------------------------------------------------
 * Rule: a conjunction of matches, a verdict and an origin.
 * ------------------------------------------------------------------- */
struct fwd_rule {
	unsigned families; /* FWD_FAM_* this rule can match; set from chain */

	struct fwd_proto_match proto;
	struct fwd_port_match dport;
	struct fwd_port_match sport;
	struct fwd_addr_match saddr;
	struct fwd_addr_match daddr;
	struct fwd_iface_match iif;
	struct fwd_iface_match oif;
	struct fwd_ct_match ct;
	struct fwd_addrtype_match stype; /* type of the source address */
	struct fwd_addrtype_match dtype; /* type of the destination address */

	/*
	 * Matches the reader could not interpret, by the name the source
	 * tool uses ("-m recent", "meta mark", "Program C:\x.exe"). Each one
	 * makes the rule match only some packets.
	 */
	const char **opaque;
	uint32_t n_opaque;

	enum fwd_verdict verdict;
	const char *target;              /* jump/goto: target chain name */
	struct fwd_chain *target_chain;  /* resolved by the core */

	/* Origin: where a person finds the rule again, and its text. */
	const char *where;   /* "rules.v4:12", "filter INPUT #3", ... */
	const char *text;    /* as the source tool prints the rule */
	const char *comment; /* rule comment or name, NULL if none */

	/*
	 * NULL when the rule applies. Otherwise why it does not ("disabled",
	 * "profile private only"): the evaluator skips it, the diff still
	 * reports it when it would have satisfied a requirement.
	 */
	const char *inactive;

	/* Set by the core. */
	struct fwd_chain *chain;
	uint32_t index; /* 1-based position in its chain */

	/*
	 * Matches added after the first ABI: at the end, so that a reader
	 * built against the older layout (which leaves them zero: absent)
	 * still fills every field above at the right place.
	 */
	struct fwd_ctstatus_match ctstatus;
	uint8_t rpf; /* enum fwd_rpf */
};

/* ---------------------------------------------------------------------
 * Chain, view, ruleset
 * ------------------------------------------------------------------- */
struct fwd_chain {
	const char *backend; /* "iptables-legacy", "nftables", "netsh" */
	const char *table;   /* "filter", "inet fw", profile name, ... */
	const char *name;
	unsigned families;   /* FWD_FAM_* */
	const char *where;   /* origin of the chain itself */

	bool base;           /* true when attached to a hook */
	enum fwd_hook hook;
	int priority;        /* lower runs first */
	enum fwd_verdict policy; /* ACCEPT or DROP, base chains only */

	struct fwd_rule **rules;
	uint32_t n_rules;
	uint32_t cap_rules;
};

struct fwd_view {
	const char *name;         /* "host", "domain", "private", "public" */
	unsigned families_read;   /* FWD_FAM_* whose state this view knows */
	bool enabled;             /* false: a Windows profile that is off */
	struct fwd_chain **chains;
	uint32_t n_chains;
	uint32_t cap_chains;
	void *index;              /* core-private chain lookup */
};

struct fwd_ruleset; /* opaque */

/* Severity of a note a reader leaves for the report. */
enum fwd_note_level {
	FWD_NOTE_INFO = 0,    /* shown with -v */
	FWD_NOTE_WARNING = 1, /* always shown: a limit of what was read */
};

/* ---------------------------------------------------------------------
 * Building. All functions take the ruleset whose arena owns the memory.
 * Functions returning int return 0 or a negative FWD_E* code.
 * ------------------------------------------------------------------- */

/* A new empty ruleset; free it with fwd_ruleset_free(). NULL on ENOMEM. */
struct fwd_ruleset *fwd_ruleset_new(void);
void fwd_ruleset_free(struct fwd_ruleset *rs);

/* Zeroed arena memory living as long as rs. NULL on ENOMEM. */
void *fwd_alloc(struct fwd_ruleset *rs, size_t size);
/* Arena copies of strings. NULL on ENOMEM (or when s is NULL). */
const char *fwd_strdup(struct fwd_ruleset *rs, const char *s);
const char *fwd_strndup(struct fwd_ruleset *rs, const char *s, size_t n);
const char *fwd_sprintf(struct fwd_ruleset *rs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "file:line", the origin of what a reader found at that line of a file:
 * the string fwd_sprintf(rs, "%s:%d", file, line) makes, built without
 * printf because a reader asks for it once per rule. */
const char *fwd_file_line(struct fwd_ruleset *rs, const char *file, int line);

/* The view of that name, created empty (enabled) on first use. */
struct fwd_view *fwd_view_get(struct fwd_ruleset *rs, const char *name);

/* Declare that the view's state for these families was read (even if it
 * holds no chains: an empty table set means everything passes). */
void fwd_view_mark_read(struct fwd_view *v, unsigned families);

/*
 * The chain (backend, table, name) of view v, created on first use with
 * the given families. Chain names are unique within backend+table.
 */
struct fwd_chain *fwd_chain_get(struct fwd_ruleset *rs, struct fwd_view *v,
				const char *backend, const char *table,
				const char *name, unsigned families);

/* Attach a chain to a hook. policy is FWD_VERDICT_ACCEPT or _DROP. */
void fwd_chain_set_base(struct fwd_chain *c, enum fwd_hook hook,
			int priority, enum fwd_verdict policy);

/* Append a zeroed rule (families = chain's) to c. NULL on ENOMEM. */
struct fwd_rule *fwd_rule_add(struct fwd_ruleset *rs, struct fwd_chain *c);

int fwd_port_match_add(struct fwd_ruleset *rs, struct fwd_port_match *m,
		       uint16_t lo, uint16_t hi);
int fwd_addr_match_add(struct fwd_ruleset *rs, struct fwd_addr_match *m,
		       const struct fwd_prefix *p);
int fwd_iface_match_add(struct fwd_ruleset *rs, struct fwd_iface_match *m,
			const char *name);
int fwd_proto_match_add(struct fwd_ruleset *rs, struct fwd_proto_match *m,
			uint8_t proto);
int fwd_rule_add_opaque(struct fwd_ruleset *rs, struct fwd_rule *r,
			const char *name);

/*
 * Add every prefix covering the inclusive address range [lo, hi] (both of
 * family fam, network byte order) to m: iprange and Windows ranges.
 */
int fwd_addr_match_add_range(struct fwd_ruleset *rs, struct fwd_addr_match *m,
			     enum fwd_family fam, const uint8_t *lo,
			     const uint8_t *hi);

/*
 * Parse "10.0.0.0/8", "192.168.1.1", "2001:db8::/32", "::1" into p.
 * Host bits beyond the prefix are cleared. Returns 0 or FWD_EINVAL.
 */
int fwd_prefix_parse(const char *s, struct fwd_prefix *p);

/* Leave a note for the report: what was skipped, assumed or lost. */
void fwd_ruleset_note(struct fwd_ruleset *rs, enum fwd_note_level level,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record what was read ("iptables live: ipv4 filter,mangle"). */
void fwd_ruleset_add_source(struct fwd_ruleset *rs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Taking back a read. fwd_ruleset_mark() remembers what rs holds (NULL
 * on ENOMEM); fwd_ruleset_rollback() removes every view, chain, rule,
 * note and source added since, and restores the views' read families,
 * so that a reader whose input changed while it read can start again.
 * Changes made to objects that existed at the mark (other than adding
 * rules or chains) are not undone. 0 or FWD_ENOMEM (the chain lookup
 * could not be rebuilt: the ruleset must not be used further).
 */
struct fwd_mark;
struct fwd_mark *fwd_ruleset_mark(struct fwd_ruleset *rs);
int fwd_ruleset_rollback(struct fwd_ruleset *rs, const struct fwd_mark *m);

/* Accessors for the core and for tests. */
uint32_t fwd_ruleset_view_count(const struct fwd_ruleset *rs);
struct fwd_view *fwd_ruleset_view(const struct fwd_ruleset *rs, uint32_t i);

/* Human names: "ipv4", "input", "accept", ... */
const char *fwd_family_name(enum fwd_family f);
const char *fwd_hook_name(enum fwd_hook h);
const char *fwd_verdict_name(enum fwd_verdict v);

#ifdef __cplusplus
}
#endif

#endif
