/*
 * plugins.h — finding and loading reader modules.
 */
#ifndef FWD_PLUGINS_H
#define FWD_PLUGINS_H

#include <fwdrift/reader.h>

struct plugin_set {
	const struct fwd_reader **readers;
	void **handles;
	unsigned n;
	char dir[4096];
};

/*
 * Load every fwdrift-*.so module in dir and its immediate subfolders
 * (the build tree keeps each plugin in its own folder). When running as
 * root, refuses folders and modules that others can write to. 0 or
 * FWD_E* + err naming the path.
 */
int plugins_load(struct plugin_set *ps, const char *dir,
		 struct fwd_error *err);
void plugins_unload(struct plugin_set *ps);
const struct fwd_reader *plugins_find(const struct plugin_set *ps,
				      const char *name);

#endif
