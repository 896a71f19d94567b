/*
 * cli.c — option parsing for fwdrift. Every mistake becomes a message for
 * main() to print with exit status 3 (UNKNOWN), as check plugins do.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_BASELINE = 256, OPT_ROLE, OPT_FEATURE, OPT_INPUT, OPT_READER,
	OPT_FORMAT, OPT_OUTPUT, OPT_EXPOSURE, OPT_LIST_BASELINES,
	OPT_LIST_READERS, OPT_SHOW_BASELINE, OPT_PLUGIN_DIR, OPT_DUMP_MODEL,
	OPT_PROFILE,
};

static const struct option options[] = {
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "feature", required_argument, NULL, OPT_FEATURE },
	{ "input", required_argument, NULL, OPT_INPUT },
	{ "reader", required_argument, NULL, OPT_READER },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "exposure", no_argument, NULL, OPT_EXPOSURE },
	{ "dump-model", no_argument, NULL, OPT_DUMP_MODEL },
	{ "list-baselines", no_argument, NULL, OPT_LIST_BASELINES },
	{ "list-readers", no_argument, NULL, OPT_LIST_READERS },
	{ "show-baseline", required_argument, NULL, OPT_SHOW_BASELINE },
	{ "plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "timeout", required_argument, NULL, 't' },
	{ "warning", required_argument, NULL, 'w' },
	{ "critical", required_argument, NULL, 'c' },
	{ NULL, 0, NULL, 0 },
};

void cli_usage(FILE *f, const char *prog)
{
	fprintf(f,
"Usage: %s --baseline NAME|FILE [--role ROLE]... [--feature FEATURE]...\n"
"              [--input FILE]... [--format FMT] [-w LABEL=RANGE] [-c ...]\n"
"       %s --exposure\n"
"       %s --list-baselines | --list-readers | --show-baseline NAME\n"
"       %s compare OLD.json NEW.json   (either may be - for stdin)\n"
"\n"
"Audit this host's firewall against the ports a product needs.\n"
"\n"
"  --baseline NAME|FILE  product baseline or local overlay (see\n"
"                        --list-baselines)\n"
"  --role ROLE           role this host plays (repeatable; 'all')\n"
"  --feature FEATURE     optional feature in use (repeatable; 'all')\n"
"  --input FILE          audit an export instead of the live host\n"
"                        (iptables-save, nft -j list ruleset, netsh);\n"
"                        repeatable; '-' is standard input\n"
"  --reader NAME         only this reader (iptables, nftables, netsh)\n"
"  --profile NAME        Windows: only this profile (domain, private, public)\n"
"  --exposure            print what the firewall lets through, no baseline\n"
"  --format FMT          text, json, nagios or html\n"
"  --output FILE         write the report to FILE (whole or not at all)\n"
"  --show-baseline NAME  the requirements a role/feature selection expands\n"
"                        to, with the file:line each one comes from\n"
"  --list-baselines      baselines on the search path\n"
"  --list-readers        reader plugins found\n"
"  --dump-model          the normalized model the readers built\n"
"  --plugin-dir DIR      load reader plugins from DIR\n"
"  compare OLD NEW       what changed between two JSON reports of a host\n"
"  -w, --warning LABEL=RANGE[,LABEL=RANGE]...\n"
"  -c, --critical LABEL=RANGE[,LABEL=RANGE]...\n"
"                        thresholds on the counts; LABEL is missing,\n"
"                        conflicting, extra, compliant or read_time (s);\n"
"                        RANGE is N (alert outside 0..N), N: (below N),\n"
"                        ~:N (above N), N:M (outside N..M), @N:M (inside)\n"
"                        With -w/-c, they alone decide the status (an\n"
"                        expired waiver still makes it at least WARNING)\n"
"  -t, --timeout SECONDS give up with UNKNOWN after SECONDS (default 30)\n"
"  -v, --verbose         more detail (repeatable, up to -vvv)\n"
"  -V, --version         print the version\n"
"  -h, --help            this help\n"
"\n"
"Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"
"Without -w/-c: WARNING for extras, warning-level conflicts and expired\n"
"waivers; CRITICAL when a required port is missing or blocked.\n"
"Baselines are searched in $FWDRIFT_BASELINE_PATH, /etc/fwdrift/baselines\n"
"and the installed data folder. See fwdrift(1).\n",
		prog, prog, prog, prog);
}

static int push(const char **list, unsigned *n, const char *v, char *err,
		size_t errlen, const char *what)
{
	if (*n >= CLI_MAX_LIST) {
		snprintf(err, errlen, "too many %s options (at most %d)", what,
			 CLI_MAX_LIST);
		return -1;
	}
	list[(*n)++] = v;
	return 0;
}

static int set_action(struct cli *c, enum cli_action a, char *err,
		      size_t errlen)
{
	if (c->action != ACT_AUDIT && c->action != a) {
		snprintf(err, errlen, "conflicting actions: choose one of "
			 "--exposure, --dump-model, --list-baselines, "
			 "--list-readers, --show-baseline");
		return -1;
	}
	c->action = a;
	return 0;
}

static int parse_format(struct cli *c, const char *v, char *err, size_t errlen)
{
	if (!strcmp(v, "text"))
		c->format = FMT_TEXT;
	else if (!strcmp(v, "json"))
		c->format = FMT_JSON;
	else if (!strcmp(v, "nagios"))
		c->format = FMT_NAGIOS;
	else if (!strcmp(v, "html"))
		c->format = FMT_HTML;
	else {
		/* The bracket is what scripts of the reports match on. */
		snprintf(err, errlen, "unknown format '%s' (expected text, "
			 "json or nagios), or html for a report page", v);
		return -1;
	}
	c->format_set = true;
	return 0;
}

