/*
 * netsh.h — internals of the netsh reader, shared by its files.
 *
 * Reading a file is two steps. The parsers (show_rule.c, profiles.c,
 * registry.c) turn the decoded text into a struct nsh_parse: neutral rule
 * records and profile settings, with every port and address already
 * checked. Only when the whole file parsed does build.c put it into the
 * model, so a bad file never leaves half a ruleset behind.
 *
 * All memory of a parse comes from the ruleset's arena (fwd_alloc), except
 * the rule array itself, which nsh_parse_free() releases.
 */
#ifndef NSH_NETSH_H
#define NSH_NETSH_H

#include <stdbool.h>
#include <stddef.h>

#include <fwdrift/error.h>
#include <fwdrift/model.h>

/* ------------------------------------------------------------------
 * Profiles, directions, actions
 * ---------------------------------------------------------------- */
enum nsh_profile_id { NSH_DOMAIN = 0, NSH_PRIVATE = 1, NSH_PUBLIC = 2 };
#define NSH_PROFILE_COUNT 3
#define NSH_PROF_BIT(p) (1u << (p))
#define NSH_PROF_ALL 7u

enum nsh_dir { NSH_IN = 0, NSH_OUT = 1 };
enum nsh_action { NSH_BYPASS = 0, NSH_BLOCK = 1, NSH_ALLOW = 2 };

/* "domain", "private", "public": the view names. */
const char *nsh_view_name(enum nsh_profile_id p);
/* "Domain", "Private", "Public": as Windows spells them. */
const char *nsh_profile_name(enum nsh_profile_id p);
/* "Domain,Private" for a bit set, into buf. */
const char *nsh_profiles_text(unsigned bits, char *buf, size_t len);

/* ------------------------------------------------------------------
 * One firewall rule, as either form describes it.
 * ---------------------------------------------------------------- */
#define NSH_MAX_OPAQUE 16

struct nsh_rule {
	const char *name;    /* display name: the stable fingerprint */
	const char *id;      /* registry value name, NULL for netsh text */
	int line;            /* "Rule Name:" line or registry value line */

	bool enabled;
	enum nsh_dir dir;
	enum nsh_action action;
	unsigned profiles;   /* NSH_PROF_BIT set */
	int proto;           /* -1 any, else 0..255 */
	unsigned families;   /* FWD_FAM_*: ICMPv4/ICMPv6 narrow it */

	/* Parsed sides: local/remote ports and addresses. */
	struct fwd_port_match lport, rport;
	struct fwd_addr_match laddr, raddr;

	/* Restrictions the model cannot express, by Windows name. */
	const char *opaque[NSH_MAX_OPAQUE];
	unsigned n_opaque;

	/* The one-line rendering for fwd_rule.text. */
	const char *text;
};

/* Profile settings of one profile. */
enum nsh_state { NSH_STATE_ON = 0, NSH_STATE_OFF, NSH_STATE_UNSET };
enum nsh_inpol {
	NSH_IN_BLOCK = 0,
	NSH_IN_BLOCK_ALWAYS,
	NSH_IN_ALLOW,
	NSH_IN_UNSET,
};
enum nsh_outpol { NSH_OUT_ALLOW = 0, NSH_OUT_BLOCK, NSH_OUT_UNSET };

struct nsh_profile {
	bool present;            /* this input said something about it */
	int line;
	enum nsh_state state;
	enum nsh_inpol in;
	enum nsh_outpol out;
	bool local_rules_off;    /* LocalFirewallRules Disable (GPO) */
	bool seen_state, seen_policy; /* netsh text: the block said them */
};

/* What one input file held. */
struct nsh_parse {
	struct fwd_ruleset *rs;  /* arena for everything below */
	const char *source;      /* file name for messages and origins */

	struct nsh_rule *rules;  /* malloc'd, nsh_parse_free() */
	unsigned n_rules, cap_rules;

	struct nsh_profile prof[NSH_PROFILE_COUNT];

	/* What was seen, for notes and sources. */
	unsigned n_show_rule;    /* netsh show rule outputs */
	unsigned n_allprofiles;  /* netsh show allprofiles outputs */
	bool registry;           /* a .reg export */
	bool verbose;            /* a show rule record had verbose fields */
	bool policy_store;       /* .reg held the GPO key as well */
	unsigned n_unknown_keys; /* registry rule keys kept as opaque */
	const char *legacy_charset; /* non-UTF-8 text read as this */
};

void nsh_parse_init(struct nsh_parse *p, struct fwd_ruleset *rs,
		    const char *source);
void nsh_parse_free(struct nsh_parse *p);
/* A new zeroed rule record at the end of p->rules; NULL on ENOMEM. */
struct nsh_rule *nsh_rule_new(struct nsh_parse *p);
/* Add a restriction name; FWD_EINVAL when there are too many. */
int nsh_rule_opaque(struct nsh_rule *r, const char *what);

/*
 * The display strings of a rule, as the export spelled them (NULL: Any or
 * absent), for nsh_render(). Both forms fill one.
 */
struct nsh_raw {
	const char *action, *dir, *proto, *lport, *rport, *lip, *rip;
	const char *icmp, *program, *service, *iftypes, *security, *edge;
	const char *extra;    /* other restrictions, already "K=V" */
	unsigned profiles;
	bool disabled;
	const char *name;
};

