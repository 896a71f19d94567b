/*
 * plugin.c — the nftables reader's descriptor: live reading through
 * netlink (live_*.c), files from `nft -j list ruleset` (json_*.c). This
 * module exports fwd_reader_entry() and nothing else; it never prints,
 * never exits and never sends a request that changes the ruleset.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/*
 * nf_tables is there when its module is loaded (or built in). Reading
 * /sys needs no privilege and creates nothing; loading the module would.
 */
static int probe_live(void)
{
	FILE *f;
	char line[256];
	int found = 0;

	if (access("/sys/module/nf_tables", F_OK) == 0)
		return 1;
	f = fopen("/proc/modules", "r");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strncmp(line, "nf_tables ", 10) == 0;
	fclose(f);
	return found;
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
	.probe_live = probe_live,
	.read_live = nft_live_read,
	.read_data = read_data,
};

FWD_READER_EXPORT const struct fwd_reader *fwd_reader_entry(void)
{
	return &reader;
}
