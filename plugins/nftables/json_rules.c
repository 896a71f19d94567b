/*
 * json_rules.c — read_data: a whole `nft -j list ruleset` document into
 * the model. Tables, sets and maps first, then chains in the order nft
 * listed them, then each rule through json_expr.c and lower.c.
 */
#include <ctype.h>
#include <string.h>

#include "json_nft.h"

struct nj_table {
	struct nir_table t;
	bool used;     /* a family the model covers */
	const char *family, *name;
};

struct nj_chain {
	const char *family, *table, *name;
	struct nj_table *tab;
	struct fwd_chain *c;
};

struct nj_doc {
	struct nj_table *tables;
	uint32_t n_tables, cap_tables;
	struct nj_chain *chains;
	uint32_t n_chains, cap_chains;
	struct name_index index; /* of chains, sized for every chain object */
	struct nj_chain *last;   /* nft lists a chain's rules together */
};

static struct nj_table *find_table(struct nj_doc *d, const char *family,
				   const char *name)
{
	uint32_t i;

	for (i = 0; family && name && i < d->n_tables; i++)
		if (strcmp(d->tables[i].family, family) == 0 &&
		    strcmp(d->tables[i].name, name) == 0)
			return &d->tables[i];
	return NULL;
}

struct chain_key {
	const struct nj_doc *d;
	const char *family, *table, *name;
};

static bool chain_is(const struct nj_chain *c, const struct chain_key *k)
{
	return strcmp(c->name, k->name) == 0 &&
	       strcmp(c->table, k->table) == 0 &&
	       strcmp(c->family, k->family) == 0;
}

static bool chain_item_is(uint32_t i, const void *key)
{
	const struct chain_key *k = key;

	return chain_is(&k->d->chains[i], k);
}

static struct nj_chain *find_chain(struct nj_doc *d, const char *family,
				   const char *table, const char *name)
{
	struct chain_key k = { d, family, table, name };
	int64_t i;

	if (!family || !table || !name)
		return NULL;
	if (d->last && chain_is(d->last, &k))
		return d->last;
	i = name_index_find(&d->index, name_hash(family, table, name),
			    chain_item_is, &k);
	return i < 0 ? NULL : (d->last = &d->chains[i]);
}

/* Elements of a named set, with the types of the key using it. */
static int set_decode(struct nir_ctx *cx, struct nir_set *s,
		      const struct nir_key *key, struct nir_elem **out,
		      uint32_t *n)
{
	json_t *elems = s->src, *item;
	struct nir_elem *e;
	size_t i, k = 0;

	*n = (uint32_t)json_array_size(elems);
	e = pool_alloc(&cx->pool, (*n ? *n : 1) * sizeof(*e));
	if (!e)
		return nir_oom(cx);
	json_array_foreach(elems, i, item) {
		json_t *v = item;

		if (s->map && !s->vmap && json_is_array(item))
			v = json_array_get(item, 0);
		if (nj_elem(key, v, s->vmap, &e[k]))
			return fwd_error_set(cx->err, FWD_EINVAL, cx->source,
					     0, 0, "set %s: element %zu does "
					     "not fit its key", s->name, i);
		k++;
	}
	*n = (uint32_t)k;
	nir_elems_sort(key, e, *n);
	*out = e;
	return 0;
}

static int add_table(struct nir_ctx *cx, struct nj_doc *d, json_t *v)
{
	const char *family = json_string_value(json_object_get(v, "family"));
	const char *name = json_string_value(json_object_get(v, "name"));
	struct nj_table *t;

	if (!family || !name || find_table(d, family, name))
		return 0;
	if (pool_grow(&cx->pool, (void **)&d->tables, &d->cap_tables,
		      d->n_tables + 1, sizeof(*d->tables)))
		return nir_oom(cx);
	t = &d->tables[d->n_tables++];
	memset(t, 0, sizeof(*t));
	t->family = family;
	t->name = name;
	t->used = nir_table_init(cx, &t->t, family, name);
	return cx->err && cx->err->code ? cx->err->code : 0;
}

