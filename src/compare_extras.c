/*
 * compare_extras.c — extras in `fwdrift compare`.
 *
 * Extras are compared as port interval sets per view, family, direction
 * and protocol, never entry by entry: a report groups extras by the rule
 * that opens them, so one rule growing from 8000-8010 to 8000-8020 must
 * read as 8011-8020 new, not as one entry gone and another new.
 */
#include <stdlib.h>
#include <string.h>

#include "compare_priv.h"
#include "portset.h"

enum { OLD = 0, NEW = 1 };
enum { L_OPEN = 0, L_RESTRICTED = 1 };

struct xkey {
	char key[512];
	const json_t *first;        /* an entry with this key, for its names */
	struct portset set[2][2];   /* [OLD|NEW][L_OPEN|L_RESTRICTED] */
};

struct xkeys {
	struct xkey *k;
	size_t n, cap;
};

static void xkeys_free(struct xkeys *x)
{
	size_t i;
	unsigned a, b;

	for (i = 0; i < x->n; i++)
		for (a = 0; a < 2; a++)
			for (b = 0; b < 2; b++)
				portset_free(&x->k[i].set[a][b]);
	free(x->k);
}

static void extra_key(const json_t *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s|%s|%s|%s", cmp_str(e, "view", ""),
		 cmp_str(e, "family", ""), cmp_str(e, "direction", ""),
		 cmp_str(e, "protocol", ""));
}

static int label_of(const json_t *e)
{
	return strcmp(cmp_str(e, "label", "open"), "open") ? L_RESTRICTED
							   : L_OPEN;
}

static struct xkey *xkey_get(struct xkeys *x, const json_t *e)
{
	char key[512];
	size_t i;

	extra_key(e, key, sizeof(key));
	for (i = 0; i < x->n; i++)
		if (!strcmp(x->k[i].key, key))
			return &x->k[i];
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct xkey *nk = realloc(x->k, cap * sizeof(*nk));

		if (!nk)
			return NULL;
		x->k = nk;
		x->cap = cap;
	}
	memset(&x->k[x->n], 0, sizeof(x->k[x->n]));
	memcpy(x->k[x->n].key, key, sizeof(key));
	x->k[x->n].first = e;
	return &x->k[x->n++];
}

/* Ports were checked on load: only memory can fail here. */
static int parse_ports(struct portset *s, const json_t *e)
{
	size_t bad;

	return portset_parse(s, cmp_str(e, "ports", ""), &bad);
}

static int collect(struct xkeys *x, const struct cmp_report *r, int which)
{
	struct portset p = PORTSET_INIT;
	struct xkey *k;
	json_t *e;
	size_t i;
	int rc = 0;

	json_array_foreach(r->extras, i, e) {
		if (!(k = xkey_get(x, e)) || parse_ports(&p, e) ||
		    portset_union(&k->set[which][label_of(e)], &p)) {
			rc = FWD_ENOMEM;
			break;
		}
		portset_clear(&p);
	}
	portset_free(&p);
	return rc;
}

int cmp_append_unique(json_t *list, json_t *v)
{
	json_t *have;
	size_t i;

	json_array_foreach(list, i, have)
		if (json_equal(have, v))
			return 0;
	return json_array_append(list, v) ? FWD_ENOMEM : 0;
}

/* The evidence of r's extras with this key and label that open a port of
 * [lo, hi]: the rules behind exactly this change. */
static int range_evidence(json_t *out, const struct cmp_report *r,
			  const char *key, int label, uint16_t lo, uint16_t hi)
{
	struct portset p = PORTSET_INIT, want = PORTSET_INIT;
	char k[512];
	json_t *e, *ev;
	size_t i, j;
	int rc = portset_add(&want, lo, hi);

	json_array_foreach(r->extras, i, e) {
		if (rc)
			break;
		extra_key(e, k, sizeof(k));
		if (strcmp(k, key) || label_of(e) != label)
			continue;
		portset_clear(&p);
		if ((rc = parse_ports(&p, e)) || !portset_overlaps(&p, &want))
			continue;
		json_array_foreach(json_object_get(e, "evidence"), j, ev)
			if ((rc = cmp_append_unique(out, ev)))
				break;
	}
	portset_free(&p);
	portset_free(&want);
	return rc;
}

