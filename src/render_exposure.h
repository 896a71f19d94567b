/* render_exposure.h — `fwdrift --exposure` in text and JSON. */
#ifndef FWD_RENDER_EXPOSURE_H
#define FWD_RENDER_EXPOSURE_H

#include <stdio.h>

#include <jansson.h>

#include "exposure.h"

struct fwd_ruleset;

/* JSON: a list of {view, family, direction, protocol, open, restricted,
 * default, details[]}. Returns 0 or FWD_ENOMEM. */
int render_exposure_json(FILE *f, const struct exposure *x);
int render_exposure_text(FILE *f, const struct exposure *x,
			 const struct fwd_ruleset *rs, unsigned verbose);

/* The reason attached to a segment, as JSON (new ref). */
json_t *segment_evidence_json(const struct exposure_map *m,
			      const struct exposure_seg *s);

#endif
