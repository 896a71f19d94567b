/*
 * cli.h — the command line, parsed into a struct without side effects:
 * parsing never prints or exits, main() does.
 */
#ifndef FWD_CLI_H
#define FWD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "threshold.h"

enum out_format { FMT_TEXT = 0, FMT_JSON, FMT_NAGIOS, FMT_HTML };

enum cli_action {
	ACT_AUDIT = 0,
	ACT_EXPOSURE,
	ACT_DUMP_MODEL,
	ACT_LIST_BASELINES,
	ACT_LIST_READERS,
	ACT_SHOW_BASELINE,
	ACT_COMPARE,
	ACT_HELP,
	ACT_VERSION,
};

#define CLI_MAX_LIST 64

struct cli {
	enum cli_action action;
	const char *baseline;
	const char *roles[CLI_MAX_LIST];
	unsigned n_roles;
	const char *features[CLI_MAX_LIST];
	unsigned n_features;
	char *inputs[CLI_MAX_LIST];
	unsigned n_inputs;
	const char *reader;
	const char *profile;
	enum out_format format;
	bool format_set;
	const char *output;
	const char *plugin_dir;
	unsigned verbose;
	double timeout;
	struct thresholds th;  /* -w / -c */
	const char *compare_old, *compare_new; /* compare OLD NEW */
};

/*
 * Parse argv into c. Returns 0, or -1 with a message in err (for exit 3).
 * default_format is the format used when --format is not given.
 */
int cli_parse(struct cli *c, int argc, char **argv, enum out_format def,
	      char *err, size_t errlen);

void cli_usage(FILE *f, const char *prog);

#endif
