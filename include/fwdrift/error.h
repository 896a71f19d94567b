/*
 * fwdrift/error.h — one error record for every parser and reader.
 *
 * Library and plugin code never prints and never exits: it fills a
 * struct fwd_error and returns a negative FWD_E* code; only main() decides
 * what the user sees and the exit status. The first error set wins, so a
 * low-level parser's precise message is not overwritten by its caller.
 */
#ifndef FWDRIFT_ERROR_H
#define FWDRIFT_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Negative return codes shared by the core and the reader plugins. */
enum fwd_errcode {
	FWD_OK = 0,
	FWD_EINVAL = -1,      /* bad input: a parse error, a bad value */
	FWD_ENOMEM = -2,      /* out of memory */
	FWD_EIO = -3,         /* a file or socket could not be read */
	FWD_EPERM = -4,       /* missing privilege (text names the capability) */
	FWD_ENOTFOUND = -5,   /* a named thing does not exist */
	FWD_EUNSUPPORTED = -6,/* input recognised but not supported */
	FWD_ECHANGED = -7,    /* the live ruleset kept changing while read */
	FWD_ETIMEDOUT = -8,   /* the -t deadline passed */
};

#define FWD_ERROR_SOURCE_LEN 256
#define FWD_ERROR_TEXT_LEN 1024

/*
 * Where and what. source is a file name, "iptables (live)" or similar;
 * line and column are 1-based, 0 when they do not apply.
 */
struct fwd_error {
	int code;                         /* FWD_E*, 0 while unset */
	int line;
	int column;
	char source[FWD_ERROR_SOURCE_LEN];
	char text[FWD_ERROR_TEXT_LEN];
};

/*
 * Record an error unless one is already recorded (first error wins).
 * err may be NULL. Returns code, so that callers can write
 *     return fwd_error_set(err, FWD_EINVAL, file, line, 0, "expected ...");
 */
int fwd_error_set(struct fwd_error *err, int code, const char *source,
		  int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

int fwd_error_setv(struct fwd_error *err, int code, const char *source,
		   int line, int column, const char *fmt, va_list ap);

/* Forget a recorded error. */
void fwd_error_clear(struct fwd_error *err);

/*
 * Format "source:line:column: text" (parts that are unset are left out)
 * into buf of size len. Returns buf.
 */
const char *fwd_error_format(const struct fwd_error *err, char *buf,
			     size_t len);

#ifdef __cplusplus
}
#endif

#endif