struct emit {
	json_t *out;
	const struct xkey *k;
	const char *change;   /* "new" or "gone" */
	int label;            /* the label the ports had in `from` */
	const char *rel_key;  /* "was" or "now" */
	const char *rel;      /* "restricted" or "not-extra" */
	const struct cmp_report *from;
};

static int emit_one(const struct emit *m, const char *ports, uint16_t lo,
		    uint16_t hi)
{
	static const char *const names[] = { "view", "family", "direction",
					     "protocol", NULL };
	json_t *o = json_object(), *ev = json_array();
	unsigned n;
	int rc = !o || !ev;

	rc = rc || json_object_set_new(o, "change", json_string(m->change));
	for (n = 0; names[n] && !rc; n++)
		rc = json_object_set(o, names[n],
				     json_object_get(m->k->first, names[n]));
	rc = rc ||
	     json_object_set_new(o, "kind", json_string(cmp_str(
			     m->k->first, "kind", "ports"))) ||
	     json_object_set_new(o, "label", json_string(
			     m->label == L_OPEN ? "open" : "restricted")) ||
	     json_object_set_new(o, "ports", json_string(ports)) ||
	     json_object_set_new(o, m->rel_key, json_string(m->rel)) ||
	     json_object_set_new(o, "severity", json_string(
			     !strcmp(m->change, "new") ? "WARNING" : "OK"));
	rc = rc || range_evidence(ev, m->from, m->k->key, m->label, lo, hi);
	rc = rc || json_object_set(o, "evidence", ev) ||
	     json_array_append(m->out, o);
	json_decref(ev);
	json_decref(o);
	return rc ? FWD_ENOMEM : 0;
}

/* One entry per interval, so that each count is one range of ports. */
static int emit_set(const struct emit *m, const struct portset *s)
{
	uint32_t i;
	int rc = 0;

	for (i = 0; i < s->n && !rc; i++) {
		char ports[16];

		if (s->r[i].lo == s->r[i].hi)
			snprintf(ports, sizeof(ports), "%u", s->r[i].lo);
		else
			snprintf(ports, sizeof(ports), "%u-%u", s->r[i].lo,
				 s->r[i].hi);
		rc = emit_one(m, ports, s->r[i].lo, s->r[i].hi);
	}
	return rc;
}

/* a minus b, then split by c: in = a-b inside c, out = a-b outside c. */
static int split(struct portset *in, struct portset *out,
		 const struct portset *a, const struct portset *b,
		 const struct portset *c)
{
	int rc;

	if ((rc = portset_copy(out, a)) || (rc = portset_subtract(out, b)) ||
	    (rc = portset_intersect(in, out, c)))
		return rc;
	return portset_subtract(out, c);
}

static bool is_default_accept(const json_t *e)
{
	return !strcmp(cmp_str(e, "kind", "ports"), "default-accept");
}

/*
 * All ports into cover when `which` has a default-accept direction for
 * k's view, family, direction and protocol. Such a direction is one
 * extra in a report, and the explicit extras under it are not listed:
 * without this, a policy turning to accept would read as every other
 * extra "gone", and back to drop as every one "new".
 */
static int cover_of(struct portset *cover, const struct xkeys *x,
		    const struct xkey *k, int which)
{
	static const char *const same[] = { "view", "family", "direction",
					    NULL };
	size_t i;
	unsigned n;
	int rc = 0;

	for (i = 0; i < x->n && !rc; i++) {
		const json_t *d = x->k[i].first;
		const char *proto = cmp_str(d, "protocol", "");

		if (!is_default_accept(d) || (strcmp(proto, "any") &&
		    strcmp(proto, cmp_str(k->first, "protocol", ""))))
			continue;
		for (n = 0; same[n]; n++)
			if (strcmp(cmp_str(d, same[n], ""),
				   cmp_str(k->first, same[n], "")))
				break;
		/* Its ports leave out what explicit rules open, but
		 * those are open all the same. */
		if (!same[n] && x->k[i].set[which][L_OPEN].n)
			rc = portset_add(cover, 0, 65535);
	}
	return rc;
}

static void worst_at_least(int *worst, int to)
{
	if (*worst < to)
		*worst = to;
}

/* A default-accept direction is one finding: it appears or goes away
 * whole, whatever explicit rules carve out of it. */
