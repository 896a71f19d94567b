/*
 * test_jsonv.c — the nft -j reader's own JSON parser (plugins/nftables/
 * jsonv_*.c) against jansson with JSON_REJECT_DUPLICATES, which the reader
 * used before: every text must be accepted or rejected by both, and what
 * jv_build() makes of an accepted one must equal jansson's tree (kinds,
 * decoded strings, numbers, order of items, members by key). Texts come
 * from the table below and from the files named on the command line (the
 * bad inputs, the fuzz corpus).
 *
 *   test-jsonv [FILE...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../unit/check.h"
#include "jsonv.h"

/* Whether v (built by us) and j (jansson's) are the same value. */
static bool same(const struct jv *v, json_t *j)
{
	size_t i;

	switch (v->kind) {
	case JV_NULL:
		return json_is_null(j);
	case JV_TRUE:
		return json_is_true(j);
	case JV_FALSE:
		return json_is_false(j);
	case JV_INT:
		return json_is_integer(j) && json_integer_value(j) == v->u.i;
	case JV_REAL:
		return json_is_real(j) && json_real_value(j) == v->u.d;
	case JV_STR:
		return json_is_string(j) && json_string_length(j) == v->n &&
		       memcmp(json_string_value(j), v->u.s, v->n) == 0 &&
		       v->u.s[v->n] == '\0';
	case JV_ARR:
		if (!json_is_array(j) || json_array_size(j) != v->n)
			return false;
		for (i = 0; i < v->n; i++)
			if (!same(&v->u.items[i], json_array_get(j, i)))
				return false;
		return true;
	case JV_OBJ:
		if (!json_is_object(j) || json_object_size(j) != v->n)
			return false;
		for (i = 0; i < v->n; i++) {
			const struct jv_member *m = &v->u.members[i];
			json_t *o = json_object_getn(j, m->key, m->klen);

			if (!o || m->key[m->klen] != '\0' || !same(&m->v, o) ||
			    jv_get(v, m->key) != &m->v)
				return false;
		}
		return true;
	}
	return false;
}

/* One text: both parsers agree; returns whether it was accepted. */
static bool agree(const char *what, const char *data, size_t len)
{
	char *buf = malloc(len + 1);
	struct fwd_error err = { 0 };
	struct jv_index ix = { 0 };
	json_error_t jerr;
	json_t *root;
	int rc;

	if (!buf)
		abort();
	memcpy(buf, data, len);
	buf[len] = '\0';
	rc = jv_scan(buf, len, what, &ix, &err);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!rc != !!root)
		fprintf(stderr, "%s: jv_scan %s (%s), jansson %s (%s)\n", what,
			rc ? "rejects" : "accepts", err.text,
			root ? "accepts" : "rejects", jerr.text);
	CHECK(!rc == !!root);
	if (rc) {
		/* a rejection names a position and says what was wrong */
		CHECK(err.line > 0 && strncmp(err.text, "not valid JSON: ", 16)
				      == 0 && strlen(err.text) > 20);
	} else if (root) {
		struct jv_arena a;
		const char *p = buf;
		struct jv *v;
		size_t i;

		jv_arena_init(&a);
		v = jv_build(&a, &p);
		CHECK(v && same(v, root));
		if (v && !same(v, root))
			fprintf(stderr, "%s: built tree differs\n", what);
		/* the index points at elements that build on their own */
		for (i = 0; i < ix.n; i++) {
			const char *at = buf + ix.e[i].off;

			jv_arena_reset(&a);
			v = jv_build(&a, &at);
			CHECK(v && v->kind == JV_OBJ);
		}
		jv_arena_release(&a);
	}
	fwd_error_clear(&err);
	json_decref(root);
	jv_index_release(&ix);
	free(buf);
	return rc == 0;
}

static void agree_str(const char *s)
{
	agree(s, s, strlen(s));
}

static void agree_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		CHECK(f != NULL);
		return;
	}
	do {
		if (len + 65536 > cap) {
			cap = (len + 65536) * 2;
			if (!(data = realloc(data, cap)))
				abort();
		}
		n = fread(data + len, 1, 65536, f);
		len += n;
	} while (n);
	fclose(f);
	agree(path, data ? data : "", len);
	free(data);
}

/* Position and message of one rejection. */
static void rejects(const char *s, int line, int col, const char *want)
{
	struct fwd_error err = { 0 };
	struct jv_index ix = { 0 };
	size_t len = strlen(s);

	CHECK(jv_scan(s, len, "t", &ix, &err) == FWD_EINVAL);
	CHECK(err.line == line && err.column == col);
	CHECK(strstr(err.text, want) != NULL);
	if (err.line != line || err.column != col || !strstr(err.text, want))
		fprintf(stderr, "%s: got %d:%d %s, want %d:%d %s\n", s,
			err.line, err.column, err.text, line, col, want);
	fwd_error_clear(&err);
	jv_index_release(&ix);
}

