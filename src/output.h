/*
 * output.h — a report goes to a file whole or not at all: written to a
 * temporary file beside it, synced, then renamed over the old one.
 */
#ifndef FWD_OUTPUT_H
#define FWD_OUTPUT_H

#include <stddef.h>

#include <fwdrift/error.h>

/*
 * Write buf to path whole or not at all. While the temporary file exists,
 * SIGTERM, SIGINT, SIGHUP and SIGQUIT (unless ignored) remove it before
 * the process dies of them. A symbolic link is followed (the file it
 * names is replaced, the link stays); an existing device or FIFO
 * (/dev/stdout) is written into directly; a directory is an error.
 * 0, or FWD_EIO / FWD_EINVAL + err naming the path; on error the old
 * file is untouched and no temporary file is left.
 */
int output_commit(const char *path, const char *buf, size_t len,
		  struct fwd_error *err);

/* Remove a temporary file left by an interrupted output_commit; safe to
 * call from a signal handler. */
void output_abandon(void);

#endif
