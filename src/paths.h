/*
 * paths.h — where plugins and baselines are: the build tree's when the
 * binary runs from the build tree, the installed ones otherwise.
 */
#ifndef FWD_PATHS_H
#define FWD_PATHS_H

#include <stdbool.h>

/* True when this process is the fwdrift built in this source tree. */
bool paths_in_build_tree(void);
const char *paths_plugin_dir(void);
/*
 * The baseline search path, folders separated by ':':
 * $FWDRIFT_BASELINE_PATH, /etc/fwdrift/baselines, then the data folder
 * (the source tree's baselines/ when running from the build tree).
 */
const char *paths_baseline_path(void);

#endif
