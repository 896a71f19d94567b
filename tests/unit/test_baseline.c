/*
 * test_baseline.c — the baseline loader: every shipped baseline loads,
 * every kind of mistake is refused at its file:line:column with what was
 * expected, and selections expand as documented.
 */
#include <dirent.h>
#include <stdlib.h>

#include "baseline.h"
#include "check.h"

#define HEAD                                                             \
	"{\n\"schema\": \"fwdrift-baseline/1\",\n\"name\": \"t\",\n"    \
	"\"product\": \"T\",\n\"platform\": \"linux\",\n"               \
	"\"source\": {\"title\": \"x\"},\n\"default_role\": \"server\",\n" \
	"\"roles\": [{\"name\": \"server\"}, {\"name\": \"agent\"}],\n"  \
	"\"features\": [{\"name\": \"extra-db\"}],\n"
#define REQ(body)                                                        \
	"\"requirements\": [\n{\"id\": \"r1\", \"roles\": [\"server\"], " \
	"\"peer\": \"p\", \"purpose\": \"x\", \"section\": \"s\",\n" body "}\n]}\n"

struct bad_case {
	const char *text;
	int line, column;      /* 0: do not check */
	const char *message;   /* substring */
};

static const struct bad_case bad[] = {
	{ "{\"schema\": \"fwdrift-baseline/1\",\n \"name\": ", 2, 0,
	  "end of file" },
	{ "[1, 2]", 1, 1, "expected a JSON object" },
	{ "{\"schema\": \"fwdrift-baseline/2\"}", 1, 12, "unsupported schema" },
	{ HEAD REQ("\"direction\": \"sideways\", \"protocols\": [\"tcp\"], "
		   "\"ports\": \"22\""),
	  12, 14, "bad direction 'sideways' (expected in, out or both)" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"], "
		   "\"ports\": \"70000\""),
	  12, 51, "bad port '70000'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"], "
		   "\"ports\": \"5-3\""),
	  12, 51, "bad port '5-3'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"], "
		   "\"ports\": \"rpc-range\""),
	  12, 51, "unknown named range 'rpc-range'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"icmp\"], "
		   "\"ports\": \"22\""),
	  12, 34, "bad protocol 'icmp'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"], "
		   "\"prots\": \"22\""),
	  12, 51, "unknown key 'prots'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"]"),
	  11, 1, "missing key 'ports'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"], "
		   "\"ports\": \"22\", \"feature\": \"nope\""),
	  12, 68, "unknown feature 'nope'" },
	{ HEAD REQ("\"direction\": \"in\", \"protocols\": [\"tcp\"], "
		   "\"ports\": \"22\", \"expect\": \"maybe\""),
	  12, 67, "bad expect 'maybe'" },
	{ HEAD "\"requirements\": [{\"id\": \"Bad_Id\", \"roles\": [\"server\"]}]}",
	  10, 25, "lowercase-with-dashes" },
	{ HEAD "\"requirements\": [{\"id\": \"a\", \"roles\": [\"nobody\"], "
	  "\"direction\": \"in\", \"protocols\": [\"tcp\"], \"ports\": \"1\", "
	  "\"peer\": \"p\", \"purpose\": \"x\", \"section\": \"s\"}]}",
	  10, 0, "unknown role 'nobody'" },
	{ "{\"schema\": \"fwdrift-baseline/1\", \"schema\": \"x\"}", 1, 0,
	  "duplicate object key" },
};

