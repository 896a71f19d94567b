#include "live.h"
int nft_live_read(struct fwd_ruleset *rs, const struct fwd_read_opts *opts,
		  struct fwd_error *err)
{
	(void)rs; (void)opts;
	return fwd_error_set(err, FWD_EUNSUPPORTED, "nftables live", 0, 0, "not yet");
}