static const char *const texts[] = {
	/* accepted */
	"{}", "[]", " [ 1 , -2 , 0 , -0 , 3.5 , -1e3 , 2E+2 , 1e-400 ] ",
	"[true, false, null]", "{\"a\": {\"b\": [[], {}]}}",
	"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u20ac\\ud83d\\ude00\"]",
	"[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]",
	"[9223372036854775807, -9223372036854775808]",
	("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, "
	 "\"g\": 7, \"h\": 8, \"i\": 9, \"j\": 10, \"k\": 11, \"l\": 12, "
	 "\"m\": 13, \"n\": 14, \"o\": 15, \"p\": 16, \"q\": 17, \"r\": 18, "
	 "\"s\": 19, \"t\": 20}"),
	"{\"a\": 1, \"\\u0062\": 2}", "{\"\": 1}",
	("{\"nftables\": [{\"table\": {}}, 5, {\"metainfo\": {}}, "
	 "{\"rule\": {}, \"chain\": {}}]}"),
	"\t\r\n{\"nftables\" : [ ] }\n\n",
	/* rejected */
	"", " ", "1", "\"x\"", "[1,]", "[,1]", "{,}", "{\"a\" 1}",
	"{\"a\":}", "{\"a\":1,}", "{1: 2}", "[01]", "[1.]", "[.5]", "[1e]",
	"[-]", "[+1]", "[0x10]", "[tru]", "[truex]", "[nulll]", "[NaN]",
	"[Infinity]", "[1e400]", "[-1e400]", "[9223372036854775808]",
	"[-9223372036854775809]", "[\"\\x\"]", "[\"\\u12\"]",
	"[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]",
	"[\"\\ud800\\uzzzz\"]", "[\"\\u0000\"]", "{\"\\u0000\": 1}",
	"[\"a\tb\"]", "[\"a\nb\"]", "[\"\x7f\x80\"]", "[\"\xc3\"]",
	"[\"\xc0\xaf\"]", "[\"\xe0\x80\xaf\"]", "[\"\xed\xa0\x80\"]",
	"[\"\xf4\x90\x80\x80\"]", "[\"\xf5\x80\x80\x80\"]", "[\"abc",
	"[\"abc\\", "[1] 2", "[1] [2]", "{\"a\": 1, \"a\": 2}",
	"{\"a\": 1, \"\\u0061\": 2}", "[\xef\xbb\xbf]", "\xef\xbb\xbf[]",
	"['a']", "[1 2]", "{\"a\": 1 \"b\": 2}", "[}", "{]", "[1}",
	"{\"a\": [1, 2}",
};

int main(int argc, char **argv)
{
	char *deep;
	size_t i;
	int k;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		agree_str(texts[i]);
	/* a NUL inside the text: only the length says where it ends */
	CHECK(!agree("nul", "[1]\0", 4));
	CHECK(!agree("nul in string", "[\"a\0b\"]", 7));
	/* duplicates among many keys, the last one and one in the middle */
	for (k = 0; k < 2; k++) {
		char big[8192];
		size_t n = 0;
		int j;

		n += (size_t)snprintf(big + n, sizeof(big) - n, "{");
		for (j = 0; j < 500; j++)
			n += (size_t)snprintf(big + n, sizeof(big) - n,
					      "\"k%d\": %d, ", j, j);
		snprintf(big + n, sizeof(big) - n, "\"k%d\": 0}",
			 k ? 499 : 250);
		CHECK(!agree("many keys", big, strlen(big)));
		snprintf(big + n, sizeof(big) - n, "\"k%d\": 0}", 500);
		CHECK(agree("many keys", big, strlen(big)));
	}
	/* depth: jansson's limit, no stack overflow far beyond it */
	deep = malloc(2 * 200000 + 1);
	if (!deep)
		abort();
	for (k = 2047; k <= 2049; k++) {
		memset(deep, '[', (size_t)k);
		memset(deep + k, ']', (size_t)k);
		agree("deep", deep, 2 * (size_t)k);
	}
	memset(deep, '[', 200000);
	memset(deep + 200000, ']', 200000);
	CHECK(!agree("very deep", deep, 400000));
	free(deep);

	/* positions: line and column of the end of the offending token */
	rejects("", 1, 0, "'[' or '{' expected near end of file");
	rejects("{\"nftables\": [{\"metainfo\": {}},]}", 1, 32,
		"unexpected token near ']'");
	rejects("{\"nftables\": [], \"nftables\": []}", 1, 27,
		"duplicate object key near '\"nftables\"'");
	rejects("{\"nftables\": []}\n\x01", 2, 1, "end of file expected");
	rejects("{\n  \"a\": [1,\n   2\n", 4, 0,
		"']' expected near end of file (to close the array at 2:8)");
	rejects("[\"caf\xc3\xa9\", x]", 1, 10, "invalid token near 'x'");
	rejects("[\"a\\q\"]", 1, 5, "invalid escape near '\"a\\q'");

	for (k = 1; k < argc; k++)
		agree_file(argv[k]);
	return check_done();
}
