/*
 * safety.h — privilege hygiene for code and data fwdrift loads.
 */
#ifndef FWD_SAFETY_H
#define FWD_SAFETY_H

#include <fwdrift/error.h>

/*
 * When running as root, refuse a path (and the folders above it) that a
 * group or other users can write to, or that root does not own: loading
 * a module from there would hand root to whoever can write it. Always 0
 * when not root. 0 or FWD_EPERM + err naming the path.
 */
int path_trusted(const char *path, struct fwd_error *err);

#endif