static int add_set(struct nir_ctx *cx, struct nj_doc *d, json_t *v, bool map)
{
	struct nj_table *t = find_table(d,
		json_string_value(json_object_get(v, "family")),
		json_string_value(json_object_get(v, "table")));
	const char *name = json_string_value(json_object_get(v, "name"));
	const char *data = json_string_value(json_object_get(v, "map"));
	json_t *elem = json_object_get(v, "elem");
	struct nir_set *s;

	if (!t || !t->used || !name)
		return 0;
	s = pool_alloc(&cx->pool, sizeof(*s));
	if (!s)
		return nir_oom(cx);
	s->name = name;
	s->map = map;
	s->vmap = map && data && strcmp(data, "verdict") == 0;
	s->src = json_is_array(elem) ? elem : json_array();
	if (!json_is_array(elem) && s->src)
		json_object_set_new(v, "elem", s->src); /* owned by v */
	s->decode = set_decode;
	return nir_table_add_set(cx, &t->t, s);
}

static int add_chain(struct nir_ctx *cx, struct nj_doc *d, json_t *v)
{
	const char *family = json_string_value(json_object_get(v, "family"));
	const char *table = json_string_value(json_object_get(v, "table"));
	const char *name = json_string_value(json_object_get(v, "name"));
	const char *hook = json_string_value(json_object_get(v, "hook"));
	const char *policy = json_string_value(json_object_get(v, "policy"));
	struct nj_table *t = find_table(d, family, table);
	struct nj_chain *c;

	if (!t || !t->used || !name || find_chain(d, family, table, name))
		return 0;
	if (pool_grow(&cx->pool, (void **)&d->chains, &d->cap_chains,
		      d->n_chains + 1, sizeof(*d->chains)))
		return nir_oom(cx);
	name_index_put(&d->index, name_hash(family, table, name), d->n_chains);
	d->last = NULL; /* the array may have moved */
	c = &d->chains[d->n_chains++];
	c->family = family;
	c->table = table;
	c->name = name;
	c->tab = t;
	c->c = nir_chain(cx, &t->t, name, hook,
			 (int)json_integer_value(json_object_get(v, "prio")),
			 policy && strcmp(policy, "drop") == 0,
			 fwd_sprintf(cx->rs, "%s: table %s chain %s", cx->file,
				     t->t.label, name));
	return cx->err && cx->err->code ? cx->err->code : 0;
}

static bool lost_xt(const struct nir_rule *r)
{
	uint32_t i;

	for (i = 0; i < r->n; i++)
		if (r->stmts[i].kind == NS_XT && !r->stmts[i].xt_target &&
		    strcmp(r->stmts[i].xt_name, "comment") != 0)
			return true;
	return false;
}

static int add_rule(struct nir_ctx *cx, struct nj_doc *d, json_t *v)
{
	struct nj_chain *c = find_chain(d,
		json_string_value(json_object_get(v, "family")),
		json_string_value(json_object_get(v, "table")),
		json_string_value(json_object_get(v, "chain")));
	json_t *exprs = json_object_get(v, "expr");
	struct nir_rule r;
	const char *where;
	int rc;

	if (!c || !c->c || !json_is_array(exprs))
		return 0;
	memset(&r, 0, sizeof(r));
	r.handle = (uint64_t)json_integer_value(json_object_get(v, "handle"));
	r.comment = json_string_value(json_object_get(v, "comment"));
	if ((rc = nj_rule(cx, &c->tab->t, exprs, &r)))
		return rc;
	if (lost_xt(&r))
		cx->xt_lost++;
	where = fwd_sprintf(cx->rs, "%s: table %s chain %s handle %llu",
			    cx->file, c->tab->t.label, c->name,
			    (unsigned long long)r.handle);
	rc = nir_emit_rule(cx, &c->tab->t, c->c, &r, where);
	if (!rc && cx->pool.failed)
		rc = nir_oom(cx);
	/* the model has its copy: the rule's scratch goes (see nj_read) */
	pool_reset(&cx->pool);
	return rc;
}

