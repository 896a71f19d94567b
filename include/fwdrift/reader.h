/*
 * fwdrift/reader.h — the reader plugin ABI.
 *
 * A reader is a shared module exporting exactly one symbol,
 * fwd_reader_entry(), that returns a descriptor. The core checks
 * descriptor->abi == FWD_READER_ABI before touching anything else, so a
 * plugin built against another version of this header is refused with a
 * message instead of crashing.
 *
 * A reader fills a struct fwd_ruleset through <fwdrift/model.h>, whose
 * functions the fwdrift binary exports. A reader never changes firewall
 * state: live reading uses dump/get requests only.
 */
#ifndef FWDRIFT_READER_H
#define FWDRIFT_READER_H

#include <stddef.h>
#include <stdint.h>

#include <fwdrift/error.h>
#include <fwdrift/model.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FWD_READER_ABI 1u

/* Options the core passes to every read. */
struct fwd_read_opts {
	unsigned verbose;   /* -v count */
	double deadline;    /* CLOCK_MONOTONIC seconds; 0 = none */
};

/*
 * The descriptor. Any callback may be NULL when the reader cannot do
 * that (a Windows export reader has no live reading on Linux).
 */
struct fwd_reader {
	uint32_t abi;              /* FWD_READER_ABI */
	const char *name;          /* "iptables", "nftables", "netsh" */
	const char *description;   /* one line for --list-readers */
	const char *formats;       /* "iptables-save, ip6tables-save" */

	/*
	 * How sure the reader is that data (the first bytes of a file, up to
	 * len) is in its format: 0 (not mine) to 100 (certain).
	 */
	int (*probe_data)(const char *data, size_t len);

	/*
	 * Whether this host holds state this reader can read live: 1 yes,
	 * 0 no (nothing to read, or platform absent). Must not need
	 * privilege and must not create any state.
	 */
	int (*probe_live)(void);

	/* Read the live host into rs. 0 or a negative FWD_E* code + err. */
	int (*read_live)(struct fwd_ruleset *rs,
			 const struct fwd_read_opts *opts,
			 struct fwd_error *err);

	/*
	 * Parse a whole file already in memory (data[len] is a NUL the core
	 * adds, not part of the file). name is the path for messages.
	 * 0 or a negative FWD_E* code + err with file:line.
	 */
	int (*read_data)(struct fwd_ruleset *rs, const char *name,
			 const char *data, size_t len,
			 const struct fwd_read_opts *opts,
			 struct fwd_error *err);
};

/* The one symbol a reader module exports. */
const struct fwd_reader *fwd_reader_entry(void);
typedef const struct fwd_reader *(*fwd_reader_entry_fn)(void);
#define FWD_READER_ENTRY_SYMBOL "fwd_reader_entry"

/* Mark the entry point visible when building with -fvisibility=hidden. */
#define FWD_READER_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
}
#endif

#endif
