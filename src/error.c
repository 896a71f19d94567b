/*
 * error.c — the fwd_error record: first error wins, formatted on demand.
 * Never prints: main() decides what the user sees.
 */
#include <stdio.h>
#include <string.h>

#include <fwdrift/error.h>

int fwd_error_setv(struct fwd_error *err, int code, const char *source,
		   int line, int column, const char *fmt, va_list ap)
{
	if (!err || err->code != 0)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	snprintf(err->source, sizeof(err->source), "%s", source ? source : "");
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	return code;
}

int fwd_error_set(struct fwd_error *err, int code, const char *source,
		  int line, int column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fwd_error_setv(err, code, source, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void fwd_error_clear(struct fwd_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

const char *fwd_error_format(const struct fwd_error *err, char *buf,
			     size_t len)
{
	if (!err->source[0])
		snprintf(buf, len, "%s", err->text);
	else if (err->line > 0 && err->column > 0)
		snprintf(buf, len, "%s:%d:%d: %s", err->source, err->line,
			 err->column, err->text);
	else if (err->line > 0)
		snprintf(buf, len, "%s:%d: %s", err->source, err->line,
			 err->text);
	else
		snprintf(buf, len, "%s: %s", err->source, err->text);
	return buf;
}
