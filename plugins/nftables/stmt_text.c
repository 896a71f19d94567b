/*
 * stmt_text.c — see stmt_text.h. Defaults are left out the way nft leaves
 * them out (log level warn, limit burst 5 packets, the family's default
 * reject).
 */
#include <string.h>

#include "stmt_text.h"

static const char *const levels[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug",
	"audit",
};

int st_log_level(const char *name)
{
	unsigned i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(levels[i], name) == 0)
			return (int)i;
	if (strcmp(name, "warning") == 0)
		return 4;
	return ST_UNSET;
}

static const char *done(struct nir_ctx *cx, struct strbuf *sb)
{
	const char *s = sb->failed ? NULL : fwd_strdup(cx->rs, sb_str(sb));

	sb_release(sb);
	return s;
}

const char *st_log_text(struct nir_ctx *cx, const struct st_log *l)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, "log");
	if (l->prefix)
		sb_addf(&sb, " prefix \"%s\"", l->prefix);
	if (l->group != ST_UNSET)
		sb_addf(&sb, " group %ld", l->group);
	if (l->snaplen != ST_UNSET && l->snaplen)
		sb_addf(&sb, " snaplen %ld", l->snaplen);
	if (l->qthreshold != ST_UNSET && l->qthreshold)
		sb_addf(&sb, " queue-threshold %ld", l->qthreshold);
	if (l->level != ST_UNSET && l->level != 4 && l->level >= 0 &&
	    l->level < (long)(sizeof(levels) / sizeof(levels[0])))
		sb_addf(&sb, " level %s", levels[l->level]);
	return done(cx, &sb);
}

static const char *per_name(uint64_t s)
{
	switch (s) {
	case 1: return "second";
	case 60: return "minute";
	case 3600: return "hour";
	case 86400: return "day";
	case 604800: return "week";
	default: return NULL;
	}
}

static void bytes_print(struct strbuf *sb, uint64_t v)
{
	static const char *const units[] = { "bytes", "kbytes", "mbytes" };
	unsigned u = 0;

	while (v && v % 1024 == 0 && u < 2) {
		v /= 1024;
		u++;
	}
	sb_addf(sb, "%llu %s", (unsigned long long)v, units[u]);
}

const char *st_limit_text(struct nir_ctx *cx, const struct st_limit *l)
{
	struct strbuf sb;
	const char *per = per_name(l->per);

	sb_init(&sb);
	sb_addf(&sb, "limit rate %s", l->over ? "over " : "");
	if (l->bytes)
		bytes_print(&sb, l->rate);
	else
		sb_addf(&sb, "%llu", (unsigned long long)l->rate);
	if (per)
		sb_addf(&sb, "/%s", per);
	else
		sb_addf(&sb, "/%llus", (unsigned long long)l->per);
	if (!l->bytes && l->burst != 5)
		sb_addf(&sb, " burst %llu packets",
			(unsigned long long)l->burst);
	if (l->bytes && l->burst) {
		sb_add(&sb, " burst ");
		bytes_print(&sb, l->burst);
	}
	return done(cx, &sb);
}

const char *st_quota_text(struct nir_ctx *cx, uint64_t bytes, bool over)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_addf(&sb, "quota %s", over ? "over " : "");
	bytes_print(&sb, bytes);
	return done(cx, &sb);
}

struct code {
	const char *name;
	int code;
};

static const struct code icmp_codes[] = {
	{ "net-unreachable", 0 }, { "host-unreachable", 1 },
	{ "prot-unreachable", 2 }, { "port-unreachable", 3 },
	{ "frag-needed", 4 }, { "net-prohibited", 9 },
	{ "host-prohibited", 10 }, { "admin-prohibited", 13 }, { NULL, 0 },
};

static const struct code icmpv6_codes[] = {
	{ "no-route", 0 }, { "admin-prohibited", 1 },
	{ "addr-unreachable", 3 }, { "port-unreachable", 4 },
	{ "policy-fail", 5 }, { "reject-route", 6 }, { NULL, 0 },
};

static const struct code icmpx_codes[] = {
	{ "no-route", 0 }, { "port-unreachable", 1 },
	{ "host-unreachable", 2 }, { "admin-prohibited", 3 }, { NULL, 0 },
};

static const char *code_name(const struct code *t, int c)
{
	for (; t->name; t++)
		if (t->code == c)
			return t->name;
	return NULL;
}

int st_reject_parse(const char *type, const char *expr, int *t, int *c,
		    bool *icmpv6)
{
	const struct code *tab;

	*icmpv6 = false;
	if (!type) {
		*t = -1;
		*c = -1;
		return 0;
	}
	if (strcmp(type, "tcp reset") == 0) {
		*t = ST_REJ_TCP_RST;
		*c = 0;
		return 0;
	}
	if (strcmp(type, "icmpx") == 0) {
		*t = ST_REJ_ICMPX;
		tab = icmpx_codes;
	} else if (strcmp(type, "icmp") == 0) {
		*t = ST_REJ_ICMP;
		tab = icmp_codes;
	} else if (strcmp(type, "icmpv6") == 0) {
		*t = ST_REJ_ICMP;
		*icmpv6 = true;
		tab = icmpv6_codes;
	} else {
		return -1;
	}
	*c = -1;
	if (!expr)
		return 0;
	for (; tab->name; tab++)
		if (strcmp(tab->name, expr) == 0)
			*c = tab->code;
	return *c < 0 ? -1 : 0;
}

const char *st_reject_text(struct nir_ctx *cx, const struct nir_table *t,
			   int type, int code, bool icmpv6)
{
	struct strbuf sb;
	const char *n;

	sb_init(&sb);
	sb_add(&sb, "reject");
	if (type == ST_REJ_TCP_RST) {
		sb_add(&sb, " with tcp reset");
	} else if (type == ST_REJ_ICMPX) {
		/* the inet default */
		if (code >= 0 && code != 1) {
			n = code_name(icmpx_codes, code);
			if (n)
				sb_addf(&sb, " with icmpx %s", n);
			else
				sb_addf(&sb, " with icmpx %d", code);
		} else if (t->nfproto != 1) {
			sb_add(&sb, " with icmpx port-unreachable");
		}
	} else if (type == ST_REJ_ICMP) {
		bool v6 = icmpv6 || t->nfproto == 10;
		int def = v6 ? 4 : 3;

		if (code >= 0 && (code != def || t->nfproto == 1)) {
			n = code_name(v6 ? icmpv6_codes : icmp_codes, code);
			if (n)
				sb_addf(&sb, " with %s %s", v6 ? "icmpv6" : "icmp",
					n);
			else
				sb_addf(&sb, " with %s %d",
					v6 ? "icmpv6" : "icmp", code);
		}
	}
	return done(cx, &sb);
}
