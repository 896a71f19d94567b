/*
 * test_netsh.c — unit tests of the netsh reader's parsers, linked with the
 * core's model builder: probing, decoding, port and address lists, the
 * registry syntax, and what several read_data calls into one ruleset do
 * (the last profile settings win, a failed read leaves the model as it
 * was). The fixture runner covers whole exports through the binary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwdrift/reader.h>

#include "../../plugins/netsh/netsh.h"
#include "ruleset.h"

static int failures, checks;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		checks++;                                                 \
		if (!(cond)) {                                            \
			failures++;                                       \
			fprintf(stderr, "%s:%d: FAIL %s: ", __FILE__,     \
				__LINE__, #cond);                         \
			fprintf(stderr, __VA_ARGS__);                     \
			fputc('\n', stderr);                              \
		}                                                         \
	} while (0)

static const struct fwd_reader *R;

static int rd(struct fwd_ruleset *rs, const char *name, const char *data,
	      size_t len, struct fwd_error *err)
{
	fwd_error_clear(err);
	return R->read_data(rs, name, data, len, NULL, err);
}

static int rds(struct fwd_ruleset *rs, const char *name, const char *text,
	       struct fwd_error *err)
{
	return rd(rs, name, text, strlen(text), err);
}

/* netsh text of one inbound TCP rule. */
static char *rule_text(char *buf, size_t len, const char *name,
		       const char *action, const char *profiles,
		       const char *port)
{
	snprintf(buf, len,
		 "\nRule Name:    %s\n-------------------------------\n"
		 "Enabled:      Yes\nDirection:    In\nProfiles:     %s\n"
		 "Grouping:\nLocalIP:      Any\nRemoteIP:     Any\n"
		 "Protocol:     TCP\nLocalPort:    %s\nRemotePort:   Any\n"
		 "Edge traversal: No\nAction:       %s\n\nOk.\n",
		 name, profiles, port, action);
	return buf;
}

static const char *profiles_text(const char *domain_state,
				 const char *public_policy)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf),
		 "\nDomain Profile Settings:\n------------------------\n"
		 "State                 %s\n"
		 "Firewall Policy       BlockInbound,AllowOutbound\n\n"
		 "Private Profile Settings:\n------------------------\n"
		 "State                 ON\n"
		 "Firewall Policy       BlockInbound,AllowOutbound\n\n"
		 "Public Profile Settings:\n------------------------\n"
		 "State                 ON\n"
		 "Firewall Policy       %s\nOk.\n",
		 domain_state, public_policy);
	return buf;
}

static struct fwd_chain *chain(struct fwd_ruleset *rs, const char *view,
			       const char *name)
{
	struct fwd_view *v = fwd_view_get(rs, view);

	return fwd_chain_get(rs, v, "netsh", view, name, FWD_FAM_ALL);
}

static bool has_note(struct fwd_ruleset *rs, const char *needle)
{
	uint32_t i;

	for (i = 0; i < rs->n_notes; i++)
		if (strstr(rs->notes[i].text, needle))
			return true;
	return false;
}

static void test_probe(void)
{
	static const char utf16[] = "\xff\xfeR\0u\0l\0e\0 \0N\0a\0m\0e\0:\0 \0x\0";
	char buf[1024];

	rule_text(buf, sizeof(buf), "x", "Allow", "Domain", "80");
	CHECK(R->probe_data(buf, strlen(buf)) == 100, "show rule");
	CHECK(R->probe_data(utf16, sizeof(utf16) - 1) == 100, "utf-16");
	{
		const char *prof = profiles_text("ON", "BlockInbound,AllowOutbound");
		static const char reg[] =
			"Windows Registry Editor Version 5.00\r\n\r\n"
			"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\"
			"Services\\SharedAccess\\Parameters\\FirewallPolicy]\r\n";

		CHECK(R->probe_data(prof, strlen(prof)) == 100, "allprofiles");
		CHECK(R->probe_data(reg, sizeof(reg) - 1) == 100, "reg export");
	}
	CHECK(R->probe_data("Regelname:   x\n----------------\n", 32) >= 50,
	      "German netsh text is ours, to refuse it well");
	CHECK(R->probe_data("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", 34) == 0,
	      "iptables-save");
	CHECK(R->probe_data("{\"nftables\": []}", 16) == 0, "nft -j");
	CHECK(R->probe_data("\x7f" "ELF\x02\x01", 6) == 0, "binary");
}

