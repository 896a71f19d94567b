/*
 * fuzz_netsh_text.c — libFuzzer harness for the netsh reader on whole
 * files: `netsh advfirewall firewall show rule name=all [verbose]`,
 * `netsh advfirewall show allprofiles` (any encoding the reader decodes),
 * and whole `reg export` files.
 *
 * Input: one file, or two separated by the first form feed byte (0x0c),
 * read into one ruleset the way `--input rules.txt --input profiles.txt`
 * does, because profile settings may come from a second file.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *ff = memchr(data, '\f', size);
	const uint8_t *parts[2] = { data, NULL };
	size_t sizes[2] = { size, 0 };

	if (!ff)
		return fuzz_read_one(fwd_reader_entry(), data, size);
	sizes[0] = (size_t)(ff - data);
	parts[1] = ff + 1;
	sizes[1] = size - sizes[0] - 1;
	return fuzz_read_eval(fwd_reader_entry(), parts, sizes, 2);
}
