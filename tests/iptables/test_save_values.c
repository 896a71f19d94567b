/*
 * test_save_values.c — the hand-written fast paths of the iptables-save
 * parser against the library calls they stand in for: addresses against
 * inet_pton (which the parser used for every address before), the
 * netmask prefix length (plugins/common) against a bit-by-bit check, and the word splitter on quoting cases
 * whose results iptables-restore defines.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwdrift/error.h>

#include "../../plugins/common/xt_decode.h"
#include "../../plugins/iptables/save_parse.h"
#include "../../plugins/iptables/save_tokens.h"

static int passed, failed;

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		if (cond) {                                                \
			passed++;                                          \
		} else {                                                   \
			failed++;                                          \
			fprintf(stderr, "%s:%d: FAIL %s: ", __FILE__,      \
				__LINE__, #cond);                          \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
		}                                                          \
	} while (0)

/* What the parser did before the fast path: inet_pton for the address,
 * then for the mask, else a decimal prefix length. */
static int reference_addr(int af, const char *s, struct save_addr *am)
{
	char buf[128], *slash, *end;
	unsigned bytes = af == AF_INET6 ? 16 : 4;
	unsigned long len = bytes * 8, i;

	snprintf(buf, sizeof(buf), "%s", s);
	memset(am, 0, sizeof(*am));
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		if (inet_pton(af, slash, am->mask) == 1) {
			len = ~0ul;
		} else {
			if (*slash < '0' || *slash > '9')
				return -1;
			len = strtoul(slash, &end, 10);
			if (*end || len > bytes * 8)
				return -1;
		}
	}
	if (inet_pton(af, buf, am->addr) != 1)
		return -1;
	if (len != ~0ul)
		for (i = 0; i < len; i++)
			am->mask[i / 8] |= (uint8_t)(0x80u >> (i % 8));
	return 0;
}

static void same_as_reference(enum fwd_family fam, const char *s)
{
	struct save_addr got, want;
	int af = fam == FWD_IPV6 ? AF_INET6 : AF_INET;
	int rg = save_parse_addr(fam, s, strlen(s), &got);
	int rw = reference_addr(af, s, &want);

	CHECK(rg == rw, "'%s': got %d, inet_pton says %d", s, rg, rw);
	if (rg == 0 && rw == 0)
		CHECK(!memcmp(&got, &want, sizeof(got)), "'%s': value differs", s);
}

static void test_addresses(void)
{
	static const char *const v4[] = {
		"10.1.2.3", "0.0.0.0", "255.255.255.255", "1.2.3.4/0",
		"1.2.3.4/32", "1.2.3.4/33", "1.2.3.4/24", "1.2.3.4/7",
		"10.0.0.0/255.0.0.0", "10.0.0.0/255.0.255.0", "1.2.3.4/",
		"1.2.3.4/024", "1.2.3.4/24/5", "1.2.3.4/x", "1.2.3.4/-1",
		"01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3", "1.2.3.4.5",
		"1..3.4", ".1.2.3", "1.2.3.", "1234.1.1.1", "1.2.3.4 ",
		"", "/24", "a.b.c.d", "1.2.3.4/+8", "0.0.0.0/0.0.0.0",
		"999.0.0.1", "1.2.3.255", "1.2.3.256",
	};
	static const char *const v6[] = {
		"::1", "::", "fe80::1/64", "2001:db8::/32", "2001:db8::/129",
		"::ffff:1.2.3.4", "2001:db8::/ffff:ffff::", "1.2.3.4", "::1/",
		"2001:db8:0:0:0:0:0:1/128",
	};
	size_t i;

	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++)
		same_as_reference(FWD_IPV4, v4[i]);
	for (i = 0; i < sizeof(v6) / sizeof(v6[0]); i++)
		same_as_reference(FWD_IPV6, v6[i]);
	for (i = 0; i < 4000; i++) { /* every part shape 0-999, zero-padded or not */
		char s[32];

		snprintf(s, sizeof(s), i % 2 ? "%zu.%zu.0.%zu" : "%zu.%03zu.1.%zu",
			 i % 1000, i / 4, (i * 7) % 300);
		same_as_reference(FWD_IPV4, s);
	}
}

static bool contiguous_by_bits(const uint8_t *m, unsigned bytes)
{
	bool zero = false;
	unsigned i;

	for (i = 0; i < bytes * 8; i++) {
		bool one = m[i / 8] & (0x80u >> (i % 8));

		if (one && zero)
			return false;
		zero = zero || !one;
	}
	return true;
}

static void test_masks(void)
{
	uint8_t m[16];
	unsigned a, b;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			memset(m, 0, sizeof(m));
			m[0] = 0xff;
			m[1] = (uint8_t)a;
			m[2] = (uint8_t)b;
			CHECK((xtd_mask_prefix_len(m, 4) >= 0) == contiguous_by_bits(m, 4),
			      "mask ff.%u.%u.0", a, b);
		}
	memset(m, 0xff, sizeof(m));
	CHECK(xtd_mask_prefix_len(m, 16) == 128, "all ones");
	m[15] = 0xfe;
	CHECK(xtd_mask_prefix_len(m, 16) == 127, "/127");
	m[3] = 0x7f;
	CHECK(xtd_mask_prefix_len(m, 16) == -1, "a hole");
}

static void test_digits(void)
{
	unsigned long v = 7;

	CHECK(save_digits("65535", 5, 65535, &v) == 0 && v == 65535, "65535");
	CHECK(save_digits("65536", 5, 65535, &v) == -1, "65536");
	CHECK(save_digits("0022", 4, 65535, &v) == 0 && v == 22, "0022");
	CHECK(save_digits("", 0, 65535, &v) == -1, "empty");
	CHECK(save_digits("2a", 2, 65535, &v) == -1, "2a");
	CHECK(save_digits("99999999999999999999999", 23, 65535, &v) == -1,
	      "overflow");
}

/* line → words joined by '|' (quoted words marked with a trailing *) */
static void split_is(const char *line, const char *want)
{
	struct stoks t = { 0 };
	char got[256] = "";
	int bad = 0, rc = stok_split(&t, line, strlen(line), 1, &bad);
	size_t k;

	if (rc == FWD_EINVAL)
		snprintf(got, sizeof(got), "unterminated at %d", bad);
	for (k = 0; rc == 0 && k < t.n; k++) {
		size_t n = strlen(got);

		snprintf(got + n, sizeof(got) - n, "%s%s%s@%d", k ? "|" : "",
			 t.v[k].s, t.v[k].quoted ? "*" : "", t.v[k].col);
	}
	CHECK(!strcmp(got, want), "split '%s': got '%s', want '%s'", line, got,
	      want);
	stok_free(&t);
}

static void test_split(void)
{
	split_is("-A INPUT -j ACCEPT", "-A@1|INPUT@4|-j@10|ACCEPT@13");
	split_is("  a\t\tb  ", "a@3|b@6");
	split_is("", "");
	split_is("--comment \"a b\" -j X", "--comment@1|a b*@11|-j@17|X@20");
	split_is("--comment \"a \\\"b\\\"\"", "--comment@1|a \"b\"*@11");
	split_is("x\"y z\"w", "xy z*@1|w@7");
	split_is("\"\" a", "*@1|a@4");
	split_is("a\\b", "a\\b@1");
	split_is("--comment \"abc", "unterminated at 11");
	split_is("--comment \"abc\\\"", "unterminated at 11");
	split_is("a \"b\\", "unterminated at 3");
}

int main(void)
{
	test_addresses();
	test_masks();
	test_digits();
	test_split();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
