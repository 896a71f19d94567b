/*
 * ipt_reader_test.c — drive the built iptables reader module the way the
 * core does (dlopen, ABI check, read_data / read_live) and print the model
 * it built in a stable text form of our own, for golden files and for the
 * namespace tests' live-versus-file comparison.
 *
 *   ipt-reader-test MODULE dump FILE...   parse files into one ruleset
 *   ipt-reader-test MODULE live           read the running kernel
 *   ipt-reader-test MODULE probe FILE     print probe_data's score
 *   ipt-reader-test MODULE probe-live     print probe_live's answer
 *
 * --no-where (before the mode) leaves origins out, so that a live dump
 * and a file dump of the same rules compare equal. --deadline-passed
 * reads with a time limit already past (the reader must give up). Exit 3 with the error
 * as "file:line:col: text" on stderr when a read fails, like fwdrift.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <fwdrift/reader.h>

static int no_where;

static void put_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

static void put_ports(const char *key, const struct fwd_port_match *m)
{
	uint32_t i;

	if (!m->n)
		return;
	printf(" %s%s=", key, m->negate ? "!" : "");
	for (i = 0; i < m->n; i++) {
		if (m->ranges[i].lo == m->ranges[i].hi)
			printf("%s%u", i ? "," : "", m->ranges[i].lo);
		else
			printf("%s%u-%u", i ? "," : "", m->ranges[i].lo,
			       m->ranges[i].hi);
	}
}

static void put_addrs(const char *key, const struct fwd_addr_match *m)
{
	uint32_t i;
	char buf[INET6_ADDRSTRLEN];

	if (!m->n)
		return;
	printf(" %s%s=", key, m->negate ? "!" : "");
	for (i = 0; i < m->n; i++) {
		const struct fwd_prefix *p = &m->prefixes[i];

		inet_ntop(p->family == FWD_IPV6 ? AF_INET6 : AF_INET, p->addr,
			  buf, sizeof(buf));
		printf("%s%s/%u", i ? "," : "", buf, p->len);
	}
}

static void put_ifaces(const char *key, const struct fwd_iface_match *m)
{
	uint32_t i;

	if (!m->n)
		return;
	printf(" %s%s=", key, m->negate ? "!" : "");
	for (i = 0; i < m->n; i++)
		printf("%s%s", i ? "," : "", m->names[i]);
}

static void put_ct(const struct fwd_ct_match *ct)
{
	static const char *const names[] = { "new", "established", "related",
					     "invalid", "untracked" };
	unsigned i, first = 1;

	if (!ct->states)
		return;
	printf(" ct%s=", ct->negate ? "!" : "");
	for (i = 0; i < 5; i++)
		if (ct->states & (1u << i)) {
			printf("%s%s", first ? "" : ",", names[i]);
			first = 0;
		}
}

static void put_addrtype(const char *name, const struct fwd_addrtype_match *m)
{
	static const char *const names[] = { "unspec", "unicast", "local",
					     "broadcast", "anycast", "multicast" };
	unsigned i, first = 1;

	if (!m->types)
		return;
	printf(" %s%s=", name, m->negate ? "!" : "");
	for (i = 0; i < 16; i++)
		if (m->types & (1u << i)) {
			if (i < 6)
				printf("%s%s", first ? "" : ",", names[i]);
			else
				printf("%s%u", first ? "" : ",", i);
			first = 0;
		}
}

static const char *fams(unsigned f)
{
	return f == FWD_FAM_ALL ? "ipv4,ipv6" : f == FWD_FAM_IPV6 ? "ipv6"
					   : f == FWD_FAM_IPV4 ? "ipv4" : "none";
}

static void dump_rule(const struct fwd_rule *r, uint32_t n)
{
	uint32_t i;

	printf("    #%u %s", n, fwd_verdict_name(r->verdict));
	if (r->target)
		printf(" %s", r->target);
	if (r->proto.n) {
		printf(" proto%s=", r->proto.negate ? "!" : "");
		for (i = 0; i < r->proto.n; i++)
			printf("%s%u", i ? "," : "", r->proto.protos[i]);
	}
	put_ports("dport", &r->dport);
	put_ports("sport", &r->sport);
	put_addrs("saddr", &r->saddr);
	put_addrs("daddr", &r->daddr);
	put_ifaces("iif", &r->iif);
	put_ifaces("oif", &r->oif);
	put_ct(&r->ct);
	put_addrtype("stype", &r->stype);
	put_addrtype("dtype", &r->dtype);
	if (r->ctstatus.mask)
		printf(" ctstatus&0x%x%s=0x%x", r->ctstatus.mask,
		       r->ctstatus.negate ? "!" : "", r->ctstatus.value);
	if (r->rpf)
		printf(" rpf=%s", r->rpf == FWD_RPF_PASS ? "pass" : "fail");
	for (i = 0; i < r->n_opaque; i++) {
		printf(" opaque=");
		put_str(r->opaque[i]);
	}
	if (r->comment) {
		printf(" comment=");
		put_str(r->comment);
	}
	if (r->families != r->chain->families)
		printf(" families=%s", fams(r->families));
	putchar('\n');
	if (!no_where)
		printf("      where %s\n", r->where ? r->where : "(none)");
	printf("      text %s\n", r->text ? r->text : "(none)");
}

static void dump(struct fwd_ruleset *rs)
{
	uint32_t v, c, r;

	for (v = 0; v < fwd_ruleset_view_count(rs); v++) {
		const struct fwd_view *view = fwd_ruleset_view(rs, v);

		printf("view %s read=%s\n", view->name,
		       fams(view->families_read));
		for (c = 0; c < view->n_chains; c++) {
			const struct fwd_chain *ch = view->chains[c];

			printf("  chain %s %s %s %s", ch->backend, ch->table,
			       ch->name, fams(ch->families));
			if (ch->base)
				printf(" hook=%s prio=%d policy=%s",
				       fwd_hook_name(ch->hook), ch->priority,
				       fwd_verdict_name(ch->policy));
			if (!no_where)
				printf(" where=%s", ch->where ? ch->where : "(none)");
			putchar('\n');
			for (r = 0; r < ch->n_rules; r++)
				dump_rule(ch->rules[r], r + 1);
		}
	}
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = (n + 4096 + 1) * 2);

			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int fail(const struct fwd_error *err)
{
	char msg[FWD_ERROR_SOURCE_LEN + FWD_ERROR_TEXT_LEN + 64];

	fprintf(stderr, "%s\n", fwd_error_format(err, msg, sizeof(msg)));
	return 3;
}

int main(int argc, char **argv)
{
	const struct fwd_reader *rd;
	fwd_reader_entry_fn entry;
	struct fwd_ruleset *rs;
	struct fwd_error err = { 0 };
	struct fwd_read_opts opts = { 0, 0 };
	const char *mode;
	void *h;
	int i = 2, rc = 0, first;

	if (argc < 3) {
		fprintf(stderr, "usage: %s MODULE [--no-where] MODE [ARGS]\n",
			argv[0]);
		return 2;
	}
	if (!(h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL))) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return 2;
	}
	*(void **)&entry = dlsym(h, FWD_READER_ENTRY_SYMBOL);
	if (!entry || !(rd = entry()) || rd->abi != FWD_READER_ABI ||
	    strcmp(rd->name, "iptables")) {
		fprintf(stderr, "%s: not an iptables reader of ABI %u\n",
			argv[1], FWD_READER_ABI);
		return 2;
	}
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--no-where"))
			no_where = 1;
		else if (!strcmp(argv[i], "--deadline-passed"))
			opts.deadline = 1.0; /* one second after boot */
		else
			return 2;
	}
	if (i >= argc)
		return 2;
	mode = argv[i++];
	first = i;
	if (!strcmp(mode, "probe-live")) {
		printf("%d\n", rd->probe_live());
		return 0;
	}
	if (!strcmp(mode, "probe")) {
		size_t len;
		char *data = i < argc ? slurp(argv[i], &len) : NULL;

		if (!data)
			return 2;
		printf("%d\n", rd->probe_data(data, len));
		free(data);
		return 0;
	}
	if (!(rs = fwd_ruleset_new()))
		return 2;
	if (!strcmp(mode, "live")) {
		rc = rd->read_live(rs, &opts, &err);
	} else if (!strcmp(mode, "dump")) {
		for (; i < argc && !rc; i++) {
			size_t len;
			char *data = slurp(argv[i], &len);

			if (!data) {
				perror(argv[i]);
				fwd_ruleset_free(rs);
				return 2;
			}
			rc = rd->read_data(rs, argv[i], data, len, &opts, &err);
			free(data);
		}
	} else {
		fwd_ruleset_free(rs);
		return 2;
	}
	if (rc) {
		/* a failed read must leave the ruleset as it was */
		int left = !strcmp(mode, "dump") && argc - first == 1 &&
			   fwd_ruleset_view_count(rs) > 0;

		fwd_ruleset_free(rs);
		rc = fail(&err);
		if (left) {
			fprintf(stderr, "half-built model left behind\n");
			return 4;
		}
		return rc;
	}
	dump(rs);
	fwd_ruleset_free(rs);
	return 0;
}
