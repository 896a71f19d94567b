/*
 * save_parse.h — internal interface of the iptables-save parser:
 * save_parse.c (lines, tables, chains, families), save_rule.c (one -A
 * line), save_match.c (the options of each -m module and -j target).
 */
#ifndef FWD_IPT_SAVE_PARSE_H
#define FWD_IPT_SAVE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fwdrift/model.h>

#include "save_tokens.h"

struct chain_map; /* chain names of the open table (save_parse.c) */

/* Parser state for one file. */
struct save_ctx {
	struct fwd_ruleset *rs;
	struct fwd_view *view;
	const char *name;        /* file name, for messages and origins */
	struct fwd_error *err;

	enum fwd_family fam;     /* family of the current dump */
	const char *backend;     /* "iptables-legacy" / "ip6tables-legacy" */
	const char *table;       /* open table, NULL outside *TABLE..COMMIT */
	int table_line;
	struct chain_map *chains;

	int line;                /* current line number */
	unsigned noted;          /* XTD_T_* notes already left */
};

/*
 * Parse the words of an -A line (t->v[first] is the first word after the
 * chain name) and append the rule to chain. text is the rule as printed
 * by iptables-save (no counters). only_fam is the family a leading -4 /
 * -6 restricts the line to, -1 for none. Returns 0 or FWD_E* with c->err
 * set.
 */
int save_rule(struct save_ctx *c, struct fwd_chain *chain,
	      const struct stoks *t, size_t first, const char *text,
	      int only_fam);

/* The user chain of that name in the open table, or NULL. */
struct fwd_chain *save_chain_find(struct save_ctx *c, const char *name);

/* Record a parse error at word w ("column" of w) and return FWD_EINVAL. */
int save_fail(struct save_ctx *c, const struct stok *w, const char *fmt,
	      ...) __attribute__((format(printf, 3, 4)));

/* ---- save_scan.c: lines, dumps, families -------------------------- */

/* One line without its newline and trailing blanks / CR. */
struct save_line {
	const char *s;
	size_t len;
};

/* Next line of data[0..len) from *pos; false at the end. */
bool save_next_line(const char *data, size_t len, size_t *pos,
		    struct save_line *l);

/* Whether the line starts with p. */
bool save_starts(const struct save_line *l, const char *p);

/* A run of lines of one family, from first_line (1-based) on. */
struct save_segment {
	int first_line;
	enum fwd_family fam;
};

/*
 * Split the file into segments of one family: *segs is malloc'd (the
 * caller frees it). Returns the count or FWD_ENOMEM.
 */
int save_find_segments(const char *data, size_t len,
		       struct save_segment **segs);

/* ---- save_match.c: match modules and targets ---------------------- */

#define SAVE_MAX_ARGS 2

struct smod;    /* a match module's option table */
struct smopt;   /* one option */

/* One -m instance inside a rule, with the info struct it builds. */
struct sminst {
	const struct smod *mod; /* NULL: module unknown to us, taken loosely */
	const char *name;       /* as written after -m */
	const struct stok *at;  /* the -m word, for messages */
	unsigned seen;          /* option ids given, to refuse repeats */
	bool implicit;          /* loaded by "-p tcp --dport", not by -m */
	union {
		uint64_t align;
		unsigned char b[512];
	} info;
};

/* The module descriptor for -m name in family fam, or NULL if unknown. */
const struct smod *smod_find(const char *name, enum fwd_family fam);

/* Prepare a fresh instance (defaults such as port ranges 0:65535). */
void smod_init(struct sminst *m, const struct smod *mod, const char *name,
	       const struct stok *at);

/*
 * The option called opt of m's module: NULL when the module has an option
 * table and opt is not in it. For a module taken loosely every option is
 * accepted (returns a catch-all). *nargs is the number of argument words
 * (-1: as many as do not look like options).
 */
const struct smopt *smod_opt(const struct sminst *m, const char *opt,
			     int *nargs);

/* Parse one option and its argument words into m's info struct. */
int smod_apply(struct save_ctx *c, struct sminst *m, const struct smopt *o,
	       const struct stok *optw, bool invert, const struct stok *args,
	       int nargs);

/*
 * Check what the kernel would refuse (-m tcp without -p tcp, a missing
 * mandatory option) and decode m into r. proto/proto_inv are the rule's -p.
 */
int smod_finish(struct save_ctx *c, struct fwd_rule *r, struct sminst *m,
		uint8_t proto, bool proto_inv);

/* ---- save_target.c: what -j NAME is ------------------------------- */
enum starget_kind {
	ST_STANDARD, /* ACCEPT, DROP, RETURN, QUEUE */
	ST_CHAIN,    /* a user chain of the open table */
	ST_REJECT,
	ST_EXTENSION /* other known target extensions: options taken loosely */
};

/* Kind of target name; -1 when it is neither a target nor a chain. */
int starget_kind(struct save_ctx *c, const char *name);

/* Check a REJECT --reject-with value for family fam. */
bool starget_reject_with_ok(const char *v, enum fwd_family fam);

/* ---- save_addr.c -------------------------------------------------- */

struct save_addr {
	uint8_t addr[16], mask[16];
};

/* One address of -s / -d, s[0..n), with an optional /LEN or /MASK (a
 * missing one is all ones). 0 or -1. */
int save_parse_addr(enum fwd_family fam, const char *s, size_t n,
		    struct save_addr *am);

/* s[0..n) is a nonempty decimal number no greater than max. 0 or -1. */
int save_digits(const char *s, size_t n, unsigned long max,
		unsigned long *out);

/* ---- save_values.c ------------------------------------------------ */

/*
 * Parse a port "22" or "ssh" (proto names the services column, NULL for
 * tcp), or with allow_range a range "A:B", ":B", "A:". 0 or -1.
 */
int save_parse_port_range(const char *s, const char *proto, uint16_t *lo,
			  uint16_t *hi, bool allow_range);

/* A name and its bits, for save_parse_name_list. */
struct name_bit {
	const char *name;
	unsigned bit;
};

/*
 * A comma list of names from tab (case-insensitive) → the OR of their
 * bits; -1 on an unknown name, copied to bad.
 */
long save_parse_name_list(const char *s, const struct name_bit *tab,
			  char *bad, size_t badlen);

#endif