static void test_ports(void)
{
	static const struct {
		const char *in;
		int rc;
		unsigned n;     /* ranges */
		unsigned lo, hi; /* first range */
		unsigned opaque;
	} t[] = {
		{ "Any", 0, 0, 0, 0, 0 },
		{ "80", 0, 1, 80, 80, 0 },
		{ " 80 , 443 ", 0, 2, 80, 80, 0 },
		{ "5000-5010", 0, 1, 5000, 5010, 0 },
		{ "0", 0, 1, 0, 0, 0 },
		{ "65535", 0, 1, 65535, 65535, 0 },
		{ "RPC", 0, 1, 49152, 65535, 1 },
		{ "RPC-EPMap", 0, 1, 135, 135, 0 },
		{ "IPHTTPS", 0, 1, 443, 443, 0 },
		{ "Teredo", 0, 1, 3544, 3544, 0 },
		{ "PlayToDiscovery", 0, 0, 0, 0, 1 },
		{ "PlayToDiscovery,80", 0, 0, 0, 0, 1 },
		{ "70000", FWD_EINVAL, 0, 0, 0, 0 },
		{ "65536", FWD_EINVAL, 0, 0, 0, 0 },
		{ "5-3", FWD_EINVAL, 0, 0, 0, 0 },
		{ "80,", FWD_EINVAL, 0, 0, 0, 0 },
		{ "-5", FWD_EINVAL, 0, 0, 0, 0 },
		{ "80-", FWD_EINVAL, 0, 0, 0, 0 },
		{ "8o", FWD_EINVAL, 0, 0, 0, 0 },
	};
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct nsh_parse p;
	size_t i;

	nsh_parse_init(&p, rs, "t");
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct nsh_rule *r = nsh_rule_new(&p);
		char why[256] = "";
		int rc = nsh_ports_parse(&p, r, &r->lport, "LocalPort", t[i].in,
					 why, sizeof(why));

		CHECK(rc == t[i].rc, "'%s': rc %d (%s)", t[i].in, rc, why);
		if (rc)
			continue;
		CHECK(r->lport.n == t[i].n, "'%s': %u ranges", t[i].in,
		      r->lport.n);
		if (t[i].n && r->lport.n)
			CHECK(r->lport.ranges[0].lo == t[i].lo &&
			      r->lport.ranges[0].hi == t[i].hi, "'%s': %u-%u",
			      t[i].in, r->lport.ranges[0].lo,
			      r->lport.ranges[0].hi);
		CHECK(r->n_opaque == t[i].opaque, "'%s': %u opaque", t[i].in,
		      r->n_opaque);
	}
	nsh_parse_free(&p);
	fwd_ruleset_free(rs);
}

static void test_addrs(void)
{
	static const struct {
		const char *in;
		int rc;
		unsigned n, opaque;
	} t[] = {
		{ "Any", 0, 0, 0 },
		{ "10.0.0.0/8", 0, 1, 0 },
		{ "10.0.0.0/255.0.0.0", 0, 1, 0 },
		{ "192.168.1.5/32,fe80::/64", 0, 2, 0 },
		{ "10.0.0.0-10.0.0.255", 0, 1, 0 },
		{ "10.0.0.1-10.0.0.9", 0, 4, 0 }, /* .1 .2/31 .4/30 .8/31 */
		{ "LocalSubnet", 0, 0, 1 },
		{ "LocalSubnet,10.0.0.5", 0, 0, 1 },
		{ "DNS,DHCP", 0, 0, 1 },
		{ "10.0.0.9-10.0.0.1", FWD_EINVAL, 0, 0 },
		{ "10.0.0.1-fe80::1", FWD_EINVAL, 0, 0 },
		{ "10.0.0.300", FWD_EINVAL, 0, 0 },
		{ "10.0.0.0/33", FWD_EINVAL, 0, 0 },
		{ "10.0.0.1,", FWD_EINVAL, 0, 0 },
	};
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct nsh_parse p;
	size_t i;

	nsh_parse_init(&p, rs, "t");
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct nsh_rule *r = nsh_rule_new(&p);
		char why[256] = "";
		int rc = nsh_addrs_parse(&p, r, &r->raddr, "RemoteIP", t[i].in,
					 why, sizeof(why));

		CHECK(rc == t[i].rc, "'%s': rc %d (%s)", t[i].in, rc, why);
		if (rc)
			continue;
		CHECK(r->raddr.n == t[i].n, "'%s': %u prefixes", t[i].in,
		      r->raddr.n);
		CHECK(r->n_opaque == t[i].opaque, "'%s': %u opaque", t[i].in,
		      r->n_opaque);
	}
	nsh_parse_free(&p);
	fwd_ruleset_free(rs);
}

