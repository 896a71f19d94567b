/*
 * plugins.c — loads reader modules with dlopen and checks their ABI
 * version before using anything in the descriptor. Only the configured
 * folder is searched, never the current directory or LD_LIBRARY_PATH.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugins.h"
#include "safety.h"

static int add_plugin(struct plugin_set *ps, const char *path,
		      struct fwd_error *err)
{
	void *h;
	fwd_reader_entry_fn entry;
	const struct fwd_reader *r;
	void *p;
	int rc;

	if ((rc = path_trusted(path, err)))
		return rc;
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot load reader module: %s "
				     "(missing dependencies? try ldd(1))",
				     dlerror());
	*(void **)&entry = dlsym(h, FWD_READER_ENTRY_SYMBOL);
	if (!entry) {
		dlclose(h);
		return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
				     "not a fwdrift reader: no %s symbol",
				     FWD_READER_ENTRY_SYMBOL);
	}
	r = entry();
	if (!r || r->abi != FWD_READER_ABI) {
		dlclose(h);
		return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
				     "reader ABI %u, this fwdrift needs %u: "
				     "rebuild the plugin",
				     r ? r->abi : 0, FWD_READER_ABI);
	}
	if (plugins_find(ps, r->name)) {
		dlclose(h); /* first one found wins */
		return 0;
	}
	p = realloc(ps->readers, (ps->n + 1) * sizeof(*ps->readers));
	if (!p) {
		dlclose(h);
		return FWD_ENOMEM;
	}
	ps->readers = p;
	p = realloc(ps->handles, (ps->n + 1) * sizeof(*ps->handles));
	if (!p) {
		dlclose(h);
		return FWD_ENOMEM;
	}
	ps->handles = p;
	ps->readers[ps->n] = r;
	ps->handles[ps->n] = h;
	ps->n++;
	return 0;
}

static bool is_module_name(const char *n)
{
	size_t len = strlen(n);

	return strncmp(n, "fwdrift-", 8) == 0 && len > 11 &&
	       strcmp(n + len - 3, ".so") == 0;
}

static int scan(struct plugin_set *ps, const char *dir, int depth,
		struct fwd_error *err)
{
	struct dirent **list;
	int n, i, rc = 0;

	if ((rc = path_trusted(dir, err)))
		return rc;
	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0)
		return fwd_error_set(err, FWD_EIO, dir, 0, 0,
				     "cannot read plugin folder: %s",
				     strerror(errno));
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		const char *name = list[i]->d_name;

		if (!rc && name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				if (depth == 0)
					rc = scan(ps, path, 1, err);
			} else if (is_module_name(name)) {
				rc = add_plugin(ps, path, err);
			}
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

int plugins_load(struct plugin_set *ps, const char *dir,
		 struct fwd_error *err)
{
	int rc;

	memset(ps, 0, sizeof(*ps));
	snprintf(ps->dir, sizeof(ps->dir), "%s", dir);
	rc = scan(ps, dir, 0, err);
	if (!rc && ps->n == 0)
		rc = fwd_error_set(err, FWD_ENOTFOUND, dir, 0, 0,
				   "no reader modules (fwdrift-*.so) found; "
				   "use --plugin-dir to point at them");
	if (rc)
		plugins_unload(ps);
	return rc;
}

void plugins_unload(struct plugin_set *ps)
{
	unsigned i;

	for (i = 0; i < ps->n; i++)
		dlclose(ps->handles[i]);
	free(ps->readers);
	free(ps->handles);
	ps->readers = NULL;
	ps->handles = NULL;
	ps->n = 0;
}

const struct fwd_reader *plugins_find(const struct plugin_set *ps,
				      const char *name)
{
	unsigned i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->readers[i]->name, name) == 0)
			return ps->readers[i];
	return NULL;
}
