/*
 * output.h — a report goes to a file whole or not at all: written to a
 * temporary file beside it, synced, then renamed over the old one.
 */
#ifndef FWD_OUTPUT_H
#define FWD_OUTPUT_H

#include <stddef.h>

#include <fwdrift/error.h>

int output_commit(const char *path, const char *buf, size_t len,
		  struct fwd_error *err);

/* Remove a temporary file left by an interrupted output_commit; safe to
 * call from a signal handler. */
void output_abandon(void);

#endif