/* Rules first, then profile settings, then other settings: last wins. */
static void test_settings_after_rules(void)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_error err;
	struct fwd_chain *din, *pin;
	char buf[1024];

	CHECK(rds(rs, "rules.txt", rule_text(buf, sizeof(buf), "web",
					     "Allow", "Domain,Public", "443"),
		  &err) == 0, "%s", err.text);
	din = chain(rs, "domain", "inbound");
	pin = chain(rs, "public", "inbound");
	CHECK(din->base && din->policy == FWD_VERDICT_DROP, "default policy");
	CHECK(din->n_rules == 1 && !din->rules[0]->inactive, "rule active");
	CHECK(has_note(rs, "assumed the Windows defaults"), "warning note");

	CHECK(rds(rs, "profiles.txt", profiles_text("OFF",
			"BlockInboundAlways,AllowOutbound"), &err) == 0,
	      "%s", err.text);
	CHECK(!fwd_view_get(rs, "domain")->enabled, "domain off");
	CHECK(din->policy == FWD_VERDICT_ACCEPT, "off: accept");
	CHECK(din->rules[0]->inactive &&
	      !strcmp(din->rules[0]->inactive, "firewall off in profile Domain"),
	      "%s", din->rules[0]->inactive);
	CHECK(pin->rules[0]->inactive &&
	      !strcmp(pin->rules[0]->inactive,
		      "BlockInboundAlways in profile Public"), "%s",
	      pin->rules[0]->inactive);
	CHECK(has_note(rs, "replace the defaults assumed before"), "info");

	CHECK(rds(rs, "profiles2.txt", profiles_text("ON",
			"BlockInbound,AllowOutbound"), &err) == 0, "%s",
	      err.text);
	CHECK(fwd_view_get(rs, "domain")->enabled, "domain on again");
	CHECK(din->policy == FWD_VERDICT_DROP, "on: drop");
	CHECK(!din->rules[0]->inactive && !pin->rules[0]->inactive,
	      "reasons from settings cleared");
	CHECK(fwd_ruleset_view_count(rs) == 3, "three views");
	fwd_ruleset_free(rs);
}

/* Settings first, then rules from two files: reasons and Windows order. */
static void test_rules_after_settings(void)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_error err;
	struct fwd_chain *pin, *prv;
	char buf[1024];

	CHECK(rds(rs, "profiles.txt", profiles_text("ON",
			"BlockInboundAlways,AllowOutbound"), &err) == 0,
	      "%s", err.text);
	CHECK(!has_note(rs, "assumed"), "no assumption");
	CHECK(rds(rs, "a.txt", rule_text(buf, sizeof(buf), "allow web",
					 "Allow", "Domain,Private,Public",
					 "443"), &err) == 0, "%s", err.text);
	CHECK(rds(rs, "b.txt", rule_text(buf, sizeof(buf), "block web",
					 "Block", "Private", "443"), &err) == 0,
	      "%s", err.text);
	pin = chain(rs, "public", "inbound");
	prv = chain(rs, "private", "inbound");
	CHECK(pin->n_rules == 2, "%u rules", pin->n_rules);
	CHECK(!strcmp(pin->rules[0]->comment, "block web") &&
	      !strcmp(pin->rules[1]->comment, "allow web"), "block first");
	CHECK(pin->rules[0]->inactive &&
	      !strcmp(pin->rules[0]->inactive, "profile Private only"), "%s",
	      pin->rules[0]->inactive);
	CHECK(pin->rules[1]->inactive && strstr(pin->rules[1]->inactive,
						"BlockInboundAlways"), "always");
	CHECK(prv->rules[0]->verdict == FWD_VERDICT_DROP &&
	      !prv->rules[0]->inactive, "private block active");
	CHECK(!strcmp(prv->rules[0]->where, "b.txt:2"), "%s",
	      prv->rules[0]->where);
	fwd_ruleset_free(rs);
}

/* A bad file fails with file:line and leaves the ruleset as it was. */
static void test_failed_read(void)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_error err;
	char buf[1024];
	uint32_t notes;

	CHECK(rds(rs, "good.txt", rule_text(buf, sizeof(buf), "web", "Allow",
					    "Domain", "443"), &err) == 0, "%s",
	      err.text);
	notes = rs->n_notes;
	CHECK(rds(rs, "bad.txt", rule_text(buf, sizeof(buf), "web2", "Allow",
					   "Domain", "443,70000"), &err) ==
	      FWD_EINVAL, "bad port");
	CHECK(err.line == 11 && !strcmp(err.source, "bad.txt"), "%s:%d",
	      err.source, err.line);
	CHECK(strstr(err.text, "70000") != NULL, "%s", err.text);
	CHECK(chain(rs, "domain", "inbound")->n_rules == 1, "unchanged");
	CHECK(rs->n_notes == notes, "no notes from the failed read");
	fwd_ruleset_free(rs);
}

