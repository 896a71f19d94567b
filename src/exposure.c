/*
 * exposure.c — the exposure map: runs the evaluator over every base chain
 * of a hook and combines them. A packet passes a hook only if every base
 * chain on it lets it through (two nft tables, or legacy iptables beside
 * nftables), so the hook's label is the weakest chain label.
 */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "exposure.h"

const char *label_name(enum fwd_label l)
{
	return l == LABEL_OPEN ? "open"
	       : l == LABEL_RESTRICTED ? "restricted" : "closed";
}

const char *dir_name(enum fwd_dir d)
{
	return d == DIR_OUT ? "out" : "in";
}

const char *proto_name(uint8_t proto)
{
	return proto == FWD_PROTO_UDP ? "udp" : "tcp";
}

static int hook_rank(enum fwd_dir dir, enum fwd_hook h)
{
	if (dir == DIR_IN)
		return h == FWD_HOOK_PREROUTING ? 0 : h == FWD_HOOK_INPUT ? 1 : -1;
	return h == FWD_HOOK_OUTPUT ? 0 : h == FWD_HOOK_POSTROUTING ? 1 : -1;
}

struct ranked {
	const struct fwd_chain *chain;
	int rank;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return (x->chain->priority > y->chain->priority) -
	       (x->chain->priority < y->chain->priority);
}

/* Base chains of the hook in the order packets meet them. */
static uint32_t hook_chains(const struct fwd_view *v, enum fwd_family fam,
			    enum fwd_dir dir, struct ranked *out)
{
	uint32_t i, n = 0;

	for (i = 0; i < v->n_chains; i++) {
		const struct fwd_chain *c = v->chains[i];
		int rank;

		if (!c->base || !(c->families & FWD_FAM_BIT(fam)))
			continue;
		rank = hook_rank(dir, c->hook);
		if (rank < 0)
			continue;
		out[n].chain = c;
		out[n].rank = rank;
		n++;
	}
	qsort(out, n, sizeof(*out), cmp_ranked);
	return n;
}

static void chain_evidence(struct evidence *ev, const struct seg_label *l,
			   const struct fwd_chain *c)
{
	memset(ev, 0, sizeof(*ev));
	ev->cond_by = l->label == LABEL_RESTRICTED ? l->cond_by : NULL;
	ev->block_by = l->rej_by;
	ev->shadowed = l->label == LABEL_CLOSED ? l->shadowed : NULL;
	if (l->label == LABEL_CLOSED) {
		ev->decided_by = l->rej_by;
		ev->policy_of = l->rej_policy ? c : NULL;
	} else {
		ev->decided_by = l->acc_by;
		ev->policy_of = l->acc_policy ? c : NULL;
	}
}

/* Combine the chains' labels of one segment into the hook's. */
static void combine(struct exposure_seg *seg, const struct ranked *chains,
		    const struct chain_result *res, uint32_t n, uint32_t i)
{
	uint32_t k, worst = 0;

	memset(&seg->ev, 0, sizeof(seg->ev));
	if (!n) {
		seg->label = LABEL_OPEN;
		seg->ev.no_rules = true;
		return;
	}
	for (k = 1; k < n; k++)
		if (res[k].labels[i].label < res[worst].labels[i].label)
			worst = k;
	/* Among open chains, the one that accepted by a rule says most. */
	if (res[worst].labels[i].label == LABEL_OPEN)
		for (k = 0; k < n; k++)
			if (res[k].labels[i].acc_by) {
				worst = k;
				break;
			}
	seg->label = res[worst].labels[i].label;
	chain_evidence(&seg->ev, &res[worst].labels[i], chains[worst].chain);
	if (seg->label != LABEL_CLOSED)
		return;
	for (k = 0; k < n; k++) {
		const struct seg_label *l = &res[k].labels[i];

		if (l->label != LABEL_CLOSED && l->acc_by &&
		    strcmp(chains[k].chain->backend,
			   chains[worst].chain->backend) != 0) {
			seg->ev.backend_conflict = true;
			seg->ev.other_rule = l->acc_by;
			break;
		}
	}
}

static int push_seg(struct exposure_map *m, uint32_t *cap,
		    const struct exposure_seg *s)
{
	struct exposure_seg *last = m->n_segs ? &m->segs[m->n_segs - 1] : NULL;

	if (last && last->label == s->label &&
	    memcmp(&last->ev, &s->ev, sizeof(s->ev)) == 0 &&
	    (uint32_t)last->hi + 1 == s->lo) {
		last->hi = s->hi;
		return 0;
	}
	if (m->n_segs == *cap) {
		uint32_t nc = *cap ? *cap * 2 : 16;
		struct exposure_seg *v = realloc(m->segs, nc * sizeof(*v));

		if (!v)
			return FWD_ENOMEM;
		m->segs = v;
		*cap = nc;
	}
	m->segs[m->n_segs++] = *s;
	return 0;
}

