/*
 * eval.h — evaluating one base chain over the packet class of one
 * (view, family, direction, protocol). exposure.c combines the chains
 * of a hook.
 */
#ifndef FWD_EVAL_H
#define FWD_EVAL_H

#include <fwdrift/model.h>

#include "exposure.h"

struct eval_query {
	enum fwd_family family;
	enum fwd_dir dir;
	uint8_t proto;
};

/* Segment starts: segment i is [bounds[i], bounds[i+1]-1]. */
struct eval_bounds {
	uint32_t *bounds;
	uint32_t n;
};

int eval_bounds(const struct fwd_view *v, struct eval_bounds *b);
void eval_bounds_free(struct eval_bounds *b);

struct seg_label {
	uint8_t label;
	bool acc_policy, rej_policy;
	const struct fwd_rule *acc_by, *rej_by, *cond_by, *shadowed;
};

/* One label per segment; caller frees out->labels. */
struct chain_result {
	struct seg_label *labels;
};

int eval_chain_labels(const struct eval_query *q, const struct eval_bounds *b,
		      const struct fwd_chain *base, struct chain_result *out,
		      struct fwd_error *err);

#endif
