/*
 * diff.h — comparing the exposure map with a baseline selection: one
 * status per checked item and view, extras, and the overall status.
 */
#ifndef FWD_DIFF_H
#define FWD_DIFF_H

#include "baseline.h"
#include "exposure.h"
#include "threshold.h"

enum status { ST_COMPLIANT = 0, ST_MISSING, ST_CONFLICTING };

enum conflict {
	CF_NONE = 0,
	CF_SHADOWED,       /* an accept comes after a drop that wins */
	CF_EXPLICIT_BLOCK, /* a rule drops exactly this port */
	CF_FAMILY,         /* open in one IP family, closed in the other */
	CF_WRONG_PROTOCOL, /* open over the other protocol only */
	CF_INACTIVE_RULE,  /* allowed by a disabled/other-profile rule */
	CF_BACKEND,        /* one backend accepts, another drops */
	CF_RESTRICTED,     /* reachable only from some sources, peer is any */
	CF_OPEN_TO_ALL,    /* must be restricted, is open to everyone */
	CF_NOT_CLOSED,     /* must stay closed, is reachable */
};

enum severity { SEV_OK = 0, SEV_WARNING = 1, SEV_CRITICAL = 2 };

enum ev_role {
	EV_DECIDED = 0, EV_CONDITION, EV_SHADOWED, EV_BLOCKED_BY,
	EV_INACTIVE, EV_OTHER_BACKEND, EV_OPENED_BY,
};

struct finding_ev {
	enum ev_role role;
	const struct fwd_rule *rule;   /* or */
	const struct fwd_chain *policy;
};

#define FINDING_MAX_EV 6

struct example_packet {
	bool set;
	enum fwd_family family;
	uint8_t proto;
	uint16_t port;
	char src[64]; /* "" when the source does not matter */
};

struct finding {
	const struct fwd_view *view;
	const struct req_item *item;
	enum status status;
	enum conflict conflict;
	enum severity severity;
	char message[512];
	char *bad_ports;            /* ports not as expected; malloc'd */
	struct finding_ev ev[FINDING_MAX_EV];
	unsigned n_ev;
	struct example_packet example;
	const struct bl_waiver *waiver;         /* accepted: not counted */
	const struct bl_waiver *expired_waiver; /* would have, but expired */
};

#define EXTRA_MAX_EV 8

struct extra {
	const struct fwd_view *view;
	enum fwd_family family;
	enum fwd_dir dir;
	uint8_t proto;             /* 0: both tcp and udp */
	bool default_accept;       /* the whole direction accepts */
	struct portset ports;
	enum fwd_label label;
	struct finding_ev ev[EXTRA_MAX_EV];
	unsigned n_ev;
};

/* A waiver of the baseline and what it did in this run. */
struct waiver_use {
	const struct bl_waiver *w;
	bool expired;              /* past its date: waives nothing */
	unsigned hits;             /* findings or extras it waived */
	struct portset ports;      /* extra ports it waived */
};

struct report {
	const struct baseline *baseline;  /* NULL for exposure only */
	const struct selection *sel;
	const struct fwd_ruleset *rs;
	const struct exposure *x;
	struct finding *findings;
	unsigned n_findings;
	struct extra *extras;
	unsigned n_extras, cap_extras;
	unsigned compliant, missing, conflicting;
	unsigned waived;           /* findings waived (not in the counts) */
	unsigned expired_waivers;  /* each one is a WARNING */
	struct waiver_use *waivers;
	unsigned n_waivers;
	int today;                 /* YYYYMMDD, local time */
	enum severity worst;
	double read_seconds;
	const struct thresholds *th;      /* -w/-c when given, else NULL */
	bool colour;               /* text for a terminal (set by main) */
};

/* Fill r from the exposure and selection; profile limits to one view. */
int diff_run(struct report *r, const struct baseline *b,
	     const struct selection *sel, const struct fwd_ruleset *rs,
	     const struct exposure *x, const char *profile,
	     struct fwd_error *err);
void report_free(struct report *r);

/*
 * With -w/-c given (t->any), the thresholds alone decide r->worst, and
 * r->th points at them for the renderers' perfdata. No-op otherwise.
 */
void diff_apply_thresholds(struct report *r, const struct thresholds *t);

const char *status_name(enum status s);
const char *conflict_name(enum conflict c);
const char *severity_status(enum severity s); /* OK WARNING CRITICAL */
const char *ev_role_name(enum ev_role r);

#endif
