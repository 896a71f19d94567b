/*
 * safety.c — refuse to load plugins or baselines as root from places
 * that others can write to.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safety.h"

static int check_one(const char *path, bool parent, struct fwd_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0; /* the caller reports missing files itself */
	/* A sticky folder above (/tmp) lets nobody replace what root owns. */
	if (parent && (st.st_mode & S_ISVTX))
		return 0;
	if (st.st_uid != 0)
		return fwd_error_set(err, FWD_EPERM, path, 0, 0,
				     "not owned by root; refusing to load it "
				     "while running as root");
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return fwd_error_set(err, FWD_EPERM, path, 0, 0,
				     "writable by group or others; refusing "
				     "to load it while running as root");
	return 0;
}

int path_trusted(const char *path, struct fwd_error *err)
{
	char real[PATH_MAX];
	char *slash;
	int rc;

	if (geteuid() != 0)
		return 0;
	if (!realpath(path, real))
		return 0;
	if ((rc = check_one(real, false, err)))
		return rc;
	while ((slash = strrchr(real, '/')) != NULL) {
		if (slash == real) {
			real[1] = '\0';
			return check_one(real, true, err);
		}
		*slash = '\0';
		if ((rc = check_one(real, true, err)))
			return rc;
	}
	return 0;
}
