/*
 * fuzz_reader.h — the one thing every reader harness does: hand the input
 * to the reader's read_data exactly as acquire.c does (a private copy with
 * a NUL after it), then, when it parsed, resolve and evaluate the model as
 * `fwdrift --input` would, and free everything. Any crash, sanitizer
 * report or leak is a finding; a parse error is a normal outcome.
 */
#ifndef FWD_FUZZ_READER_H
#define FWD_FUZZ_READER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwdrift/reader.h>

#include "exposure.h"
#include "model_dump.h"
#include "render_exposure.h"
#include "ruleset.h"

/* Where the renderers write: their output is not checked, only that
 * rendering what a reader built does not crash. */
static inline FILE *fuzz_sink(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	return f;
}

static inline void fuzz_read_into(struct fwd_ruleset *rs,
				  const struct fwd_reader *r,
				  const char *name, const uint8_t *data,
				  size_t size, struct fwd_error *err)
{
	struct fwd_read_opts opts = { 0, 0 };
	char *buf = malloc(size + 1);

	if (!buf)
		return;
	memcpy(buf, data, size);
	buf[size] = '\0';
	r->read_data(rs, name, buf, size, &opts, err);
	free(buf);
}

/* Read data (possibly several inputs into one ruleset: see parts) and
 * evaluate what was read. */
static inline int fuzz_read_eval(const struct fwd_reader *r,
				 const uint8_t *const *parts,
				 const size_t *sizes, unsigned n)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_error err = { 0 };
	struct exposure x;
	unsigned i;

	if (!rs)
		return 0;
	for (i = 0; i < n && !err.code; i++)
		fuzz_read_into(rs, r, i ? "fuzz-2" : "fuzz", parts[i],
			       sizes[i], &err);
	if (!err.code && !fwd_ruleset_finalize(rs, &err) &&
	    !exposure_build(&x, rs, &err)) {
		if (fuzz_sink()) {
			model_dump(fuzz_sink(), rs, NULL);
			render_exposure_text(fuzz_sink(), &x, rs, 2);
			render_exposure_json(fuzz_sink(), &x);
		}
		exposure_free(&x);
	}
	fwd_ruleset_free(rs);
	return 0;
}

static inline int fuzz_read_one(const struct fwd_reader *r,
				const uint8_t *data, size_t size)
{
	return fuzz_read_eval(r, &data, &size, 1);
}

#endif
