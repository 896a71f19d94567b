/* test_portset.c — interval arithmetic on port sets. */
#include <stdlib.h>

#include "check.h"
#include "portset.h"

static char *fmt_parse(const char *text)
{
	struct portset s = PORTSET_INIT;
	char *out;

	if (portset_parse(&s, text, NULL))
		return strdup("ERR");
	out = portset_format(&s);
	portset_free(&s);
	return out;
}

#define CHECK_FMT(in, want)                                              \
	do {                                                             \
		char *got_ = fmt_parse(in);                              \
		CHECK_STR(got_, want);                                   \
		free(got_);                                              \
	} while (0)

int main(void)
{
	struct portset a = PORTSET_INIT, b = PORTSET_INIT, c = PORTSET_INIT;
	struct fwd_port_match m = { 0 };
	struct fwd_port_range r[2] = { { 1, 1023 }, { 8080, 8080 } };
	size_t bad = 0;
	char *s;

	CHECK_FMT("22", "22");
	CHECK_FMT("80,22,443", "22,80,443");
	CHECK_FMT("1000-2000,1500-2500", "1000-2500");
	CHECK_FMT("10-20,21-30", "10-30");          /* adjacent merge */
	CHECK_FMT("1000:2000", "1000-2000");
	CHECK_FMT("0-65535", "0-65535");
	CHECK_FMT("65536", "ERR");
	CHECK_FMT("5-3", "ERR");
	CHECK_FMT("22,", "ERR");
	CHECK_FMT("abc", "ERR");
	CHECK(portset_parse(&a, "22,x", &bad) == FWD_EINVAL && bad == 3);

	portset_parse(&a, "1-100,200-300", NULL);
	portset_parse(&b, "50-250", NULL);
	portset_intersect(&c, &a, &b);
	s = portset_format(&c);
	CHECK_STR(s, "50-100,200-250");
	free(s);
	portset_subtract(&a, &b);
	s = portset_format(&a);
	CHECK_STR(s, "1-49,251-300");
	free(s);
	portset_complement(&c, &a);
	s = portset_format(&c);
	CHECK_STR(s, "0,50-250,301-65535");
	free(s);
	CHECK(portset_count(&a) == 49 + 50);
	CHECK(portset_contains(&a, 1) && portset_contains(&a, 300) &&
	      !portset_contains(&a, 250) && !portset_contains(&a, 0));
	portset_parse(&b, "260-270", NULL);
	CHECK(portset_covers(&a, &b));
	portset_parse(&b, "240-260", NULL);
	CHECK(!portset_covers(&a, &b) && portset_overlaps(&a, &b));
	portset_parse(&b, "100-200", NULL);
	CHECK(!portset_overlaps(&a, &b));
	portset_union(&a, &b);
	s = portset_format(&a);
	CHECK_STR(s, "1-49,100-200,251-300");
	free(s);

	/* A rule's match: absent selects all, negation complements. */
	portset_from_match(&c, &m);
	CHECK(c.n == 1 && c.r[0].lo == 0 && c.r[0].hi == 65535);
	m.ranges = r;
	m.n = 2;
	m.negate = true;
	portset_from_match(&c, &m);
	s = portset_format(&c);
	CHECK_STR(s, "0,1024-8079,8081-65535");
	free(s);

	portset_free(&a);
	portset_free(&b);
	portset_free(&c);
	return check_done();
}
