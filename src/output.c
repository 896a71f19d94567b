/*
 * output.c — atomic report files, so that a cron reader or a monitoring
 * agent never sees half a report, and a failed run keeps the old one.
 * The temporary file beside the report must not outlive the process:
 * while it exists, SIGTERM, SIGINT, SIGHUP and SIGQUIT remove it before
 * the process dies of the signal (SIGALRM, the -t timeout, does the same
 * through output_abandon from main's handler). It never writes anywhere
 * but beside the report.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

static char pending[4096];
static volatile sig_atomic_t have_pending;

static const int fatal_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
#define N_FATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))
static struct sigaction saved[N_FATAL];
static int installed[N_FATAL];

void output_abandon(void)
{
	if (have_pending)
		unlink(pending);
	have_pending = 0;
}

/* Remove the temporary file, then die of the signal as if no handler had
 * been there (SA_RESETHAND restored the default, SA_NODEFER lets the
 * raise through at once). */
static void on_fatal(int sig)
{
	int e = errno;

	output_abandon();
	raise(sig);
	errno = e;
}

/* Block the fatal signals and SIGALRM so that a signal cannot fall
 * between creating the temporary file and recording its name, or
 * between the rename and forgetting the name. */
static void block(sigset_t *old)
{
	sigset_t set;
	unsigned i;

	sigemptyset(&set);
	for (i = 0; i < N_FATAL; i++)
		sigaddset(&set, fatal_signals[i]);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Catch the fatal signals whose action is the default (one the caller
 * ignores stays ignored). Called with them blocked. */
static void guard(void)
{
	struct sigaction sa;
	unsigned i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < N_FATAL; i++) {
		installed[i] = sigaction(fatal_signals[i], NULL, &saved[i]) == 0 &&
			       saved[i].sa_handler == SIG_DFL &&
			       sigaction(fatal_signals[i], &sa, NULL) == 0;
	}
}

static void unguard(void)
{
	unsigned i;

	for (i = 0; i < N_FATAL; i++)
		if (installed[i])
			sigaction(fatal_signals[i], &saved[i], NULL);
}

/* Give up on the temporary file (if any), put the signal handling back. */
static int fail(const sigset_t *old, struct fwd_error *err, int code,
		const char *path, const char *what, int e)
{
	sigset_t tmp;

	block(&tmp);
	output_abandon();
	unguard();
	sigprocmask(SIG_SETMASK, old, NULL);
	return fwd_error_set(err, code, path, 0, 0, "%s: %s", what,
			     strerror(e));
}

/* Write into an existing device or FIFO (/dev/stdout, /dev/null, a pipe
 * a script reads): no file to replace, and renaming over it would swap
 * a regular file in for the device. */
static int write_special(const char *path, const char *buf, size_t len,
			 struct fwd_error *err)
{
	size_t off = 0;
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot open output: %s", strerror(errno));
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			close(fd);
			return fwd_error_set(err, FWD_EIO, path, 0, 0,
					     "cannot write output: %s",
					     strerror(e));
		}
		off += (size_t)n;
	}
	if (close(fd) != 0)
		return fwd_error_set(err, FWD_EIO, path, 0, 0,
				     "cannot write output: %s", strerror(errno));
	return 0;
}

int output_commit(const char *path, const char *buf, size_t len,
		  struct fwd_error *err)
{
	char target[sizeof(pending) - 16];
	sigset_t old, tmp;
	struct stat st;
	size_t off = 0;
	int fd;

	if (!*path)
		return fwd_error_set(err, FWD_EINVAL, "--output", 0, 0,
				     "empty file name");
	/* A symbolic link stays a link: the file it points at is replaced. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    realpath(path, target))
		path = target;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
					     "is a directory, expected a file "
					     "name for the report");
		if (!S_ISREG(st.st_mode))
			return write_special(path, buf, len, err);
	}
	if (snprintf(pending, sizeof(pending), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(pending))
		return fwd_error_set(err, FWD_EINVAL, path, 0, 0,
				     "output path too long");
	block(&old);
	guard();
	fd = mkstemp(pending);
	if (fd < 0)
		return fail(&old, err, FWD_EIO, path,
			    "cannot create output file", errno);
	have_pending = 1;
	/* From here on a signal removes the file: let them in again. */
	sigprocmask(SIG_SETMASK, &old, NULL);
	fchmod(fd, 0644);
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;

			close(fd);
			return fail(&old, err, FWD_EIO, path,
				    "cannot write output", e);
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0) {
		int e = errno;

		close(fd);
		return fail(&old, err, FWD_EIO, path, "cannot write output", e);
	}
	if (close(fd) != 0)
		return fail(&old, err, FWD_EIO, path, "cannot write output",
			    errno);
	block(&tmp);
	if (rename(pending, path) != 0)
		return fail(&old, err, FWD_EIO, path, "cannot replace output",
			    errno);
	have_pending = 0;
	unguard();
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}
