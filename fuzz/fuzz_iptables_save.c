/*
 * fuzz_iptables_save.c — libFuzzer harness for the iptables reader's
 * file side: iptables-save / ip6tables-save text, with or without -c.
 * Input: the bytes of one export file.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read_one(fwd_reader_entry(), data, size);
}