static int diff_default_accept(json_t *out, const struct xkey *k,
			       const struct cmp_report *old,
			       const struct cmp_report *new, int *worst)
{
	bool had = k->set[OLD][L_OPEN].n, has = k->set[NEW][L_OPEN].n;
	struct emit m = { out, k, has ? "new" : "gone", L_OPEN,
			  has ? "was" : "now", "not-extra", has ? new : old };
	const struct portset *s = &k->set[has ? NEW : OLD][L_OPEN];
	char *ports;
	int rc;

	if (had == has)
		return 0;
	if (has)
		worst_at_least(worst, CMP_WARNING);
	if (!(ports = portset_format(s)))
		return FWD_ENOMEM;
	rc = emit_one(&m, ports, s->r[0].lo, s->r[s->n - 1].hi);
	free(ports);
	return rc;
}

static int diff_key(json_t *out, const struct xkeys *x, const struct xkey *k,
		    const struct cmp_report *old, const struct cmp_report *new,
		    int *worst)
{
	const struct portset *o_open = &k->set[OLD][L_OPEN];
	const struct portset *o_restr = &k->set[OLD][L_RESTRICTED];
	const struct portset *n_open = &k->set[NEW][L_OPEN];
	const struct portset *n_restr = &k->set[NEW][L_RESTRICTED];
	/* Open before/now, counting what a default-accept opened. */
	struct portset o_eff = PORTSET_INIT, n_eff = PORTSET_INIT;
	struct portset in = PORTSET_INIT, rest = PORTSET_INIT;
	struct portset all = PORTSET_INIT;
	struct emit m = { out, k, "new", L_OPEN, "was", NULL, new };
	int rc;

	if (is_default_accept(k->first))
		return diff_default_accept(out, k, old, new, worst);
	if ((rc = cover_of(&o_eff, x, k, OLD)) ||
	    (rc = portset_union(&o_eff, o_open)) ||
	    (rc = cover_of(&n_eff, x, k, NEW)) ||
	    (rc = portset_union(&n_eff, n_open)))
		goto done;
	/* Open now, not open before: new, whether it was restricted (now
	 * open to everyone) or not an extra at all. */
	if ((rc = split(&in, &rest, n_open, &o_eff, o_restr)))
		goto done;
	if (in.n || rest.n)
		worst_at_least(worst, CMP_WARNING);
	m.rel = "restricted";
	if ((rc = emit_set(&m, &in)))
		goto done;
	m.rel = "not-extra";
	if ((rc = emit_set(&m, &rest)))
		goto done;
	/* Restricted now and not an extra before. An open port that became
	 * restricted is a narrowing, reported below as gone. */
	portset_clear(&in);
	portset_clear(&rest);
	if ((rc = portset_union(&all, &o_eff)) ||
	    (rc = portset_union(&all, o_restr)) ||
	    (rc = split(&in, &rest, n_restr, &all, &all)))
		goto done;
	if (rest.n)
		worst_at_least(worst, CMP_WARNING);
	m.label = L_RESTRICTED;
	if ((rc = emit_set(&m, &rest)))
		goto done;
	/* Open before, not open now: narrowed to restricted, or gone. */
	m = (struct emit){ out, k, "gone", L_OPEN, "now", "restricted", old };
	portset_clear(&in);
	portset_clear(&rest);
	if ((rc = split(&in, &rest, o_open, &n_eff, n_restr)) ||
	    (rc = emit_set(&m, &in)))
		goto done;
	m.rel = "not-extra";
	if ((rc = emit_set(&m, &rest)))
		goto done;
	/* Restricted before and no extra now. */
	portset_clear(&in);
	portset_clear(&rest);
	portset_clear(&all);
	m.label = L_RESTRICTED;
	if ((rc = portset_union(&all, &n_eff)) ||
	    (rc = portset_union(&all, n_restr)) ||
	    (rc = split(&in, &rest, o_restr, &all, &all)))
		goto done;
	rc = emit_set(&m, &rest);
done:
	portset_free(&o_eff);
	portset_free(&n_eff);
	portset_free(&in);
	portset_free(&rest);
	portset_free(&all);
	return rc;
}

int cmp_extras(json_t *out, const struct cmp_report *old,
	       const struct cmp_report *new, int *worst)
{
	struct xkeys x = { 0 };
	size_t i;
	int rc;

	/* NEW first: keys keep NEW's order, then OLD's for gone ones. */
	rc = collect(&x, new, NEW);
	if (!rc)
		rc = collect(&x, old, OLD);
	for (i = 0; i < x.n && !rc; i++)
		rc = diff_key(out, &x, &x.k[i], old, new, worst);
	xkeys_free(&x);
	return rc;
}
