/*
 * diff.h — comparing the exposure map with a baseline selection: one
 * status per checked item and view, extras, and the overall status.
 */
#ifndef FWD_DIFF_H
#define FWD_DIFF_H

#include "baseline.h"
#include "exposure.h"

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

struct report {
	const struct baseline *baseline;  /* NULL for exposure only */
	const struct selection *sel;
	const struct fwd_ruleset *rs;
	const struct exposure *x;
	struct finding *findings;
	unsigned n_findings;
	struct extra *extras;
	unsigned n_extras;
	unsigned compliant, missing, conflicting;
	enum severity worst;
	double read_seconds;
};

/* Fill r from the exposure and selection; profile limits to one view. */
int diff_run(struct report *r, const struct baseline *b,
	     const struct selection *sel, const struct fwd_ruleset *rs,
	     const struct exposure *x, const char *profile,
	     struct fwd_error *err);
void report_free(struct report *r);

const char *status_name(enum status s);
const char *conflict_name(enum conflict c);
const char *severity_status(enum severity s); /* OK WARNING CRITICAL */
const char *ev_role_name(enum ev_role r);

#endif
