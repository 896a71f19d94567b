/*
 * test_threshold.c — the monitoring-plugins range syntax: a table of
 * ranges and the values that must and must not alert, every bad range
 * refused with a message, and LABEL=RANGE lists.
 */
#include <stdio.h>
#include <string.h>

#include "threshold.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
	fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)

struct case_ {
	const char *range;
	double quiet[4];  /* values that must not alert */
	int n_quiet;
	double loud[4];   /* values that must alert */
	int n_loud;
};

static const struct case_ cases[] = {
	{ "10", { 0, 5, 10 }, 3, { -1, 10.5, 11 }, 3 },
	{ "0", { 0 }, 1, { 1, -0.5 }, 2 },
	{ "10:", { 10, 11, 1e9 }, 3, { 9.99, 0, -5 }, 3 },
	{ "~:10", { -1e9, 0, 10 }, 3, { 10.01, 11 }, 2 },
	{ "10:20", { 10, 15, 20 }, 3, { 9, 21 }, 2 },
	{ "@10:20", { 9, 21, 0 }, 3, { 10, 15, 20 }, 3 },
	{ "@0", { 1, 2 }, 2, { 0 }, 1 },
	{ "0.5:1.5", { 0.5, 1, 1.5 }, 3, { 0.4, 1.6 }, 2 },
	{ "-5:-1", { -5, -3, -1 }, 3, { 0, -6 }, 2 },
	{ "~:", { -1e9, 0, 1e9 }, 3, { 0 }, 0 },
	{ "@~:", { 0 }, 0, { -1, 0, 1 }, 3 },
	{ "+3", { 0, 3 }, 2, { 4 }, 1 },
};

static const char *const bad[] = {
	"", "@", ":", ":10", "abc", "10:5", "1e3", "inf", "nan", "0x10",
	"10:20:30", "~", "~10", "@@1", ".", "--1", "10 ", " 10",
	"1.2.3", "@10:5", "~:~", "12345678901234567890123456789012345678901234567890",
};

int main(void)
{
	char err[256];
	struct th_range r;
	struct thresholds t;
	double v[TH_LABEL_COUNT] = { 0 };
	size_t i;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct case_ *c = &cases[i];

		CHECK(th_range_parse(c->range, &r, err, sizeof(err)) == 0);
		CHECK(!strcmp(r.text, c->range));
		for (k = 0; k < c->n_quiet; k++)
			if (th_range_alerts(&r, c->quiet[k])) {
				failed++;
				fprintf(stderr, "FAIL '%s' alerts on %g\n",
					c->range, c->quiet[k]);
			} else {
				passed++;
			}
		for (k = 0; k < c->n_loud; k++)
			if (!th_range_alerts(&r, c->loud[k])) {
				failed++;
				fprintf(stderr, "FAIL '%s' quiet on %g\n",
					c->range, c->loud[k]);
			} else {
				passed++;
			}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (th_range_parse(bad[i], &r, err, sizeof(err)) == 0) {
			failed++;
			fprintf(stderr, "FAIL bad range '%s' accepted\n", bad[i]);
		} else {
			passed++;
			CHECK(err[0] != '\0');
		}
	}

	memset(&t, 0, sizeof(t));
	CHECK(thresholds_parse(&t, "extra=0,missing=0", false, err,
			       sizeof(err)) == 0);
	CHECK(thresholds_parse(&t, "missing=0", true, err, sizeof(err)) == 0);
	CHECK(t.any && t.has_warn[TH_EXTRA] && t.has_crit[TH_MISSING]);
	CHECK(thresholds_status(&t, v) == 0);
	v[TH_EXTRA] = 1;
	CHECK(thresholds_status(&t, v) == 1);
	v[TH_MISSING] = 2;
	CHECK(thresholds_status(&t, v) == 2);
	CHECK(thresholds_parse(&t, "extra=3", false, err, sizeof(err)) != 0);
	CHECK(strstr(err, "given twice") != NULL);
	CHECK(thresholds_parse(&t, "read_time=~:0.5,", true, err,
			       sizeof(err)) != 0);
	CHECK(strstr(err, "trailing comma") != NULL);
	CHECK(thresholds_parse(&t, "bogus=1", true, err, sizeof(err)) != 0);
	CHECK(strstr(err, "unknown label 'bogus'") != NULL);
	CHECK(thresholds_parse(&t, "extra", true, err, sizeof(err)) != 0);
	CHECK(strstr(err, "LABEL=RANGE") != NULL);
	CHECK(thresholds_parse(&t, "", true, err, sizeof(err)) != 0);
	CHECK(thresholds_parse(&t, "conflicting=@1:", true, err,
			       sizeof(err)) == 0);
	v[TH_MISSING] = 0;
	v[TH_EXTRA] = 0;
	v[TH_CONFLICTING] = 1;
	CHECK(thresholds_status(&t, v) == 2);
	memset(&t, 0, sizeof(t));
	CHECK(thresholds_parse(&t, "compliant=30:", false, err,
			       sizeof(err)) == 0);
	v[TH_CONFLICTING] = 0;
	v[TH_COMPLIANT] = 29;
	CHECK(thresholds_status(&t, v) == 1);
	v[TH_COMPLIANT] = 30;
	CHECK(thresholds_status(&t, v) == 0);

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
