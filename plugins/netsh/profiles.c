/*
 * profiles.c — the lines of `netsh advfirewall show allprofiles`.
 *
 * A "Domain Profile Settings:" block says whether the profile's firewall
 * is on and what happens to traffic no rule matches. Only State and
 * Firewall Policy change what passes; the other settings are checked for
 * spelling (an unknown key means an output we do not understand) and
 * otherwise ignored. The block structure itself is parsed in show_rule.c,
 * which sees both outputs interleaved.
 */
#include <stdio.h>
#include <string.h>

#include "netsh.h"

/* Longest first: "Firewall Policy" must not be taken for a shorter key. */
static const char *const known_keys[] = {
	"UnicastResponseToMulticast", "InboundUserNotification",
	"LogAllowedConnections", "LogDroppedConnections",
	"LocalFirewallRules", "LocalConSecRules", "RemoteManagement",
	"Firewall Policy", "MaxFileSize", "FileName", "State",
};

static int parse_state(struct nsh_profile *pr, const char *v, char *why,
		       size_t whylen)
{
	if (nsh_ieq(v, "ON"))
		pr->state = NSH_STATE_ON;
	else if (nsh_ieq(v, "OFF"))
		pr->state = NSH_STATE_OFF;
	else if (nsh_ieq(v, "NotConfigured"))
		pr->state = NSH_STATE_UNSET;
	else {
		snprintf(why, whylen, "State: bad value '%s' (expected ON, OFF "
			 "or NotConfigured)", v);
		return FWD_EINVAL;
	}
	return 0;
}

static int parse_policy(struct nsh_profile *pr, const char *v, char *why,
			size_t whylen)
{
	char in[64], out[64];
	const char *comma = strchr(v, ',');
	size_t n;

	if (nsh_ieq(v, "NotConfigured")) {
		pr->in = NSH_IN_UNSET;
		pr->out = NSH_OUT_UNSET;
		return 0;
	}
	if (!comma || (n = (size_t)(comma - v)) >= sizeof(in) ||
	    strlen(comma + 1) >= sizeof(out))
		goto bad;
	memcpy(in, v, n);
	in[n] = '\0';
	strcpy(out, comma + 1);
	if (nsh_ieq(nsh_trim(in), "BlockInbound"))
		pr->in = NSH_IN_BLOCK;
	else if (nsh_ieq(in, "BlockInboundAlways"))
		pr->in = NSH_IN_BLOCK_ALWAYS;
	else if (nsh_ieq(in, "AllowInbound"))
		pr->in = NSH_IN_ALLOW;
	else if (nsh_ieq(in, "NotConfigured"))
		pr->in = NSH_IN_UNSET;
	else
		goto bad;
	if (nsh_ieq(nsh_trim(out), "AllowOutbound"))
		pr->out = NSH_OUT_ALLOW;
	else if (nsh_ieq(out, "BlockOutbound"))
		pr->out = NSH_OUT_BLOCK;
	else if (nsh_ieq(out, "NotConfigured"))
		pr->out = NSH_OUT_UNSET;
	else
		goto bad;
	return 0;
bad:
	snprintf(why, whylen, "Firewall Policy: bad value '%s' (expected "
		 "BlockInbound|BlockInboundAlways|AllowInbound|NotConfigured,"
		 "AllowOutbound|BlockOutbound|NotConfigured)", v);
	return FWD_EINVAL;
}

int nsh_profile_line(struct nsh_profile *pr, const char *line,
		     char *why, size_t whylen)
{
	char buf[1024], *value;
	size_t i, k;

	for (i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++) {
		k = strlen(known_keys[i]);
		if (strncmp(line, known_keys[i], k) == 0 &&
		    (line[k] == ' ' || line[k] == '\t' || line[k] == '\0'))
			break;
	}
	if (i == sizeof(known_keys) / sizeof(known_keys[0])) {
		snprintf(why, whylen, "unknown profile setting '%.60s' (expected "
			 "State, Firewall Policy, LocalFirewallRules, ... as "
			 "printed by 'netsh advfirewall show allprofiles')", line);
		return FWD_EINVAL;
	}
	snprintf(buf, sizeof(buf), "%s", line + k);
	value = nsh_trim(buf);
	if (!strcmp(known_keys[i], "State")) {
		pr->seen_state = true;
		return parse_state(pr, value, why, whylen);
	}
	if (!strcmp(known_keys[i], "Firewall Policy")) {
		pr->seen_policy = true;
		return parse_policy(pr, value, why, whylen);
	}
	if (!strcmp(known_keys[i], "LocalFirewallRules"))
		pr->local_rules_off = nsh_ieq(value, "Disable");
	return 0;
}

int nsh_profile_check(const struct nsh_profile *pr, char *why, size_t whylen)
{
	if (!pr->seen_state) {
		snprintf(why, whylen, "profile settings block without a State "
			 "line (truncated output?)");
		return FWD_EINVAL;
	}
	if (!pr->seen_policy) {
		snprintf(why, whylen, "profile settings block without a Firewall "
			 "Policy line (truncated output?)");
		return FWD_EINVAL;
	}
	return 0;
}