static int parse_timeout(struct cli *c, const char *v, char *err,
			 size_t errlen)
{
	char *end;
	double t = strtod(v, &end);

	if (end == v || *end || !(t > 0) || t > 86400) {
		snprintf(err, errlen, "bad timeout '%s' (expected seconds, "
			 "more than 0 and at most 86400)", v);
		return -1;
	}
	c->timeout = t;
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, enum out_format def,
	      char *err, size_t errlen)
{
	int opt, rc = 0;

	memset(c, 0, sizeof(*c));
	c->format = def;
	c->timeout = 30;
	optind = 1;
	opterr = 0;
	while (!rc && (opt = getopt_long(argc, argv, ":hVvt:w:c:", options,
					 NULL)) != -1) {
		switch (opt) {
		case OPT_BASELINE: c->baseline = optarg; break;
		case OPT_ROLE:
			rc = push(c->roles, &c->n_roles, optarg, err, errlen,
				  "--role");
			break;
		case OPT_FEATURE:
			rc = push(c->features, &c->n_features, optarg, err,
				  errlen, "--feature");
			break;
		case OPT_INPUT:
			rc = push((const char **)c->inputs, &c->n_inputs,
				  optarg, err, errlen, "--input");
			break;
		case OPT_READER: c->reader = optarg; break;
		case OPT_PROFILE: c->profile = optarg; break;
		case OPT_FORMAT: rc = parse_format(c, optarg, err, errlen); break;
		case OPT_OUTPUT: c->output = optarg; break;
		case OPT_PLUGIN_DIR: c->plugin_dir = optarg; break;
		case OPT_EXPOSURE:
			rc = set_action(c, ACT_EXPOSURE, err, errlen);
			break;
		case OPT_DUMP_MODEL:
			rc = set_action(c, ACT_DUMP_MODEL, err, errlen);
			break;
		case OPT_LIST_BASELINES:
			rc = set_action(c, ACT_LIST_BASELINES, err, errlen);
			break;
		case OPT_LIST_READERS:
			rc = set_action(c, ACT_LIST_READERS, err, errlen);
			break;
		case OPT_SHOW_BASELINE:
			rc = set_action(c, ACT_SHOW_BASELINE, err, errlen);
			c->baseline = optarg;
			break;
		case 'h': c->action = ACT_HELP; return 0;
		case 'V': c->action = ACT_VERSION; return 0;
		case 'v': c->verbose++; break;
		case 't': rc = parse_timeout(c, optarg, err, errlen); break;
		case 'w':
			rc = thresholds_parse(&c->th, optarg, false, err, errlen);
			break;
		case 'c':
			rc = thresholds_parse(&c->th, optarg, true, err, errlen);
			break;
		case ':':
			snprintf(err, errlen, "option %s needs a value",
				 argv[optind - 1]);
			rc = -1;
			break;
		default:
			snprintf(err, errlen, "unknown option '%s' (see --help)",
				 argv[optind - 1]);
			rc = -1;
			break;
		}
	}
	if (rc)
		return rc;
	if (optind < argc && !strcmp(argv[optind], "compare")) {
		/* It reads two reports, no firewall: an option meant for an
		 * audit would be silently ignored, so refuse it. */
		if (c->action != ACT_AUDIT || c->baseline || c->th.any ||
		    c->n_inputs || c->n_roles || c->n_features || c->reader ||
		    c->profile) {
			snprintf(err, errlen, "compare takes no --baseline, "
				 "--input, --role, --feature, --reader, "
				 "--profile, -w/-c or other action (see --help)");
			return -1;
		}
		if (c->format == FMT_HTML) {
			snprintf(err, errlen, "compare writes text, json or "
				 "nagios; --format html is for an audit report");
			return -1;
		}
		if (argc - optind != 3) {
			snprintf(err, errlen, "compare needs two reports: "
				 "compare OLD.json NEW.json");
			return -1;
		}
		c->action = ACT_COMPARE;
		c->compare_old = argv[optind + 1];
		c->compare_new = argv[optind + 2];
		if (!strcmp(c->compare_old, "-") && !strcmp(c->compare_new, "-")) {
			snprintf(err, errlen, "compare reads at most one report "
				 "from standard input ('-'), not both");
			return -1;
		}
		return 0;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s' (see --help)",
			 argv[optind]);
		return -1;
	}
	if (c->format == FMT_HTML && c->action != ACT_AUDIT) {
		snprintf(err, errlen, "--format html is for an audit report "
			 "(--baseline); use text or json here");
		return -1;
	}
	if (c->th.any && c->action != ACT_AUDIT) {
		snprintf(err, errlen, "-w/-c apply to an audit (--baseline), "
			 "not to this action");
		return -1;
	}
	if (c->action == ACT_AUDIT && !c->baseline) {
		snprintf(err, errlen, "nothing to do: give --baseline NAME, "
			 "--exposure or --list-baselines (see --help)");
		return -1;
	}
	return 0;
}
