/*
 * baseline_select.c — finding a baseline on the search path, listing the
 * known ones, and expanding a role/feature selection into checked items.
 */
#include <dirent.h>
#include <unistd.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "acquire.h"
#include "baseline.h"
#include "baseline_parse.h"
#include "safety.h"

static bool is_file_arg(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".json"));
}

/* Baseline files are NAME.json; the schema description is not one. */
static bool is_baseline_file(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".json") &&
	       strcmp(name, "schema.json") != 0 && name[0] != '.';
}

/* Unique, sorted names found on the path, ", "-joined into buf. */
static void known_names(const char *search_path, char *buf, size_t len)
{
	char *path = strdup(search_path), *save = NULL, *dir;
	char *names[256];
	unsigned n = 0, i, j;
	size_t used = 0;

	buf[0] = '\0';
	if (!path)
		return;
	for (dir = strtok_r(path, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		DIR *d = opendir(dir);
		struct dirent *e;

		while (d && (e = readdir(d)) != NULL && n < 256) {
			if (!is_baseline_file(e->d_name))
				continue;
			char *name = strndup(e->d_name, strlen(e->d_name) - 5);
			bool dup = false;

			for (i = 0; i < n && name; i++)
				dup |= !strcmp(names[i], name);
			if (name && !dup)
				names[n++] = name;
			else
				free(name);
		}
		if (d)
			closedir(d);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				char *t = names[i];

				names[i] = names[j];
				names[j] = t;
			}
	for (i = 0; i < n; i++) {
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 i ? ", " : "", names[i]);
		free(names[i]);
	}
	free(path);
}

void baseline_list(FILE *f, const char *search_path, bool with_product)
{
	char names[4096], *save = NULL, *name;

	known_names(search_path, names, sizeof(names));
	for (name = strtok_r(names, ", ", &save); name;
	     name = strtok_r(NULL, ", ", &save)) {
		struct baseline *b = NULL;
		struct fwd_error err = { 0 };

		if (with_product &&
		    baseline_load(&b, name, search_path, &err) == 0) {
			fprintf(f, "%-20s %s %s (%s)\n", name, b->product,
				b->source_version ? b->source_version : "",
				b->platform);
			baseline_free(b);
		} else if (with_product) {
			char msg[1400];

			fprintf(f, "%-20s (does not load: %s)\n", name,
				fwd_error_format(&err, msg, sizeof(msg)));
		} else {
			fprintf(f, "%s\n", name);
		}
	}
}

static int load_file(struct baseline **out, const char *path,
		     const char *search_path, unsigned depth,
		     struct fwd_error *err)
{
	char *data;
	size_t len;
	int rc;

	if ((rc = path_trusted(path, err)))
		return rc;
	if ((rc = read_whole_file(path, &data, &len, err)))
		return rc;
	rc = bl_load_text(out, path, data, len, search_path, depth, err);
	free(data);
	return rc;
}

/* Is file the same file as self (an overlay looking for its parent)? */
static bool same_file(const char *file, const char *self)
{
	char a[PATH_MAX], b[PATH_MAX];

	return realpath(file, a) && realpath(self, b) && !strcmp(a, b);
}

static int find_and_load(struct baseline **out, const char *name,
			 const char *search_path, const char *skip,
			 unsigned depth, struct fwd_error *err);

int bl_load_parent(struct baseline **out, const char *extends,
		   const char *child_path, const char *search_path,
		   unsigned depth, struct fwd_error *err)
{
	char file[PATH_MAX];
	const char *slash = strrchr(child_path, '/');

	*out = NULL;
	if (!is_file_arg(extends))
		return find_and_load(out, extends, search_path, child_path,
				     depth, err);
	if (extends[0] == '/' || !slash)
		snprintf(file, sizeof(file), "%s", extends);
	else
		snprintf(file, sizeof(file), "%.*s/%s",
			 (int)(slash - child_path), child_path, extends);
	if (access(file, F_OK) != 0)
		return fwd_error_set(err, FWD_ENOTFOUND, child_path, 0, 0,
				     "extended baseline file '%s' does not "
				     "exist", file);
	return load_file(out, file, search_path, depth, err);
}

int baseline_load(struct baseline **out, const char *name_or_file,
		  const char *search_path, struct fwd_error *err)
{
	*out = NULL;
	if (is_file_arg(name_or_file))
		return load_file(out, name_or_file, search_path, 0, err);
	return find_and_load(out, name_or_file, search_path, NULL, 0, err);
}

