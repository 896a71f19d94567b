/* model_dump.h — text dump of the normalized model (--dump-model). */
#ifndef FWD_MODEL_DUMP_H
#define FWD_MODEL_DUMP_H

#include <stdio.h>

#include <fwdrift/model.h>

/* Every view, or only the one named profile when it is not NULL. */
void model_dump(FILE *f, const struct fwd_ruleset *rs, const char *profile);

/* "10.0.0.0/8", "::1" (no /128 or /32 for hosts) into buf. */
const char *prefix_format(const struct fwd_prefix *p, char *buf, size_t len);

#endif
