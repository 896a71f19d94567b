/*
 * output.c — atomic report files, so that a cron reader or a monitoring
 * agent never sees half a report, and a failed run keeps the old one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

static char pending[4096];
static volatile int have_pending;

void output_abandon(void)
{
	if (have_pending)
		unlink(pending);
	have_pending = 0;
}

int output_commit(const char *path, const char *buf, size_t len,
		  struct fwd_error *err)
{
	size_t off = 0;
	int fd;

	if (snprintf(pending, sizeof(pending), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(pending))
		return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
				     "output path too long");
	fd = mkstemp(pending);
	if (fd < 0)
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot create output file: %s",
				     strerror(errno));
	have_pending = 1;
	fchmod(fd, 0644);
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			close(fd);
			output_abandon();
			return fwd_error_set(err, FWD_EIO, path, 0, 0,
					     "cannot write output: %s",
					     strerror(e));
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int e = errno;

		output_abandon();
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot write output: %s", strerror(e));
	}
	if (rename(pending, path) != 0) {
		int e = errno;

		output_abandon();
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot replace output: %s", strerror(e));
	}
	have_pending = 0;
	return 0;
}
