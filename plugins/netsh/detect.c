/*
 * detect.c — which of our forms a text is in, and whether it is a netsh
 * export in another display language.
 *
 * netsh translates its field names ("Regelname:", "Nom de la règle :")
 * and its values ("Ja", "Entrant", "Autoriser"). Reading them with a
 * dictionary would be a guess that fails on the next Windows build, so a
 * translated export is refused with the one way to audit such a host
 * exactly: the registry, whose rule strings are the same in every
 * language.
 */
#include <stdio.h>
#include <string.h>

#include "netsh.h"

#define REG_ADVICE                                                          \
	"reg export "                                                        \
	"HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters" \
	"\\FirewallPolicy fw.reg"

/* "Rule Name:" as netsh prints it in other display languages. */
static const struct {
	const char *label;
	const char *language;
} localized[] = {
	{ "Regelname", "German" },
	{ "Nom de la r\xc3\xa8gle", "French" },
	{ "Nombre de regla", "Spanish" },
	{ "Nome regola", "Italian" },
	{ "Nome da regra", "Portuguese" },
	{ "Regelnaam", "Dutch" },
	{ "Nazwa regu\xc5\x82y", "Polish" },
	{ "\xd0\x98\xd0\xbc\xd1\x8f \xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8"
	  "\xd0\xbb\xd0\xb0", "Russian" },
	{ "Regelnamn", "Swedish" },
	{ "Regelnavn", "Danish or Norwegian" },
	{ "N\xc3\xa1zev pravidla", "Czech" },
	{ "Kural Ad\xc4\xb1", "Turkish" },
	{ "Szab\xc3\xa1ly neve", "Hungarian" },
	{ "\xe8\xa6\x8f\xe5\x89\x87\xe5\x90\x8d", "Japanese" },
	{ "\xe8\xa7\x84\xe5\x88\x99\xe5\x90\x8d\xe7\xa7\xb0",
	  "Chinese (Simplified)" },
	{ "\xe8\xa6\x8f\xe5\x89\x87\xe5\x90\x8d\xe7\xa8\xb1",
	  "Chinese (Traditional)" },
	{ "\xea\xb7\x9c\xec\xb9\x99 \xec\x9d\xb4\xeb\xa6\x84", "Korean" },
};

/* Copy line i of text (from *pos) into buf without CR/LF; false at end. */
static bool next_line(const char *text, size_t *pos, char *buf, size_t len)
{
	const char *s = text + *pos, *nl;
	size_t n;

	if (!*s)
		return false;
	nl = strchr(s, '\n');
	n = nl ? (size_t)(nl - s) : strlen(s);
	*pos += n + (nl ? 1 : 0);
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

static const char *skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool dashes(const char *s)
{
	size_t n = strspn(s, "-");

	return n >= 10 && s[n] == '\0';
}

static bool english_header(const char *s)
{
	size_t n = strlen(s);

	return nsh_iprefix(s, "Rule Name:") ||
	       (n >= 9 && !strcmp(s + n - 9, "Settings:"));
}

static bool registry_header(const char *s)
{
	return !strcmp(s, "Windows Registry Editor Version 5.00") ||
	       !strcmp(s, "REGEDIT4");
}

int nsh_detect(const char *text, enum nsh_form *form)
{
	char line[512], prev[512] = "";
	size_t pos = 0;
	int score = 0, n = 0;
	bool first = true;

	*form = NSH_FORM_NONE;
	while (next_line(text, &pos, line, sizeof(line))) {
		const char *s = skip_blank(line);
		size_t i;

		if (first && *s) {
			first = false;
			if (registry_header(s)) {
				*form = NSH_FORM_REGISTRY;
				return strstr(text, "FirewallPolicy") ||
				       strstr(text, "|Action=") ? 100 : 20;
			}
		}
		if (s == line && (nsh_iprefix(s, "Rule Name:") ||
				  (english_header(s) && strstr(s, "Profile"))))
			score = 100;
		else if (!strcmp(s, "No rules match the specified criteria.") &&
			 score < 90)
			score = 90;
		for (i = 0; i < sizeof(localized) / sizeof(localized[0]); i++)
			if (s == line && nsh_iprefix(s, localized[i].label) &&
			    score < 80)
				score = 80;
		if (dashes(s) && strchr(prev, ':') && score < 60)
			score = 60; /* "Label:" over dashes: netsh text */
		if (score == 100 || ++n > 2000)
			break;
		snprintf(prev, sizeof(prev), "%s", s);
	}
	if (score)
		*form = NSH_FORM_NETSH;
	return score;
}

int nsh_check_language(const char *name, const char *text,
		       struct fwd_error *err)
{
	char line[512], prev[512] = "";
	const char *language = NULL;
	size_t pos = 0;
	int lineno = 0, at = 0;
	enum nsh_form form;

	nsh_detect(text, &form);
	if (form != NSH_FORM_NETSH)
		return 0;
	while (next_line(text, &pos, line, sizeof(line))) {
		const char *s = skip_blank(line);
		size_t i;

		lineno++;
		if (s == line && english_header(s))
			return 0; /* English after all */
		for (i = 0; !language &&
			    i < sizeof(localized) / sizeof(localized[0]); i++)
			if (s == line && nsh_iprefix(s, localized[i].label)) {
				language = localized[i].language;
				at = lineno;
			}
		/* Any other "Label:" line over dashes is a translated
		 * record or profile header. */
		if (!at && dashes(s) && prev[0] && prev[0] != ' ' &&
		    strchr(prev, ':'))
			at = lineno - 1;
		snprintf(prev, sizeof(prev), "%s", s);
	}
	if (!at)
		return 0;
	return fwd_error_set(err, FWD_EUNSUPPORTED, name, at, 0,
			     "this netsh export is in another display "
			     "language%s%s%s: netsh translates its field names "
			     "and values, so it cannot be read exactly. Audit "
			     "this host from the registry instead: " REG_ADVICE,
			     language ? " (" : "", language ? language : "",
			     language ? ")" : "");
}
