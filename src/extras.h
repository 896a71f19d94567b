/*
 * extras.h — ports the firewall opens that no selected requirement
 * needs, grouped by the rules that open them.
 */
#ifndef FWD_EXTRAS_H
#define FWD_EXTRAS_H

#include "diff.h"

/* Append the extras of view to r. 0 or FWD_ENOMEM. */
int extras_collect(struct report *r, const struct fwd_view *view);

#endif