/* `Allow In TCP LocalPort=10001 Profiles=Domain,Private "Name"` in the
 * arena; NULL on ENOMEM. */
const char *nsh_render(struct fwd_ruleset *rs, const struct nsh_raw *w);

/* ------------------------------------------------------------------
 * decode.c: bytes to UTF-8 text, lines.
 * ---------------------------------------------------------------- */
struct nsh_text {
	char *buf;       /* malloc'd UTF-8, NUL-terminated */
	size_t len;
	const char *charset; /* NULL for UTF-8, else the legacy guess */
};

/*
 * Decode data (UTF-16LE/BE with or without BOM, UTF-8 with or without
 * BOM, or an 8-bit code page read as Windows-1252) into out. Rejects
 * binary data with FWD_EINVAL naming the line. Free out->buf with free().
 */
int nsh_decode(const char *name, const char *data, size_t len,
	       struct nsh_text *out, struct fwd_error *err);

/* Lenient decoding of a file's head for probing: never fails. */
char *nsh_decode_head(const char *data, size_t len, size_t max);

/* Line cursor over decoded text; the line is NUL-terminated in place,
 * without its CR/LF. */
struct nsh_lines {
	char *p, *end;
	int lineno;
};

void nsh_lines_init(struct nsh_lines *l, struct nsh_text *t);
/* The next line or NULL at the end; l->lineno is its 1-based number. */
char *nsh_lines_next(struct nsh_lines *l);

/* ------------------------------------------------------------------
 * detect.c: which form, which language.
 * ---------------------------------------------------------------- */
enum nsh_form { NSH_FORM_NONE = 0, NSH_FORM_NETSH, NSH_FORM_REGISTRY };

/* How sure we are that text is ours, 0..100, and in which form. */
int nsh_detect(const char *text, enum nsh_form *form);

/*
 * FWD_EUNSUPPORTED with the registry advice when text is a netsh export
 * in another display language; 0 otherwise.
 */
int nsh_check_language(const char *name, const char *text,
		       struct fwd_error *err);

/* ------------------------------------------------------------------
 * Parsers: 0 or FWD_E* with file:line in err.
 * ---------------------------------------------------------------- */
int nsh_parse_netsh(struct nsh_parse *p, struct nsh_text *t,
		    struct fwd_error *err);
int nsh_parse_registry(struct nsh_parse *p, struct nsh_text *t,
		       struct fwd_error *err);
/* reg_rule.c: one "v2.30|Action=Allow|...|" string, value name id. */
int nsh_reg_rule(struct nsh_parse *p, const char *id, const char *s,
		 int line, struct fwd_error *err);

/*
 * profiles.c: one "Key   Value" line of a "X Profile Settings:" block.
 * Returns 0, or FWD_EINVAL with the reason in why.
 */
int nsh_profile_line(struct nsh_profile *pr, const char *line,
		     char *why, size_t whylen);
/* After a block ended: FWD_EINVAL (reason in why) if it lacks State or
 * Firewall Policy. */
int nsh_profile_check(const struct nsh_profile *pr, char *why, size_t whylen);

/* ------------------------------------------------------------------
 * ports.c: values shared by both forms.
 * ---------------------------------------------------------------- */

/*
 * Parse a port list ("Any", "80,443", "5000-5010", "RPC", "Teredo") of
 * the side `side` ("LocalPort", "RemotePort") into m. Keywords with a
 * known port become that port (RPC also a restriction on r); unknown
 * keywords leave m empty and become one restriction on r. Returns 0,
 * FWD_ENOMEM, or FWD_EINVAL with the reason in why.
 */
int nsh_ports_parse(struct nsh_parse *p, struct nsh_rule *r,
		    struct fwd_port_match *m, const char *side,
		    const char *value, char *why, size_t whylen);

/*
 * Parse an address list ("Any", "LocalSubnet", "10.0.0.0/8",
 * "10.0.0.1-10.0.0.9", "10.0.0.0/255.0.0.0", "fe80::/64") of side
 * ("LocalIP", "RemoteIP") into m; keywords become one restriction on r.
 */
int nsh_addrs_parse(struct nsh_parse *p, struct nsh_rule *r,
		    struct fwd_addr_match *m, const char *side,
		    const char *value, char *why, size_t whylen);

/*
 * Protocol by netsh name or number ("TCP", "UDP", "ICMPv4", "ICMPv6",
 * "Any", "47"): sets r->proto and r->families. FWD_EINVAL with why.
 */
int nsh_proto_parse(struct nsh_rule *r, const char *value, char *why,
		    size_t whylen);

/* Case-insensitive ASCII compare helpers. */
bool nsh_ieq(const char *a, const char *b);
bool nsh_iprefix(const char *s, const char *prefix);
/* Trim ASCII blanks at both ends in place; returns s. */
char *nsh_trim(char *s);

/* ------------------------------------------------------------------
 * build.c: the Windows semantics in the model.
 * ---------------------------------------------------------------- */
int nsh_build(struct nsh_parse *p, struct fwd_error *err);

/* Reasons that belong to a profile's settings, not to the rule. */
#define NSH_REASON_OFF "firewall off in profile "
#define NSH_REASON_ALWAYS "BlockInboundAlways in profile "

#endif
