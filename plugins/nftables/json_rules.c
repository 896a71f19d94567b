/*
 * json_rules.c — read_data: a whole `nft -j list ruleset` document into
 * the model. jv_scan() checks the text and indexes the elements of its
 * "nftables" array; then tables, sets and maps, chains, and rules are
 * read in that order whatever order the file lists them in (hand-written
 * files may put a rule before its chain), each element built on its own
 * in an arena emptied before the next: memory follows the largest
 * element, not the file. Rules go through json_expr.c and lower.c.
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
	const char *text;        /* the whole document */
	struct jv_index ix;      /* its elements, from jv_scan() */
	struct jv_arena elem;    /* the element being read */
	struct jv_arena items;   /* the set element being decoded */
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

/* Where a named set's elements are: they are decoded on use, with the
 * types of the key that looks them up, straight from the text. */
struct nj_set_src {
	struct nj_doc *d;
	const char *elem; /* the "elem" array, NULL when there is none */
};

/* Elements of a named set, with the types of the key using it. */
static int set_decode(struct nir_ctx *cx, struct nir_set *s,
		      const struct nir_key *key, struct nir_elem **out,
		      uint32_t *n)
{
	const struct nj_set_src *src = s->src;
	struct nj_doc *d = src->d;
	const struct jv *item;
	struct nir_elem *e;
	struct jv_iter it;
	const char *where;
	size_t i = 0, k = 0, count;
	int rc = 0;

	count = src->elem ? jv_array_count(src->elem) : 0;
	e = pool_alloc(&cx->pool, (count ? count : 1) * sizeof(*e));
	if (!e)
		return nir_oom(cx);
	if (src->elem)
		jv_iter_init(&it, src->elem);
	while (!rc && k < count &&
	       (item = jv_iter_next(&it, &d->items, &where))) {
		const struct jv *v = item;

		if (s->map && !s->vmap && jv_is(item, JV_ARR))
			v = jv_at(item, 0);
		if (nj_elem(key, v, s->vmap, &e[k])) {
			int line, col;

			jv_position(d->text, where, &line, &col);
			rc = fwd_error_set(cx->err, FWD_EINVAL, cx->source,
					   line, col, "set %s: element %zu "
					   "does not fit its key", s->name, i);
		} else if (e[k].data.chain) {
			/* the item's arena is emptied below */
			e[k].data.chain = pool_strdup(&cx->pool,
						      e[k].data.chain);
			if (!e[k].data.chain)
				rc = nir_oom(cx);
		}
		i++;
		k++;
		jv_arena_reset(&d->items);
	}
	if (!rc && d->items.pool.failed)
		rc = nir_oom(cx);
	if (rc)
		return rc;
	*n = (uint32_t)k;
	nir_elems_sort(key, e, *n);
	*out = e;
	return 0;
}

/* The element's strings live until the next element: what the
 * document's objects keep is copied into the objects' pool. */
static int add_table(struct nir_ctx *cx, struct nj_doc *d, const struct jv *v,
		     const char *at)
{
	const char *family = jv_str(jv_get(v, "family"));
	const char *name = jv_str(jv_get(v, "name"));
	struct nj_table *t;

	(void)at;
	if (!family || !name || find_table(d, family, name))
		return 0;
	if (pool_grow(&cx->pool, (void **)&d->tables, &d->cap_tables,
		      d->n_tables + 1, sizeof(*d->tables)))
		return nir_oom(cx);
	t = &d->tables[d->n_tables++];
	memset(t, 0, sizeof(*t));
	t->family = pool_strdup(&cx->pool, family);
	t->name = pool_strdup(&cx->pool, name);
	if (!t->family || !t->name)
		return nir_oom(cx);
	t->used = nir_table_init(cx, &t->t, family, name);
	return cx->err && cx->err->code ? cx->err->code : 0;
}