static int build_map(struct exposure_map *m, const struct eval_bounds *b,
		     struct fwd_error *err)
{
	struct eval_query q = { m->family, m->dir, m->proto };
	struct ranked *chains = malloc((m->view->n_chains + 1) * sizeof(*chains));
	struct chain_result *res = NULL;
	uint32_t n, k, i, cap = 0, closed = 0;
	int rc = 0;

	if (!chains)
		return FWD_ENOMEM;
	n = hook_chains(m->view, m->family, m->dir, chains);
	res = calloc(n + 1, sizeof(*res));
	if (!res)
		rc = FWD_ENOMEM;
	for (k = 0; k < n && !rc; k++)
		rc = eval_chain_labels(&q, b, chains[k].chain, &res[k], err);
	for (i = 0; i < b->n && !rc; i++) {
		struct exposure_seg seg;

		memset(&seg, 0, sizeof(seg));
		seg.lo = (uint16_t)b->bounds[i];
		seg.hi = (uint16_t)(i + 1 < b->n ? b->bounds[i + 1] - 1 : 65535);
		combine(&seg, chains, res, n, i);
		if (seg.label == LABEL_CLOSED)
			closed += (uint32_t)seg.hi - seg.lo + 1;
		rc = push_seg(m, &cap, &seg);
	}
	m->default_deny = closed > 32768;
	for (k = 0; k < n; k++)
		free(res[k].labels);
	free(res);
	free(chains);
	return rc;
}

int exposure_build(struct exposure *x, const struct fwd_ruleset *rs,
		   struct fwd_error *err)
{
	static const uint8_t protos[PROTO_COUNT] = { FWD_PROTO_TCP,
						     FWD_PROTO_UDP };
	uint32_t nv = fwd_ruleset_view_count(rs), v;
	int rc = 0;

	memset(x, 0, sizeof(*x));
	x->maps = calloc((size_t)nv * FWD_FAMILY_COUNT * DIR_COUNT * PROTO_COUNT + 1,
			 sizeof(*x->maps));
	if (!x->maps)
		return FWD_ENOMEM;
	for (v = 0; v < nv && !rc; v++) {
		const struct fwd_view *view = fwd_ruleset_view(rs, v);
		struct eval_bounds b = { 0 };

		if ((rc = eval_bounds(view, &b)))
			break;
		for (int f = 0; f < FWD_FAMILY_COUNT && !rc; f++) {
			if (!(view->families_read & FWD_FAM_BIT(f)))
				continue;
			for (int d = 0; d < DIR_COUNT && !rc; d++)
				for (int p = 0; p < PROTO_COUNT && !rc; p++) {
					struct exposure_map *m = &x->maps[x->n_maps++];

					m->view = view;
					m->family = (enum fwd_family)f;
					m->dir = (enum fwd_dir)d;
					m->proto = protos[p];
					rc = build_map(m, &b, err);
				}
		}
		eval_bounds_free(&b);
	}
	if (rc)
		exposure_free(x);
	return rc;
}

void exposure_free(struct exposure *x)
{
	uint32_t i;

	for (i = 0; i < x->n_maps; i++)
		free(x->maps[i].segs);
	free(x->maps);
	memset(x, 0, sizeof(*x));
}

void exposure_keep_view(struct exposure *x, const char *view)
{
	uint32_t i, n = 0;

	for (i = 0; i < x->n_maps; i++) {
		if (strcmp(x->maps[i].view->name, view)) {
			free(x->maps[i].segs);
			continue;
		}
		x->maps[n++] = x->maps[i];
	}
	x->n_maps = n;
}

const struct exposure_map *exposure_find(const struct exposure *x,
					 const struct fwd_view *view,
					 enum fwd_family fam, enum fwd_dir dir,
					 uint8_t proto)
{
	uint32_t i;

	for (i = 0; i < x->n_maps; i++) {
		const struct exposure_map *m = &x->maps[i];

		if (m->view == view && m->family == fam && m->dir == dir &&
		    m->proto == proto)
			return m;
	}
	return NULL;
}

int exposure_ports(const struct exposure_map *m, enum fwd_label label,
		   struct portset *out)
{
	uint32_t i;

	out->n = 0;
	for (i = 0; i < m->n_segs; i++) {
		uint16_t lo = m->segs[i].lo ? m->segs[i].lo : 1;

		if (m->segs[i].label != label || m->segs[i].hi < lo)
			continue;
		if (portset_append(out, lo, m->segs[i].hi))
			return FWD_ENOMEM;
	}
	portset_normalize(out);
	return 0;
}
