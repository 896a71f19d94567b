/*
 * acquire.h — getting a ruleset: from files (--input) or from the live
 * host, through the reader plugins.
 */
#ifndef FWD_ACQUIRE_H
#define FWD_ACQUIRE_H

#include <fwdrift/reader.h>

#include "plugins.h"

/*
 * Read each file with the reader named reader_name, or with the reader
 * whose probe is most confident. 0 or FWD_E* + err.
 */
int acquire_files(struct fwd_ruleset *rs, const struct plugin_set *ps,
		  const char *reader_name, char *const *files, unsigned n,
		  const struct fwd_read_opts *opts, struct fwd_error *err);

/*
 * Read the live host with reader_name, or with every reader whose
 * probe_live says this host holds its kind of rules.
 */
int acquire_live(struct fwd_ruleset *rs, const struct plugin_set *ps,
		 const char *reader_name, const struct fwd_read_opts *opts,
		 struct fwd_error *err);

/* Read a whole file, NUL-terminated. Caller frees *data. */
int read_whole_file(const char *path, char **data, size_t *len,
		    struct fwd_error *err);

#endif