static int find_and_load(struct baseline **out, const char *name_or_file,
			 const char *search_path, const char *skip,
			 unsigned depth, struct fwd_error *err)
{
	char *path, *save = NULL, *dir;
	char names[2048];
	bool found = false;
	int rc = 0;

	path = strdup(search_path);
	if (!path)
		return FWD_ENOMEM;
	for (dir = strtok_r(path, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char file[4096];
		FILE *probe;

		snprintf(file, sizeof(file), "%s/%s.json", dir, name_or_file);
		probe = fopen(file, "r");
		if (probe) {
			fclose(probe);
			if (skip && same_file(file, skip))
				continue;
			found = true;
			rc = load_file(out, file, search_path, depth, err);
		}
	}
	free(path);
	if (found)
		return rc;
	known_names(search_path, names, sizeof(names));
	return fwd_error_set(err, FWD_ENOTFOUND, "fwdrift", 0, 0,
			     "unknown baseline '%s' (known: %s; search path "
			     "%s)", name_or_file, names[0] ? names : "none",
			     search_path);
}

static bool listed(const char *const *list, unsigned n, const char *name)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], name) || !strcmp(list[i], "all"))
			return true;
	return false;
}

static int check_names(const struct baseline *b, const char *what,
		       const struct bl_named *known, unsigned n_known,
		       const char *const *asked, unsigned n_asked,
		       struct fwd_error *err)
{
	unsigned i, k;

	for (i = 0; i < n_asked; i++) {
		bool found = !strcmp(asked[i], "all");
		char names[2048];
		size_t used = 0;

		for (k = 0; k < n_known && !found; k++)
			found = !strcmp(known[k].name, asked[i]);
		if (found)
			continue;
		names[0] = '\0';
		for (k = 0; k < n_known && used < sizeof(names); k++)
			used += (size_t)snprintf(names + used,
						 sizeof(names) - used, "%s%s",
						 k ? ", " : "", known[k].name);
		return fwd_error_set(err, FWD_ENOTFOUND, b->path, 0, 0,
				     "unknown %s '%s' for %s (known: %s%s)",
				     what, asked[i], b->name,
				     names[0] ? names : "none",
				     n_known ? ", all" : "");
	}
	return 0;
}

static int push_item(struct selection *sel, unsigned *cap,
		     const struct bl_req *r, unsigned dir, unsigned proto,
		     bool suffix_dir, bool suffix_proto)
{
	struct req_item *it;

	if (sel->n_items == *cap) {
		unsigned nc = *cap ? *cap * 2 : 32;
		void *p = realloc(sel->items, nc * sizeof(*sel->items));

		if (!p)
			return FWD_ENOMEM;
		sel->items = p;
		*cap = nc;
	}
	it = &sel->items[sel->n_items++];
	memset(it, 0, sizeof(*it));
	it->req = r;
	it->dir = dir ? DIR_OUT : DIR_IN;
	it->proto = proto ? FWD_PROTO_UDP : FWD_PROTO_TCP;
	snprintf(it->id, sizeof(it->id), "%s%s%s%s%s", r->id,
		 suffix_dir ? "/" : "", suffix_dir ? dir_name(it->dir) : "",
		 suffix_proto ? "/" : "",
		 suffix_proto ? proto_name(it->proto) : "");
	return 0;
}

int baseline_select(const struct baseline *b, const char *const *roles,
		    unsigned n_roles, const char *const *features,
		    unsigned n_features, struct selection *sel,
		    struct fwd_error *err)
{
	const char *def[1] = { b->default_role };
	unsigned i, k, cap = 0;
	int rc;

	memset(sel, 0, sizeof(*sel));
	if (!n_roles) {
		roles = def;
		n_roles = 1;
	}
	if ((rc = check_names(b, "role", b->roles, b->n_roles, roles,
			      n_roles, err)) ||
	    (rc = check_names(b, "feature", b->features, b->n_features,
			      features, n_features, err)))
		return rc;
	sel->roles = calloc(b->n_roles + 1, sizeof(*sel->roles));
	sel->features = calloc(b->n_features + 1, sizeof(*sel->features));
	if (!sel->roles || !sel->features)
		return FWD_ENOMEM;
	for (i = 0; i < b->n_roles; i++)
		if (listed(roles, n_roles, b->roles[i].name))
			sel->roles[sel->n_roles++] = b->roles[i].name;
	for (i = 0; i < b->n_features; i++)
		if (listed(features, n_features, b->features[i].name))
			sel->features[sel->n_features++] = b->features[i].name;
	for (i = 0; i < b->n_reqs; i++) {
		const struct bl_req *r = &b->reqs[i];
		bool role = false;

		for (k = 0; k < r->n_roles; k++)
			role |= listed(sel->roles, sel->n_roles, r->roles[k]);
		if (!role ||
		    (r->feature &&
		     !listed(sel->features, sel->n_features, r->feature)) ||
		    (r->unless_feature && listed(sel->features, sel->n_features,
						 r->unless_feature)))
			continue;
		for (unsigned d = 0; d < 2; d++)
			for (unsigned p = 0; p < 2; p++) {
				if (!(r->dirs & (1u << d)) ||
				    !(r->protos & (1u << p)))
					continue;
				if ((rc = push_item(sel, &cap, r, d, p,
						    r->dirs == 3,
						    r->protos == 3)))
					return rc;
			}
	}
	return 0;
}

void selection_free(struct selection *sel)
{
	free(sel->items);
	free(sel->roles);
	free(sel->features);
	memset(sel, 0, sizeof(*sel));
}
