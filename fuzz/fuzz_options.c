/*
 * fuzz_options.c — libFuzzer harness for the command line parser
 * (cli_parse: every option and its value, -t seconds, and the -w/-c
 * thresholds once cli.c parses them).
 *
 * Input: the arguments after the program name, separated by NUL bytes
 * (at most 200 of them, so the 64-entry lists can overflow).
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 200

/*
 * cli_parse sets optind = 1 itself, which does not reset glibc's scan
 * position inside a cluster of short options ("-vvt"): after a parse
 * that stopped there, a second parse would resume in the previous argv.
 * fwdrift parses once per process; the harness parses many times, so it
 * forces glibc's full reinitialisation (optind = 0) between runs.
 */
static void reset_getopt(void)
{
	static char prog[] = "fwdrift";
	static char *argv[] = { prog, NULL };

	optind = 0;
	opterr = 0;
	while (getopt(1, argv, "") != -1)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[MAX_ARGS + 2];
	char msg[512];
	struct cli c;
	int argc = 1;
	size_t i = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "fwdrift";
	while (i <= size && argc <= MAX_ARGS) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	reset_getopt();
	msg[0] = '\0';
	cli_parse(&c, argc, argv, FMT_TEXT, msg, sizeof(msg));
	free(copy);
	return 0;
}
