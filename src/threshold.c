/*
 * threshold.c — the monitoring-plugins range syntax, without the habits
 * of the old parse_range_string (which die()s and leaks): every input
 * gives 0 or a message. Numbers are plain decimals (an optional sign,
 * digits, an optional fraction); "~" is minus infinity; an empty end is
 * plus infinity.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "threshold.h"

static const char *const label_names[TH_LABEL_COUNT] = {
	"missing", "conflicting", "extra", "compliant", "read_time",
};

const char *th_label_name(enum th_label l)
{
	return (unsigned)l < TH_LABEL_COUNT ? label_names[l] : "?";
}

/* A decimal number filling exactly [s, s+len). */
static int parse_number(const char *s, size_t len, double *out)
{
	char buf[TH_TEXT_LEN];
	size_t i = 0, digits = 0;
	char *end;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[i] == '-' || buf[i] == '+')
		i++;
	while (isdigit((unsigned char)buf[i])) {
		i++;
		digits++;
	}
	if (buf[i] == '.') {
		i++;
		while (isdigit((unsigned char)buf[i])) {
			i++;
			digits++;
		}
	}
	if (buf[i] || !digits)
		return -1;
	*out = strtod(buf, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

int th_range_parse(const char *text, struct th_range *r, char *err,
		   size_t errlen)
{
	const char *p = text, *colon;
	size_t len = strlen(text);

	memset(r, 0, sizeof(*r));
	if (!len) {
		snprintf(err, errlen, "empty range (expected N, N:, ~:N, "
			 "N:M or @N:M)");
		return -1;
	}
	if (len >= sizeof(r->text)) {
		snprintf(err, errlen, "range '%.20s...' is too long (at most "
			 "%d characters)", text, TH_TEXT_LEN - 1);
		return -1;
	}
	memcpy(r->text, text, len + 1);
	if (*p == '@') {
		r->inside = true;
		p++;
	}
	colon = strchr(p, ':');
	if (!colon) {
		/* "N": alert outside 0..N */
		if (parse_number(p, strlen(p), &r->end))
			goto bad;
		r->start = 0;
	} else {
		size_t slen = (size_t)(colon - p);
		const char *e = colon + 1;

		if (slen == 1 && *p == '~')
			r->start_inf = true;
		else if (parse_number(p, slen, &r->start))
			goto bad;
		if (!*e)
			r->end_inf = true;
		else if (parse_number(e, strlen(e), &r->end))
			goto bad;
	}
	if (!r->start_inf && !r->end_inf && r->start > r->end) {
		snprintf(err, errlen, "bad range '%s': start is greater than "
			 "end", text);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "bad range '%s' (expected N, N:, ~:N, N:M or "
		 "@N:M with decimal numbers)", text);
	return -1;
}

bool th_range_alerts(const struct th_range *r, double v)
{
	bool within = (r->start_inf || v >= r->start) &&
		      (r->end_inf || v <= r->end);

	return r->inside ? within : !within;
}

static int find_label(const char *s, size_t len)
{
	for (int i = 0; i < TH_LABEL_COUNT; i++)
		if (strlen(label_names[i]) == len &&
		    !strncmp(label_names[i], s, len))
			return i;
	return -1;
}

int thresholds_parse(struct thresholds *t, const char *spec, bool critical,
		     char *err, size_t errlen)
{
	const char *p = spec;
	const char opt = critical ? 'c' : 'w';

	if (!*spec) {
		snprintf(err, errlen, "-%c needs LABEL=RANGE (labels: missing, "
			 "conflicting, extra, compliant, read_time)", opt);
		return -1;
	}
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		char range[TH_TEXT_LEN + 1];
		struct th_range r;
		char rerr[160];
		int label;

		if (!eq) {
			snprintf(err, errlen, "-%c '%.*s': expected LABEL=RANGE "
				 "(labels: missing, conflicting, extra, "
				 "compliant, read_time)", opt,
				 (int)(len > 60 ? 60 : len), p);
			return -1;
		}
		label = find_label(p, (size_t)(eq - p));
		if (label < 0) {
			snprintf(err, errlen, "-%c: unknown label '%.*s' "
				 "(expected missing, conflicting, extra, "
				 "compliant or read_time)", opt,
				 (int)((size_t)(eq - p) > 60 ? 60 : eq - p), p);
			return -1;
		}
		len -= (size_t)(eq + 1 - p);
		if (len > TH_TEXT_LEN) {
			snprintf(err, errlen, "-%c %s: range is too long (at "
				 "most %d characters)", opt, label_names[label],
				 TH_TEXT_LEN - 1);
			return -1;
		}
		memcpy(range, eq + 1, len);
		range[len] = '\0';
		if (th_range_parse(range, &r, rerr, sizeof(rerr))) {
			snprintf(err, errlen, "-%c %s: %s", opt,
				 label_names[label], rerr);
			return -1;
		}
		if ((critical ? t->has_crit : t->has_warn)[label]) {
			snprintf(err, errlen, "-%c: '%s' given twice", opt,
				 label_names[label]);
			return -1;
		}
		(critical ? t->crit : t->warn)[label] = r;
		(critical ? t->has_crit : t->has_warn)[label] = true;
		t->any = true;
		if (!comma)
			break;
		p = comma + 1;
		if (!*p) {
			snprintf(err, errlen, "-%c '%s': trailing comma", opt,
				 spec);
			return -1;
		}
	}
	return 0;
}

int thresholds_status(const struct thresholds *t,
		      const double values[TH_LABEL_COUNT])
{
	int status = 0;

	for (int i = 0; i < TH_LABEL_COUNT; i++) {
		if (t->has_crit[i] && th_range_alerts(&t->crit[i], values[i]))
			return 2;
		if (t->has_warn[i] && th_range_alerts(&t->warn[i], values[i]))
			status = 1;
	}
	return status;
}
