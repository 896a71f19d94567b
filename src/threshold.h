/*
 * threshold.h — monitoring-plugins thresholds (-w / -c) on the drift
 * counts: LABEL=RANGE pairs, RANGE in the guidelines' syntax
 * ("10", "10:", "~:10", "10:20", "@10:20"). Parsing returns a result and
 * a message; it never prints or exits (it is fuzzed through cli_parse).
 */
#ifndef FWD_THRESHOLD_H
#define FWD_THRESHOLD_H

#include <stdbool.h>
#include <stddef.h>

/* What a threshold can watch: the perfdata labels. */
enum th_label {
	TH_MISSING = 0,
	TH_CONFLICTING,
	TH_EXTRA,
	TH_COMPLIANT,
	TH_READ_TIME,
};
#define TH_LABEL_COUNT 5

#define TH_TEXT_LEN 48

/*
 * A range: alert when the value is outside [start, end] or, with '@'
 * (inside), when it is within. Infinite ends are flags, not values.
 */
struct th_range {
	double start, end;
	bool start_inf, end_inf;
	bool inside;
	char text[TH_TEXT_LEN]; /* as given, for perfdata */
};

struct thresholds {
	struct th_range warn[TH_LABEL_COUNT];
	struct th_range crit[TH_LABEL_COUNT];
	bool has_warn[TH_LABEL_COUNT];
	bool has_crit[TH_LABEL_COUNT];
	bool any; /* at least one -w or -c was given */
};

/*
 * Parse one range in the guidelines' syntax into r. Returns 0, or -1
 * with a message in err (errlen bytes) saying what was expected.
 */
int th_range_parse(const char *text, struct th_range *r, char *err,
		   size_t errlen);

/* True when value raises an alert under r. */
bool th_range_alerts(const struct th_range *r, double value);

/*
 * Add "LABEL=RANGE[,LABEL=RANGE]..." to t as warning (critical false)
 * or critical thresholds. A label given twice for the same kind is an
 * error. Returns 0, or -1 with a message in err.
 */
int thresholds_parse(struct thresholds *t, const char *spec, bool critical,
		     char *err, size_t errlen);

/* 0 OK, 1 WARNING, 2 CRITICAL for the values, indexed by enum th_label. */
int thresholds_status(const struct thresholds *t,
		      const double values[TH_LABEL_COUNT]);

/* "missing", "conflicting", "extra", "compliant", "read_time" */
const char *th_label_name(enum th_label l);

#endif