static int add_set(struct nir_ctx *cx, struct nj_doc *d, const struct jv *v,
		   const char *at, bool map)
{
	struct nj_table *t = find_table(d, jv_str(jv_get(v, "family")),
					jv_str(jv_get(v, "table")));
	const char *name = jv_str(jv_get(v, "name"));
	const char *data = jv_str(jv_get(v, "map"));
	struct nj_set_src *src;
	struct nir_set *s;

	if (!t || !t->used || !name)
		return 0;
	s = pool_alloc(&cx->pool, sizeof(*s));
	src = pool_alloc(&cx->pool, sizeof(*src));
	if (!s || !src || !(s->name = pool_strdup(&cx->pool, name)))
		return nir_oom(cx);
	s->map = map;
	s->vmap = map && data && strcmp(data, "verdict") == 0;
	src->d = d;
	src->elem = jv_is(jv_get(v, "elem"), JV_ARR)
		    ? jv_member_at(jv_member_at(at, map ? "map" : "set"),
				   "elem")
		    : NULL;
	s->src = src;
	s->decode = set_decode;
	return nir_table_add_set(cx, &t->t, s);
}

static int add_chain(struct nir_ctx *cx, struct nj_doc *d, const struct jv *v,
		     const char *at)
{
	const char *family = jv_str(jv_get(v, "family"));
	const char *table = jv_str(jv_get(v, "table"));
	const char *name = jv_str(jv_get(v, "name"));
	const char *hook = jv_str(jv_get(v, "hook"));
	const char *policy = jv_str(jv_get(v, "policy"));
	struct nj_table *t = find_table(d, family, table);
	struct nj_chain *c;

	(void)at;
	if (!t || !t->used || !name || find_chain(d, family, table, name))
		return 0;
	if (pool_grow(&cx->pool, (void **)&d->chains, &d->cap_chains,
		      d->n_chains + 1, sizeof(*d->chains)))
		return nir_oom(cx);
	name_index_put(&d->index, name_hash(family, table, name), d->n_chains);
	d->last = NULL; /* the array may have moved */
	c = &d->chains[d->n_chains++];
	c->family = t->family; /* equal, and kept */
	c->table = t->name;
	c->name = pool_strdup(&cx->pool, name);
	c->tab = t;
	if (!c->name)
		return nir_oom(cx);
	c->c = nir_chain(cx, &t->t, c->name, hook,
			 (int)jv_int(jv_get(v, "prio")),
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

/* "FILE: table LABEL chain NAME handle N", the origin of every rule: put
 * together by hand, since through fwd_sprintf (which formats twice) it
 * cost as much as decoding the rule. */
static const char *rule_origin(struct nir_ctx *cx, const struct nj_chain *c,
			       uint64_t handle)
{
	const char *part[] = { cx->file, ": table ", c->tab->t.label,
			       " chain ", c->name, " handle " };
	char buf[512], num[24], *n = num + sizeof(num);
	size_t len = 0, i, k;

	*--n = '\0';
	do
		*--n = (char)('0' + handle % 10);
	while (handle /= 10);
	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		k = strlen(part[i]);
		if (len + k + sizeof(num) > sizeof(buf))
			return fwd_sprintf(cx->rs, "%s: table %s chain %s "
					   "handle %s", cx->file,
					   c->tab->t.label, c->name, n);
		memcpy(buf + len, part[i], k);
		len += k;
	}
	k = strlen(n);
	memcpy(buf + len, n, k + 1);
	return fwd_strndup(cx->rs, buf, len + k);
}

static int add_rule(struct nir_ctx *cx, struct nj_doc *d, const struct jv *v,
		    const char *at)
{
	struct nj_chain *c = find_chain(d, jv_str(jv_get(v, "family")),
					jv_str(jv_get(v, "table")),
					jv_str(jv_get(v, "chain")));
	const struct jv *exprs = jv_get(v, "expr");
	struct nir_rule r;
	const char *where;
	int rc;

	(void)at;
	if (!c || !c->c || !jv_is(exprs, JV_ARR))
		return 0;
	memset(&r, 0, sizeof(r));
	r.handle = (uint64_t)jv_int(jv_get(v, "handle"));
	r.comment = jv_str(jv_get(v, "comment"));
	if ((rc = nj_rule(cx, &c->tab->t, exprs, &r)))
		return rc;
	if (lost_xt(&r))
		cx->xt_lost++;
	where = rule_origin(cx, c, r.handle);
	rc = nir_emit_rule(cx, &c->tab->t, c->c, &r, where);
	if (!rc && cx->pool.failed)
		rc = nir_oom(cx);
	/* the model has its copy: the rule's scratch goes (see nj_read) */
	pool_reset(&cx->pool);
	return rc;
}

typedef int (*pass_fn)(struct nir_ctx *, struct nj_doc *, const struct jv *,
		       const char *);

/* Every element with member kind (bit), in document order. */
static int pass(struct nir_ctx *cx, struct nj_doc *d, uint32_t bit,
		const char *kind, pass_fn fn)
{
	size_t i;
	int rc;

	for (i = 0; i < d->ix.n; i++) {
		const char *at = d->text + d->ix.e[i].off, *p = at;
		const struct jv *el;

		if (!(d->ix.e[i].kinds & bit))
			continue;
		if (!(el = jv_build(&d->elem, &p)))
			return nir_oom(cx);
		rc = fn(cx, d, jv_get(el, kind), at);
		jv_arena_reset(&d->elem);
		if (rc)
			return rc;
	}
	return 0;
}

static int add_map(struct nir_ctx *cx, struct nj_doc *d, const struct jv *v,
		   const char *at)
{
	return add_set(cx, d, v, at, true);
}

static int add_plain_set(struct nir_ctx *cx, struct nj_doc *d,
			 const struct jv *v, const char *at)
{
	return add_set(cx, d, v, at, false);
}

static uint32_t count_kind(const struct jv_index *ix, uint32_t bit)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < ix->n; i++)
		n += !!(ix->e[i].kinds & bit);
	return n;
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