static void test_decode(void)
{
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_error err;
	struct fwd_chain *din;
	char buf[1024], u16[2200];
	size_t i, n;

	/* UTF-16LE without BOM, UTF-16BE with BOM. */
	rule_text(buf, sizeof(buf), "web", "Allow", "Domain", "443");
	for (i = n = 0; buf[i]; i++) {
		u16[n++] = buf[i];
		u16[n++] = 0;
	}
	CHECK(rd(rs, "le.txt", u16, n, &err) == 0, "%s", err.text);
	u16[0] = '\xfe';
	u16[1] = '\xff';
	for (i = 0, n = 2; buf[i]; i++) {
		u16[n++] = 0;
		u16[n++] = buf[i];
	}
	CHECK(rd(rs, "be.txt", u16, n, &err) == 0, "%s", err.text);
	/* A lone surrogate, on line 2. */
	memcpy(u16, "\xff\xfex\0\n\0\x00\xd8y\0", 10);
	CHECK(rd(rs, "sur.txt", u16, 10, &err) == FWD_EINVAL && err.line == 2,
	      "%d %s", err.line, err.text);
	/* Windows-1252 text (cmd.exe redirection). */
	rule_text(buf, sizeof(buf), "R\xe8gle web", "Allow", "Domain", "443");
	CHECK(rds(rs, "ansi.txt", buf, &err) == 0, "%s", err.text);
	CHECK(has_note(rs, "read as Windows-1252"), "legacy note");
	din = chain(rs, "domain", "inbound");
	CHECK(din->n_rules == 3 &&
	      !strcmp(din->rules[2]->comment, "R\xc3\xa8gle web"), "%s",
	      din->rules[din->n_rules - 1]->comment);
	/* NUL inside UTF-8 text. */
	CHECK(rd(rs, "nul.txt", "Rule Name: x\n\0\n", 15, &err) == FWD_EINVAL &&
	      err.line == 2, "%d %s", err.line, err.text);
	fwd_ruleset_free(rs);
}

static void test_registry(void)
{
	static const char reg[] =
		"Windows Registry Editor Version 5.00\r\n\r\n"
		"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
		"SharedAccess\\Parameters\\FirewallPolicy\\DomainProfile]\r\n"
		"\"EnableFirewall\"=dword:00000001\r\n\r\n"
		"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\"
		"WindowsFirewall\\DomainProfile]\r\n"
		"\"EnableFirewall\"=dword:00000000\r\n\r\n"
		"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
		"SharedAccess\\Parameters\\FirewallPolicy\\RestrictedServices\\"
		"AppIso\\FirewallRules]\r\n"
		"\"x\"=\"v2.30|Action=Block|Active=TRUE|Dir=In|\"\r\n\r\n"
		"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
		"SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules]\r\n"
		"\"{A}\"=\"v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=17|\\\r\n"
		"  LPort=10000|Name=Say \\\"hi\\\"|App=C:\\\\x.exe|\"\r\n"
		"\"{B}\"=\"v2.30|Action=Allow|Active=TRUE|Dir=Out|Protocol=58|"
		"ICMP6=128:*|Name=@FirewallAPI.dll,-1|\"\r\n";
	struct fwd_ruleset *rs = fwd_ruleset_new();
	struct fwd_error err;
	struct fwd_chain *din, *dout;

	CHECK(rds(rs, "fw.reg", reg, &err) == 0, "%s", err.text);
	din = chain(rs, "domain", "inbound");
	dout = chain(rs, "domain", "outbound");
	CHECK(!fwd_view_get(rs, "domain")->enabled, "GPO EnableFirewall=0 wins");
	CHECK(has_note(rs, "Group Policy"), "GPO note");
	CHECK(din->n_rules == 1, "AppIso rules skipped: %u", din->n_rules);
	CHECK(din->rules[0]->comment && !strcmp(din->rules[0]->comment,
						"Say \"hi\""), "%s",
	      din->rules[0]->comment);
	CHECK(!strcmp(din->rules[0]->where, "fw.reg:13"), "%s",
	      din->rules[0]->where);
	CHECK(din->rules[0]->n_opaque == 1 &&
	      !strcmp(din->rules[0]->opaque[0], "Program C:\\x.exe"), "%s",
	      din->rules[0]->n_opaque ? din->rules[0]->opaque[0] : "-");
	CHECK(fwd_view_get(rs, "private")->enabled, "private: local key absent");
	CHECK(dout->n_rules == 1 && dout->rules[0]->families == FWD_FAM_IPV6,
	      "ICMPv6 rule is IPv6 only");
	CHECK(!strcmp(dout->rules[0]->comment, "{B}"), "indirect name: id, not %s", dout->rules[0]->comment);
	fwd_ruleset_free(rs);
}

int main(void)
{
	R = fwd_reader_entry();
	CHECK(R && R->abi == FWD_READER_ABI && !strcmp(R->name, "netsh") &&
	      !R->read_live && !R->probe_live, "descriptor");
	test_probe();
	test_ports();
	test_addrs();
	test_settings_after_rules();
	test_rules_after_settings();
	test_failed_read();
	test_decode();
	test_registry();
	printf("netsh unit: %d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
