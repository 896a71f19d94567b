/*
 * fuzz_compare.c — libFuzzer harness for `fwdrift compare OLD NEW`
 * (compare_load: a fwdrift-report/1 document read back and checked, then
 * compare_run and every compare renderer). The input is OLD, a form
 * feed, NEW; without a form feed the input is compared with itself.
 * compare_load reads a path, so each half goes to a memfd named
 * /proc/self/fd/N.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

/* A readable path holding len bytes of p; -1 when none could be made. */
static int as_file(const uint8_t *p, size_t len, char *path, size_t plen)
{
	int fd = memfd_create("fuzz-report", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (len && write(fd, p, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	snprintf(path, plen, "/proc/self/fd/%d", fd);
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *ff = memchr(data, '\f', size);
	size_t n_old = ff ? (size_t)(ff - data) : size;
	const uint8_t *nw = ff ? ff + 1 : data;
	size_t n_new = ff ? size - n_old - 1 : size;
	char p_old[64], p_new[64];
	struct cmp_report *old = NULL, *new = NULL;
	struct fwd_error err = { 0 };
	json_t *doc = NULL;
	int f_old, f_new;

	if (!sink && !(sink = fopen("/dev/null", "w")))
		return 0;
	f_old = as_file(data, n_old, p_old, sizeof(p_old));
	f_new = as_file(nw, n_new, p_new, sizeof(p_new));
	if (f_old >= 0 && f_new >= 0 &&
	    compare_load(&old, p_old, &err) == 0 &&
	    compare_load(&new, p_new, &err) == 0 &&
	    compare_run(&doc, old, new, &err) == 0) {
		compare_status(doc);
		compare_render_text(sink, doc, 2);
		compare_render_nagios(sink, doc, 2);
		compare_render_json(sink, doc);
	}
	json_decref(doc);
	compare_report_free(old);
	compare_report_free(new);
	if (f_old >= 0)
		close(f_old);
	if (f_new >= 0)
		close(f_new);
	return 0;
}
