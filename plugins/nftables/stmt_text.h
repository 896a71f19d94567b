/*
 * stmt_text.h — the text of non-matching statements (log, limit, reject,
 * nat, ...) built from normalized parameters, so that the live decoder and
 * the JSON reader print the same words for the same statement.
 */
#ifndef NFT_STMT_TEXT_H
#define NFT_STMT_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "nir.h"

#define ST_UNSET (-1)

struct st_log {
	const char *prefix; /* NULL: none */
	long group, snaplen, qthreshold, level; /* ST_UNSET when absent */
};

struct st_limit {
	uint64_t rate;    /* packets or bytes per period */
	uint64_t per;     /* period in seconds */
	uint64_t burst;
	bool bytes;
	bool over;
};

/* reject types, as the kernel's NFT_REJECT_* */
enum { ST_REJ_ICMP = 0, ST_REJ_TCP_RST = 1, ST_REJ_ICMPX = 2 };

const char *st_log_text(struct nir_ctx *cx, const struct st_log *l);
const char *st_limit_text(struct nir_ctx *cx, const struct st_limit *l);
const char *st_quota_text(struct nir_ctx *cx, uint64_t bytes, bool over);
/* icmpv6: a type-0 reject of an ip6 table or ipv6 rule */
const char *st_reject_text(struct nir_ctx *cx, const struct nir_table *t,
			   int type, int code, bool icmpv6);
/* type / code of a JSON reject {"type": "icmpx", "expr": "..."}; -1 when
 * the name is unknown. */
int st_reject_parse(const char *type, const char *expr, int *t, int *c,
		    bool *icmpv6);
int st_log_level(const char *name);

#endif