static void check_selection(void)
{
	static const char text[] = HEAD
		"\"requirements\": [\n"
		"{\"id\": \"a\", \"roles\": [\"server\"], \"direction\": \"both\", "
		"\"protocols\": [\"tcp\", \"udp\"], \"ports\": \"53\", \"peer\": \"p\", "
		"\"purpose\": \"x\", \"section\": \"s\"},\n"
		"{\"id\": \"b\", \"roles\": [\"agent\"], \"direction\": \"out\", "
		"\"protocols\": [\"tcp\"], \"ports\": \"1-3\", \"peer\": \"p\", "
		"\"purpose\": \"x\", \"section\": \"s\"},\n"
		"{\"id\": \"c\", \"roles\": [\"server\"], \"feature\": \"extra-db\", "
		"\"direction\": \"out\", \"protocols\": [\"tcp\"], \"ports\": \"5432\", "
		"\"peer\": \"p\", \"purpose\": \"x\", \"section\": \"s\"},\n"
		"{\"id\": \"d\", \"roles\": [\"server\"], \"unless_feature\": "
		"\"extra-db\", \"expect\": \"closed\", \"direction\": \"in\", "
		"\"protocols\": [\"tcp\"], \"ports\": \"5432\", \"peer\": \"p\", "
		"\"purpose\": \"x\", \"section\": \"s\"}\n]}\n";
	const char *all[] = { "all" }, *agent[] = { "agent" }, *nope[] = { "nope" };
	struct baseline *b = NULL;
	struct fwd_error err = { 0 };
	struct selection sel;

	CHECK(baseline_load_text(&b, "sel.json", text, sizeof(text) - 1, &err) == 0);
	if (!b)
		return;
	/* Default role: server; a both/tcp+udp row expands to four items. */
	CHECK(baseline_select(b, NULL, 0, NULL, 0, &sel, &err) == 0);
	CHECK(sel.n_items == 5);
	CHECK_STR(sel.items[0].id, "a/in/tcp");
	CHECK_STR(sel.items[3].id, "a/out/udp");
	CHECK_STR(sel.items[4].id, "d");
	selection_free(&sel);
	CHECK(baseline_select(b, agent, 1, NULL, 0, &sel, &err) == 0);
	CHECK(sel.n_items == 1 && !strcmp(sel.items[0].id, "b"));
	selection_free(&sel);
	/* A feature adds its rows and drops the rows it is the exception to. */
	CHECK(baseline_select(b, all, 1, all, 1, &sel, &err) == 0);
	CHECK(sel.n_items == 6 && !strcmp(sel.items[5].id, "c"));
	selection_free(&sel);
	CHECK(baseline_select(b, nope, 1, NULL, 0, &sel, &err) == FWD_ENOTFOUND);
	CHECK(strstr(err.text, "unknown role 'nope'") &&
	      strstr(err.text, "server, agent"));
	selection_free(&sel);
	memset(&err, 0, sizeof(err));
	CHECK(baseline_select(b, NULL, 0, nope, 1, &sel, &err) == FWD_ENOTFOUND);
	CHECK(strstr(err.text, "unknown feature 'nope'") &&
	      strstr(err.text, "extra-db"));
	selection_free(&sel);
	baseline_free(b);
}

static void check_shipped(void)
{
	const char *names[] = { "threatmanager", "threatprevention",
				"privilegesecure", "endpointprotector",
				"utmstack" };
	const char *all[] = { "all" };

	for (unsigned i = 0; i < 5; i++) {
		struct baseline *b = NULL;
		struct fwd_error err = { 0 };
		struct selection sel;

		CHECK(baseline_load(&b, names[i], "../../baselines", &err) == 0);
		if (!b) {
			fprintf(stderr, "%s: %s:%d:%d: %s\n", names[i], err.source,
				err.line, err.column, err.text);
			continue;
		}
		CHECK_STR(b->name, names[i]);
		CHECK(baseline_select(b, all, 1, all, 1, &sel, &err) == 0);
		CHECK(sel.n_items > 0);
		selection_free(&sel);
		baseline_free(b);
	}
	{
		struct baseline *b = NULL;
		struct fwd_error err = { 0 };

		CHECK(baseline_load(&b, "nosuch", "../../baselines", &err) ==
		      FWD_ENOTFOUND);
		CHECK(strstr(err.text, "unknown baseline 'nosuch'") &&
		      strstr(err.text, "privilegesecure"));
	}
}

int main(void)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct baseline *b = NULL;
		struct fwd_error err = { 0 };
		int rc = baseline_load_text(&b, "bad.json", bad[i].text,
					    strlen(bad[i].text), &err);

		CHECK(rc == FWD_EINVAL && b == NULL);
		CHECK_STR(err.source, "bad.json");
		if (!strstr(err.text, bad[i].message) ||
		    (bad[i].line && err.line != bad[i].line) ||
		    (bad[i].column && err.column != bad[i].column))
			fprintf(stderr, "case %zu: got %d:%d: %s\n", i, err.line,
				err.column, err.text);
		CHECK(strstr(err.text, bad[i].message) != NULL);
		if (bad[i].line)
			CHECK(err.line == bad[i].line);
		if (bad[i].column)
			CHECK(err.column == bad[i].column);
	}
	check_selection();
	check_shipped();
	return check_done();
}