static int read_doc(struct nir_ctx *cx, struct nj_doc *d)
{
	struct pool objects;
	int rc;

	if (name_index_init(&cx->pool, &d->index,
			    count_kind(&d->ix, JV_EL_CHAIN)))
		return nir_oom(cx);
	if ((rc = pass(cx, d, JV_EL_TABLE, "table", add_table)) ||
	    (rc = pass(cx, d, JV_EL_SET, "set", add_plain_set)) ||
	    (rc = pass(cx, d, JV_EL_MAP, "map", add_map)) ||
	    (rc = pass(cx, d, JV_EL_CHAIN, "chain", add_chain)))
		return rc;
	if (cx->pool.failed)
		return nir_oom(cx);
	/* Rules decode in a scratch pool emptied after each one; tables,
	 * sets and chains stay in theirs. */
	objects = cx->pool;
	pool_init(&cx->pool);
	rc = pass(cx, d, JV_EL_RULE, "rule", add_rule);
	pool_release(&cx->pool);
	cx->pool = objects;
	return rc;
}

int nj_read(struct fwd_ruleset *rs, const char *name, const char *data,
	    size_t len, struct fwd_error *err)
{
	struct nir_ctx cx;
	struct nj_doc d;
	int rc, line, col;

	memset(&d, 0, sizeof(d));
	d.text = data;
	if ((rc = jv_scan(data, len, name, &d.ix, err)))
		goto out;
	if (!d.ix.ruleset) {
		first_pos(data, len, &line, &col);
		rc = fwd_error_set(err, FWD_EINVAL, name, line, col,
				   "JSON but not an nftables ruleset: "
				   "expected an object {\"nftables\": [...]} "
				   "as written by `nft -j list ruleset`");
		goto out;
	}
	memset(&cx, 0, sizeof(cx));
	pool_init(&cx.pool);
	jv_arena_init(&d.elem);
	jv_arena_init(&d.items);
	cx.rs = rs;
	cx.err = err;
	cx.source = name;
	cx.file = name;
	cx.view = fwd_view_get(rs, "host");
	if (!cx.view)
		rc = fwd_error_set(err, FWD_ENOMEM, name, 0, 0,
				   "out of memory");
	else
		rc = read_doc(&cx, &d);
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
	jv_arena_release(&d.elem);
	jv_arena_release(&d.items);
out:
	jv_index_release(&d.ix);
	return rc;
}
