/*
 * live.c — read the running legacy iptables and ip6tables.
 *
 * Only tables that /proc/net/ip_tables_names (ip6_tables_names) lists
 * are opened: asking the kernel for any other table would make it load
 * that table, changing the firewall we are auditing. A family whose names
 * file exists was read, even with no table in it (then nothing filters
 * it); a family without the file (module not loaded) is left unread, with
 * a note. Handles are only read and freed, never committed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "iptables.h"
#include "live.h"

static const char *const names_path[FWD_FAMILY_COUNT] = {
	"/proc/net/ip_tables_names", "/proc/net/ip6_tables_names"
};

/*
 * The tables the names file lists, as a bit per ipt_tables index;
 * *unknown counts lines we do not know. -errno when the file cannot be
 * read.
 */
static int listed_tables(enum fwd_family fam, unsigned *unknown)
{
	FILE *f = fopen(names_path[fam], "re");
	char line[64];
	int bits = 0;

	*unknown = 0;
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		int ti;

		line[strcspn(line, "\r\n")] = '\0';
		if (!*line)
			continue;
		if ((ti = ipt_table_index(line)) >= 0)
			bits |= 1 << ti;
		else
			(*unknown)++;
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		return -(e ? e : EIO);
	}
	fclose(f);
	return bits;
}

static int no_privilege(struct fwd_error *err, const char *source)
{
	return fwd_error_set(err, FWD_EPERM, source, 0, 0,
			     "reading iptables needs CAP_NET_ADMIN (and CAP_NET_RAW for its socket; run as root); "
			     "--input FILE with an iptables-save export works without privilege");
}

int live_init_error(struct live_ctx *c, int errnum, const char *why)
{
	const char *source = c->fam == FWD_IPV6 ? "ip6tables (live)"
						: "iptables (live)";

	if (errnum == EPERM || errnum == EACCES)
		return no_privilege(c->err, source);
	return fwd_error_set(c->err, FWD_EIO, source, 0, 0,
			     "cannot read table %s: %s", c->table,
			     why ? why : strerror(errnum));
}

#define TABLE_TRIES 10

/*
 * One table, whole. libiptc takes the layout (IPT_SO_GET_INFO: entry
 * offsets of the built-in chains, size) and then the entries in a second
 * call; the kernel refuses the second call when the size changed, but a
 * table replaced in between by one of the same size and another layout
 * is parsed with the old offsets: rules fall into the wrong chains, and
 * the model shows a ruleset that never existed. So the layout is taken
 * before and after the walk; when it moved, the walk is taken back and
 * tried again, up to TABLE_TRIES times. (Two replacements that restore
 * the first layout within one walk are not seen.)
 */
static int read_table(struct live_ctx *c)
{
	struct live_info before, after;
	unsigned noted = c->noted;
	bool ext_noted = c->missing_ext_noted;
	int tries, rc = 0;

	for (tries = 0; tries < TABLE_TRIES; tries++) {
		struct fwd_mark *m = fwd_ruleset_mark(c->rs);
		int b, a;

		c->noted = noted;
		c->missing_ext_noted = ext_noted;
		if (!m)
			return FWD_ENOMEM;
		b = c->fam == FWD_IPV6 ? live6_info(c->table, &before)
				       : live4_info(c->table, &before);
		rc = c->fam == FWD_IPV6 ? live6_table(c) : live4_table(c);
		if (rc == FWD_ENOMEM || rc == FWD_EPERM || rc == FWD_ETIMEDOUT)
			return rc;
		a = c->fam == FWD_IPV6 ? live6_info(c->table, &after)
				       : live4_info(c->table, &after);
		if (b || a || !memcmp(&before, &after, sizeof(before)))
			return rc; /* no layout to compare, or it held */
		fwd_error_clear(c->err);
		if ((rc = fwd_ruleset_rollback(c->rs, m)))
			return rc;
	}
	return fwd_error_set(c->err, FWD_ECHANGED, c->tool, 0, 0,
			     "table %s changed during each of %d reads; try "
			     "again when no one is changing it", c->table,
			     tries);
}

static int read_family(struct fwd_ruleset *rs, struct fwd_view *view,
		       enum fwd_family fam, double deadline,
		       struct fwd_error *err)
{
	const char *tool = fam == FWD_IPV6 ? "ip6tables" : "iptables";
	struct live_ctx c;
	char list[128] = "";
	unsigned unknown;
	int bits = listed_tables(fam, &unknown), ti, rc;

	if (bits == -ENOENT) {
		fwd_ruleset_note(rs, FWD_NOTE_WARNING,
				 "%s does not exist (the %s kernel module is not loaded): legacy %s rules were not read",
				 names_path[fam],
				 fam == FWD_IPV6 ? "ip6_tables" : "ip_tables", tool);
		return 0;
	}
	if (bits == -EACCES || bits == -EPERM)
		return no_privilege(err, names_path[fam]);
	if (bits < 0)
		return fwd_error_set(err, FWD_EIO, names_path[fam], 0, 0, "%s",
				     strerror(-bits));
	memset(&c, 0, sizeof(c));
	c.rs = rs;
	c.view = view;
	c.fam = fam;
	c.backend = fam == FWD_IPV6 ? IPT_BACKEND_V6 : IPT_BACKEND_V4;
	c.tool = tool;
	c.err = err;
	c.deadline = deadline;
	for (rc = 0, ti = 0; ti < IPT_TABLE_COUNT && !rc; ti++) {
		if (!(bits & (1 << ti)))
			continue;
		c.table = ipt_tables[ti];
		if ((rc = read_table(&c)))
			break;
		if (*list)
			strcat(list, ",");
		strcat(list, c.table);
	}
	xtp_stream_close(&c.text);
	if (rc == FWD_ENOMEM)
		return fwd_error_set(err, rc, tool, 0, 0, "out of memory");
	if (rc)
		return rc;
	if (unknown)
		fwd_ruleset_note(rs, FWD_NOTE_WARNING,
				 "%s lists %u table(s) this reader does not know; they were not read",
				 names_path[fam], unknown);
	fwd_view_mark_read(view, FWD_FAM_BIT(fam));
	fwd_ruleset_add_source(rs, "%s live: %s %s", tool,
			       fwd_family_name(fam), *list ? list : "(no tables)");
	return 0;
}

int ipt_live_read(struct fwd_ruleset *rs, const struct fwd_read_opts *opts,
		  struct fwd_error *err)
{
	struct fwd_view *view = fwd_view_get(rs, "host");
	int rc;

	double deadline = opts ? opts->deadline : 0;

	if (!view)
		return fwd_error_set(err, FWD_ENOMEM, "iptables (live)", 0, 0,
				     "out of memory");
	if ((rc = read_family(rs, view, FWD_IPV4, deadline, err)))
		return rc;
	return read_family(rs, view, FWD_IPV6, deadline, err);
}

int ipt_live_probe(void)
{
	int fam;

	for (fam = 0; fam < FWD_FAMILY_COUNT; fam++) {
		unsigned unknown;
		int bits = listed_tables((enum fwd_family)fam, &unknown);

		/* Unreadable without privilege: say yes, so that reading
		 * explains what is missing instead of silently skipping. */
		if (bits > 0 || unknown > 0 || bits == -EACCES || bits == -EPERM)
			return 1;
	}
	return 0;
}
