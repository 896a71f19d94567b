/*
 * paths.c — locate plugins and baselines without any environment
 * variable: a binary that sits at its build-tree location uses the build
 * tree, an installed one uses the installed folders.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fwdrift-config.h"
#include "paths.h"

bool paths_in_build_tree(void)
{
	static int cached = -1;
	char self[PATH_MAX], root[PATH_MAX];
	ssize_t n;

	if (cached >= 0)
		return cached;
	cached = 0;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	if (!realpath(FWDRIFT_BUILD_ROOT, root))
		return false;
	size_t len = strlen(root);
	cached = strncmp(self, root, len) == 0 && self[len] == '/' &&
		 strcmp(self + len, "/src/fwdrift") == 0;
	return cached;
}

/*
 * rel beside the binary's folder when it exists there (a relocated or
 * DESTDIR install), else the configured absolute folder.
 */
static const char *installed(const char *rel, const char *abs, char *buf,
			     size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/%s", self, rel);
			if (access(buf, R_OK | X_OK) == 0)
				return buf;
		}
	}
	return abs;
}

const char *paths_plugin_dir(void)
{
	static char buf[PATH_MAX + 64];

	return paths_in_build_tree()
		       ? FWDRIFT_BUILD_PLUGIN_DIR
		       : installed(FWDRIFT_REL_PLUGIN_DIR, FWDRIFT_PLUGIN_DIR,
				   buf, sizeof(buf));
}

const char *paths_baseline_path(void)
{
	static char buf[8192], rel[PATH_MAX + 64];
	const char *env = getenv("FWDRIFT_BASELINE_PATH");
	const char *data = paths_in_build_tree()
				   ? FWDRIFT_SOURCE_BASELINE_DIR
				   : installed(FWDRIFT_REL_BASELINE_DIR,
					       FWDRIFT_BASELINE_DIR, rel,
					       sizeof(rel));

	snprintf(buf, sizeof(buf), "%s%s%s:%s", env && *env ? env : "",
		 env && *env ? ":" : "", FWDRIFT_SYSCONF_BASELINE_DIR, data);
	return buf;
}
