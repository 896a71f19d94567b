/*
 * check.h — the smallest test harness: CHECK() records failures with
 * their line, and check_done() prints "N passed, N failed".
 */
#ifndef FWD_TEST_CHECK_H
#define FWD_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static unsigned check_passed, check_failed;

#define CHECK(cond)                                                      \
	do {                                                             \
		if (cond) {                                              \
			check_passed++;                                  \
		} else {                                                 \
			check_failed++;                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n",     \
				__FILE__, __LINE__, #cond);              \
		}                                                        \
	} while (0)

#define CHECK_STR(got, want)                                             \
	do {                                                             \
		const char *g_ = (got), *w_ = (want);                    \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                   \
			check_passed++;                                  \
		} else {                                                 \
			check_failed++;                                  \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, g_ ? g_ : "(null)",  \
				w_ ? w_ : "(null)");                     \
		}                                                        \
	} while (0)

static inline int check_done(void)
{
	printf("%u passed, %u failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
