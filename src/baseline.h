/*
 * baseline.h — product baselines (schema fwdrift-baseline/1): loading,
 * lookup on the search path, and expanding a role/feature selection into
 * the checked items, one per (requirement, direction, protocol).
 */
#ifndef FWD_BASELINE_H
#define FWD_BASELINE_H

#include <stdbool.h>
#include <stdio.h>

#include <fwdrift/error.h>

#include "exposure.h"
#include "portset.h"

enum expect { EXPECT_OPEN = 0, EXPECT_RESTRICTED, EXPECT_CLOSED };

struct bl_named_range {
	const char *name;
	const char *note;
	const char *source_text;
	struct portset ports;
	char *origin;               /* "file:line:column"; malloc'd */
	char *replaces;             /* overlay: origin of the range it redefines */
};

struct bl_req {
	const char *id;
	const char **roles;
	unsigned n_roles;
	const char *feature;        /* NULL: unconditional */
	const char *unless_feature; /* NULL: none */
	unsigned dirs;              /* bit 0 in, bit 1 out */
	unsigned protos;            /* bit 0 tcp, bit 1 udp */
	const char *protocol_text;
	const char *ports_spec;     /* "135,139,windows-dynamic-rpc" */
	const char *ports_text;
	struct portset ports;       /* named ranges expanded */
	const char *peer;
	bool peer_any;
	const char *purpose;
	const char *section;
	enum expect expect;
	const char *note;
	char *origin;               /* "file:line:column"; malloc'd */
};

/* A requirement an overlay drops ("drop": ["id"]). */
struct bl_drop {
	const char *id;
	char *origin;               /* where the overlay drops it; malloc'd */
};

/*
 * A waiver: a finding the host's owner accepts until a date. Either a
 * requirement (its id, or one expanded item "id/in/tcp"), or extra ports
 * (direction, protocol, ports, optionally family and the rule opening
 * them, named by its comment or fingerprint, never by position).
 */
struct bl_waiver {
	const char *requirement;    /* NULL for an extra waiver */
	unsigned dirs;              /* extra: bit 0 in, bit 1 out */
	unsigned protos;            /* extra: bit 0 tcp, bit 1 udp */
	int family;                 /* extra: -1 any, else enum fwd_family */
	const char *ports_spec;     /* extra */
	struct portset ports;       /* extra */
	const char *rule;           /* extra: comment or fingerprint; NULL any */
	const char *reason;
	const char *expires_text;   /* "YYYY-MM-DD": the last day it holds */
	int expires;                /* YYYYMMDD */
	char target[192];           /* "requirement dc-ldap", "extra in tcp 8080" */
	char *origin;               /* "file:line:column"; malloc'd */
};

struct bl_named {
	const char *name;
	const char *description;
};

struct baseline {
	void *json;        /* jansson root: owns every string below */
	char *path;
	const char *name, *product, *platform;
	const char *source_title, *source_version, *source_seed;
	const char *default_role;
	struct bl_named *roles;
	unsigned n_roles;
	struct bl_named *features;
	unsigned n_features;
	struct bl_named_range *ranges;
	unsigned n_ranges;
	struct bl_req *reqs;
	unsigned n_reqs;
	const char **notes;
	unsigned n_notes;
	/* Overlays: the baseline this one extends (owned), what it drops. */
	struct baseline *parent;
	const char *extends;
	struct bl_drop *drops;
	unsigned n_drops;
	struct bl_waiver *waivers;  /* own and inherited */
	unsigned n_waivers;
};

/* One checked item of a selection. */
struct req_item {
	const struct bl_req *req;
	char id[160];
	enum fwd_dir dir;
	uint8_t proto;
};

struct selection {
	struct req_item *items;
	unsigned n_items;
	const char **roles;      /* the selected role names */
	unsigned n_roles;
	const char **features;
	unsigned n_features;
};

/*
 * Load NAME from the search path, or a FILE (contains '/' or ends in
 * .json). On error, err says file:line:column and what was expected, or
 * lists the known baselines. *out is freed with baseline_free().
 * An overlay ("extends") is returned merged: reqs, roles, features,
 * named_ranges, notes and waivers hold the inherited entries too, each
 * with the origin it came from. baseline_load_text resolves "extends"
 * on the default search path (paths_baseline_path()).
 */
int baseline_load(struct baseline **out, const char *name_or_file,
		  const char *search_path, struct fwd_error *err);
int baseline_load_text(struct baseline **out, const char *source,
		       const char *text, size_t len, struct fwd_error *err);
void baseline_free(struct baseline *b);

/* Names of the baselines on the search path, one per line to f. */
void baseline_list(FILE *f, const char *search_path, bool with_product);

/*
 * Expand a selection. roles/features may contain "all". With no role,
 * the baseline's default role. Unknown names fail with the known ones
 * listed. sel is freed with selection_free().
 */
int baseline_select(const struct baseline *b, const char *const *roles,
		    unsigned n_roles, const char *const *features,
		    unsigned n_features, struct selection *sel,
		    struct fwd_error *err);
void selection_free(struct selection *sel);

const char *expect_name(enum expect e);

#endif
