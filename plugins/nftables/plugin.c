/*
 * plugin.c — the nftables reader's descriptor: live reading through
 * netlink (live_*.c), files from `nft -j list ruleset` (json_*.c). This
 * module exports fwd_reader_entry() and nothing else; it never prints,
 * never exits and never sends a request that changes the ruleset.
 */
#include <string.h>

#include <fwdrift/reader.h>

#include "json_nft.h"
#include "live.h"

/* `nft -j list ruleset` begins with {"nftables": [ */
static int probe_data(const char *data, size_t len)
{
	size_t i = 0;
	static const char key[] = "\"nftables\"";

	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\n' || data[i] == '\r'))
		i++;
	if (i >= len || data[i] != '{')
		return 0;
	i++;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\n' || data[i] == '\r'))
		i++;
	if (len - i >= sizeof(key) - 1 &&
	    memcmp(data + i, key, sizeof(key) - 1) == 0)
		return 100;
	return 0;
}

static int read_data(struct fwd_ruleset *rs, const char *name,
		     const char *data, size_t len,
		     const struct fwd_read_opts *opts, struct fwd_error *err)
{
	(void)opts;
	return nj_read(rs, name, data, len, err);
}

static const struct fwd_reader reader = {
	.abi = FWD_READER_ABI,
	.name = "nftables",
	.description = "nf_tables over netlink (live), nft -j list ruleset "
		       "(file)",
	.formats = "nft -j list ruleset",
	.probe_data = probe_data,
	.probe_live = nft_live_probe,
	.read_live = nft_live_read,
	.read_data = read_data,
};

FWD_READER_EXPORT const struct fwd_reader *fwd_reader_entry(void)
{
	return &reader;
}
