/*
 * acquire.c — runs the readers. Files are read whole by the core so that
 * every reader parses memory (and fuzzers can drive the same entry).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acquire.h"
#include "ruleset.h"

#define MAX_INPUT_SIZE (1024L * 1024 * 1024)
#define HUGE_PAGE (2UL * 1024 * 1024)

/* Offer the aligned interior of a large buffer to transparent huge pages:
 * reading a 100 MB export otherwise costs 25,000 page faults. */
static void prefer_huge_pages(void *buf, size_t len)
{
	uintptr_t lo = ((uintptr_t)buf + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)buf + len) & ~(HUGE_PAGE - 1);

	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
}

int read_whole_file(const char *path, char **data, size_t *len,
		    struct fwd_error *err)
{
	struct stat st;
	size_t cap, used = 0;
	char *buf;
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot open input: %s", strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "is a directory, expected a file");
	}
	/* A regular file's size, its NUL and one byte more: the read that
	 * finds the end must not find the buffer full, or the whole file
	 * is copied into one twice as big just to learn there is no more. */
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 2
						    : 65536;
	if (cap > MAX_INPUT_SIZE) {
		close(fd);
		return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
				     "larger than 1 GiB; not a firewall export");
	}
	buf = malloc(cap);
	if (buf && cap >= 2 * HUGE_PAGE)
		prefer_huge_pages(buf, cap);
	for (;;) {
		ssize_t n;

		if (!buf) {
			if (fd)
				close(fd);
			return FWD_ENOMEM;
		}
		if (used + 1 >= cap) {
			char *bigger = cap * 2 > MAX_INPUT_SIZE ? NULL
							       : realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				if (fd)
					close(fd);
				return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
						     "too large to read");
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			if (fd)
				close(fd);
			return fwd_error_set(err, FWD_EIO, path, 0, 0,
					     "cannot read input: %s", strerror(e));
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	if (fd)
		close(fd);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

static const struct fwd_reader *pick_reader(const struct plugin_set *ps,
					    const char *data, size_t len)
{
	const struct fwd_reader *best = NULL;
	int best_score = 0;
	unsigned i;

	for (i = 0; i < ps->n; i++) {
		const struct fwd_reader *r = ps->readers[i];
		int score;

		if (!r->probe_data || !r->read_data)
			continue;
		score = r->probe_data(data, len);
		if (score > best_score) {
			best = r;
			best_score = score;
		}
	}
	return best;
}

static void list_formats(const struct plugin_set *ps, char *buf, size_t len)
{
	size_t used = 0;
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < ps->n && used < len; i++)
		if (ps->readers[i]->read_data)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? ", " : "",
						 ps->readers[i]->formats);
}

int acquire_files(struct fwd_ruleset *rs, const struct plugin_set *ps,
		  const char *reader_name, char *const *files, unsigned n,
		  const struct fwd_read_opts *opts, struct fwd_error *err)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		const struct fwd_reader *r;
		char *data;
		size_t len;
		int rc;

		if ((rc = read_whole_file(files[i], &data, &len, err)))
			return rc;
		r = reader_name ? plugins_find(ps, reader_name)
				: pick_reader(ps, data, len);
		if (!r) {
			char formats[512];

			free(data);
			list_formats(ps, formats, sizeof(formats));
			return fwd_error_set(err, FWD_EINVAL, files[i], 0, 0,
					     "unrecognised input: not one of "
					     "the formats fwdrift reads (%s)",
					     formats);
		}
		if (!r->read_data) {
			free(data);
			return fwd_error_set(err, FWD_EUNSUPPORTED, files[i],
					     0, 0, "reader %s cannot read files",
					     r->name);
		}
		uint32_t sources = rs->n_sources;

		rc = r->read_data(rs, files[i], data, len, opts, err);
		free(data);
		if (rc)
			return fwd_error_set(err, rc, files[i], 0, 0,
					     "%s reader failed", r->name);
		/* Readers usually say what they read; say it for them if not. */
		if (rs->n_sources == sources)
			fwd_ruleset_add_source(rs, "%s (%s)", files[i], r->name);
	}
	return 0;
}

int acquire_live(struct fwd_ruleset *rs, const struct plugin_set *ps,
		 const char *reader_name, const struct fwd_read_opts *opts,
		 struct fwd_error *err)
{
	unsigned i, used = 0, claimed = 0;

	/* Readers whose probe says the host holds their rules; if none
	 * does, every live reader looks, so that an empty firewall is
	 * reported as open rather than unknown. */
	for (i = 0; i < ps->n && !reader_name; i++)
		if (ps->readers[i]->read_live && ps->readers[i]->probe_live &&
		    ps->readers[i]->probe_live() == 1)
			claimed++;
	for (i = 0; i < ps->n; i++) {
		const struct fwd_reader *r = ps->readers[i];
		int rc;

		if (reader_name && strcmp(r->name, reader_name) != 0)
			continue;
		if (!r->read_live) {
			if (reader_name)
				return fwd_error_set(err, FWD_EUNSUPPORTED,
						     r->name, 0, 0,
						     "this reader has no live "
						     "reading; use --input FILE");
			continue;
		}
		if (!reader_name && claimed &&
		    (!r->probe_live || r->probe_live() != 1))
			continue;
		uint32_t sources = rs->n_sources;

		if ((rc = r->read_live(rs, opts, err)))
			return fwd_error_set(err, rc, r->name, 0, 0,
					     "live reading failed");
		if (rs->n_sources == sources)
			fwd_ruleset_add_source(rs, "%s (live)", r->name);
		used++;
	}
	if (!used)
		return fwd_error_set(err, FWD_ENOTFOUND, "fwdrift", 0, 0,
				     reader_name ? "no reader named %s (see "
				     "--list-readers)" : "no reader can read "
				     "this host live%s; use --input FILE",
				     reader_name ? reader_name : "");
	return 0;
}
