/*
 * fingerprint.c — stable rule names (FNV-1a, 64 bits: a name, not a
 * security measure). The chain label is the one evidence JSON writes, so
 * that `fwdrift compare` can compute the same fingerprint from a report.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "evidence.h"
#include "fingerprint.h"

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void fingerprint_text(const char *chain, const char *text,
		      char out[FINGERPRINT_LEN])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv(h, chain ? chain : "");
	h = fnv(h, "\n");
	h = fnv(h, text ? text : "");
	snprintf(out, FINGERPRINT_LEN, "fp-%016llx", (unsigned long long)h);
}

void fingerprint_rule(const struct fwd_rule *r, char out[FINGERPRINT_LEN])
{
	char chain[256] = "";

	if (r->chain)
		chain_label(r->chain, chain, sizeof(chain));
	fingerprint_text(chain, r->text, out);
}

bool fingerprint_names_rule(const char *name, const struct fwd_rule *r)
{
	char fp[FINGERPRINT_LEN];

	if (!r)
		return false;
	if (r->comment && !strcmp(r->comment, name))
		return true;
	fingerprint_rule(r, fp);
	return !strcmp(fp, name);
}