/* Objects of one kind in the document (to size the chain index once). */
static uint32_t count_kind(json_t *arr, const char *kind)
{
	json_t *item;
	uint32_t n = 0;
	size_t i;

	json_array_foreach(arr, i, item)
		n += json_is_object(json_object_get(item, kind));
	return n;
}
typedef int (*pass_fn)(struct nir_ctx *, struct nj_doc *, json_t *);

static int pass(struct nir_ctx *cx, struct nj_doc *d, json_t *arr,
		const char *kind, pass_fn fn)
{
	json_t *item, *v;
	size_t i;
	int rc;

	json_array_foreach(arr, i, item) {
		if (!(v = json_object_get(item, kind)) || !json_is_object(v))
			continue;
		if ((rc = fn(cx, d, v)))
			return rc;
	}
	return 0;
}

static int add_map(struct nir_ctx *cx, struct nj_doc *d, json_t *v)
{
	return add_set(cx, d, v, true);
}

static int add_plain_set(struct nir_ctx *cx, struct nj_doc *d, json_t *v)
{
	return add_set(cx, d, v, false);
}

/* Line and column of the first non-blank byte, for "not a ruleset". */
static void first_pos(const char *data, size_t len, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < len && isspace((unsigned char)data[i]); i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int nj_read(struct fwd_ruleset *rs, const char *name, const char *data,
	    size_t len, struct fwd_error *err)
{
	struct nir_ctx cx;
	struct nj_doc d;
	json_error_t jerr;
	json_t *root, *arr;
	int rc, line, col;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fwd_error_set(err, FWD_EINVAL, name, jerr.line,
				     jerr.column, "not valid JSON: %s",
				     jerr.text);
	arr = json_is_object(root) ? json_object_get(root, "nftables") : NULL;
	if (!json_is_array(arr)) {
		json_decref(root);
		first_pos(data, len, &line, &col);
		return fwd_error_set(err, FWD_EINVAL, name, line, col,
				     "JSON but not an nftables ruleset: "
				     "expected an object {\"nftables\": [...]} "
				     "as written by `nft -j list ruleset`");
	}
	memset(&cx, 0, sizeof(cx));
	memset(&d, 0, sizeof(d));
	pool_init(&cx.pool);
	cx.rs = rs;
	cx.err = err;
	cx.source = name;
	cx.file = name;
	cx.view = fwd_view_get(rs, "host");
	if (!cx.view) {
		json_decref(root);
		return fwd_error_set(err, FWD_ENOMEM, name, 0, 0,
				     "out of memory");
	}
	if (name_index_init(&cx.pool, &d.index, count_kind(arr, "chain")))
		rc = nir_oom(&cx);
	else if (!(rc = pass(&cx, &d, arr, "table", add_table)) &&
		 !(rc = pass(&cx, &d, arr, "set", add_plain_set)) &&
		 !(rc = pass(&cx, &d, arr, "map", add_map)) &&
		 !(rc = pass(&cx, &d, arr, "chain", add_chain)) &&
		 !(rc = cx.pool.failed ? nir_oom(&cx) : 0)) {
		/* Rules decode in a scratch pool emptied after each one;
		 * tables, sets and chains stay in theirs. */
		struct pool objects = cx.pool;

		pool_init(&cx.pool);
		rc = pass(&cx, &d, arr, "rule", add_rule);
		pool_release(&cx.pool);
		cx.pool = objects;
	}
	if (!rc) {
		fwd_view_mark_read(cx.view, FWD_FAM_ALL);
		fwd_ruleset_add_source(rs, "nftables JSON %s: %u tables",
				       name, d.n_tables);
		if (cx.xt_lost)
			fwd_ruleset_note(rs, FWD_NOTE_WARNING,
					 "%s: the JSON export lost the match "
					 "data of %u iptables-nft rule%s (xt "
					 "compat expressions); audit live for "
					 "exact results", name, cx.xt_lost,
					 cx.xt_lost == 1 ? "" : "s");
	}
	pool_release(&cx.pool);
	json_decref(root);
	return rc;
}
