/*
 * fuzz_netsh_registry.c — libFuzzer harness for the registry rule
 * strings of a `reg export` of FirewallPolicy:
 *   v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=80|Name=x|
 *
 * Input: lines. A line starting with "v2." is a rule string: it is
 * escaped the way reg export writes strings and becomes the value of
 * "{rule-N}" under the FirewallRules key. Any other line is copied into
 * the export as it is, so the fuzzer can also write keys ([HKEY_...]),
 * profile switches ("EnableFirewall"=dword:...) and broken lines. The
 * export is then read through the netsh reader's read_data like a file.
 */
#include <stdio.h>

#include "fuzz_reader.h"

#define HEAD "Windows Registry Editor Version 5.00\r\n\r\n" \
	"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\" \
	"SharedAccess\\Parameters\\FirewallPolicy\\DomainProfile]\r\n" \
	"\"EnableFirewall\"=dword:00000001\r\n" \
	"\"DefaultInboundAction\"=dword:00000001\r\n\r\n" \
	"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\" \
	"SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]\r\n"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Worst case: every byte escaped, plus a value name per line. */
	size_t cap = sizeof(HEAD) + size * 2 + (size + 1) * 32;
	uint8_t *out = malloc(cap);
	size_t used = sizeof(HEAD) - 1, i = 0;
	unsigned n = 0;

	if (!out)
		return 0;
	memcpy(out, HEAD, used);
	while (i < size) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		size_t end = nl ? (size_t)(nl - data) : size;

		if (end - i >= 3 && !memcmp(data + i, "v2.", 3)) {
			used += (size_t)sprintf((char *)out + used,
						"\"{rule-%u}\"=\"", n++);
			for (; i < end; i++) {
				if (data[i] == '\\' || data[i] == '"')
					out[used++] = '\\';
				out[used++] = data[i];
			}
			out[used++] = '"';
		} else {
			memcpy(out + used, data + i, end - i);
			used += end - i;
		}
		out[used++] = '\r';
		out[used++] = '\n';
		i = end + 1;
	}
	fuzz_read_one(fwd_reader_entry(), out, used);
	free(out);
	return 0;
}
