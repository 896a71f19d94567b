/*
 * fuzz_nft_json.c — libFuzzer harness for the nftables reader's file
 * side: the JSON of `nft -j list ruleset`. Input: one document.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read_one(fwd_reader_entry(), data, size);
}
