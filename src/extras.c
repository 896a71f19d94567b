/*
 * extras.c — what is open beyond the baseline. Only directions whose
 * default is deny have extras port by port; an inbound direction that
 * accepts by default is one finding, not 65,535.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extras.h"
#include "fingerprint.h"

static struct extra *new_extra(struct report *r)
{
	struct extra *e;

	if (r->n_extras == r->cap_extras) {
		unsigned cap = r->cap_extras ? 2 * r->cap_extras : 16;
		void *p = realloc(r->extras, cap * sizeof(*r->extras));

		if (!p)
			return NULL;
		r->extras = p;
		r->cap_extras = cap;
	}
	e = &r->extras[r->n_extras++];
	memset(e, 0, sizeof(*e));
	return e;
}

static void extra_ev(struct extra *e, enum ev_role role,
		     const struct fwd_rule *rule, const struct fwd_chain *pol)
{
	unsigned i;

	if ((!rule && !pol) || e->n_ev >= EXTRA_MAX_EV)
		return;
	for (i = 0; i < e->n_ev; i++)
		if (e->ev[i].rule == rule && e->ev[i].policy == pol)
			return;
	e->ev[e->n_ev].role = role;
	e->ev[e->n_ev].rule = rule;
	e->ev[e->n_ev].policy = rule ? NULL : pol;
	e->n_ev++;
}

static int required_ports(const struct report *r, enum fwd_dir dir,
			  uint8_t proto, struct portset *out)
{
	unsigned i;
	int rc = 0;

	out->n = 0;
	for (i = 0; r->sel && i < r->sel->n_items && !rc; i++) {
		const struct req_item *it = &r->sel->items[i];

		if (it->dir == dir && it->proto == proto &&
		    it->req->expect != EXPECT_CLOSED)
			rc = portset_union(out, &it->req->ports);
	}
	return rc;
}

/* The whole inbound direction accepts: one finding per family. */
static int default_accept(struct report *r, const struct exposure_map *tcp,
			  const struct exposure_map *udp)
{
	const struct exposure_map *maps[2] = { tcp, udp };
	struct extra *e = new_extra(r);
	unsigned k, i;

	if (!e)
		return FWD_ENOMEM;
	e->view = tcp->view;
	e->family = tcp->family;
	e->dir = tcp->dir;
	e->proto = tcp == udp ? tcp->proto : 0;
	e->default_accept = true;
	e->label = LABEL_OPEN;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < maps[k]->n_segs; i++) {
			const struct exposure_seg *s = &maps[k]->segs[i];

			if (s->label == LABEL_OPEN && !s->ev.decided_by) {
				extra_ev(e, EV_DECIDED, NULL, s->ev.policy_of);
				if (k == 0 && portset_append(&e->ports, s->lo ? s->lo : 1,
							     s->hi))
					return FWD_ENOMEM;
			}
		}
	}
	portset_normalize(&e->ports);
	return 0;
}

/* Take the ports that unexpired waivers cover out of seg. */
static int apply_waivers(struct report *r, const struct exposure_map *m,
			 const struct exposure_seg *s, struct portset *seg)
{
	struct portset hit = PORTSET_INIT;
	unsigned i;
	int rc = 0;

	for (i = 0; i < r->n_waivers && seg->n && !rc; i++) {
		struct waiver_use *wu = &r->waivers[i];
		const struct bl_waiver *w = wu->w;

		if (wu->expired || w->requirement ||
		    !(w->dirs & (1u << m->dir)) ||
		    !(w->protos & (m->proto == FWD_PROTO_TCP ? 1u : 2u)) ||
		    (w->family >= 0 && w->family != (int)m->family) ||
		    (w->rule && !fingerprint_names_rule(w->rule, s->ev.decided_by) &&
		     !fingerprint_names_rule(w->rule, s->ev.cond_by)))
			continue;
		if ((rc = portset_intersect(&hit, seg, &w->ports)) || !hit.n)
			continue;
		wu->hits++;
		if (!(rc = portset_union(&wu->ports, &hit)))
			rc = portset_subtract(seg, &w->ports);
	}
	portset_free(&hit);
	return rc;
}

/*
 * The extras of one map, by the rule (or policy) that decides them and
 * their label: ports opened by the same rule become one extra. Indexed by
 * hash, since a kube node has thousands (a scan of the extras so far for
 * every segment was quadratic).
 */
struct extra_index {
	unsigned *slot; /* extra index + 1, 0 for empty */
	size_t mask;
};

static size_t extra_hash(const void *rule, const void *policy, int label)
{
	uint64_t h = (uint64_t)(uintptr_t)rule * 0x9E3779B97F4A7C15ull;

	h ^= (uint64_t)(uintptr_t)policy * 0xC2B2AE3D27D4EB4Full;
	h ^= (uint64_t)label;
	return (size_t)(h ^ (h >> 31));
}

/* The slot where the extra for (rule, policy, label) is or would go. */
static unsigned *extra_slot(const struct extra_index *ix,
			    const struct report *r, const void *rule,
			    const void *policy, int label)
{
	size_t i = extra_hash(rule, policy, label) & ix->mask;

	for (; ix->slot[i]; i = (i + 1) & ix->mask) {
		const struct extra *x = &r->extras[ix->slot[i] - 1];

		if ((int)x->label == label && x->ev[0].rule == rule &&
		    x->ev[0].policy == policy)
			break;
	}
	return &ix->slot[i];
}

static int collect_map(struct report *r, const struct exposure_map *m)
{
	struct portset req = PORTSET_INIT, seg = PORTSET_INIT;
	struct extra_index ix = { NULL, 0 };
	size_t size = 16;
	unsigned i;
	int rc;

	while (size < 2 * (size_t)m->n_segs)
		size *= 2;
	if (!(ix.slot = calloc(size, sizeof(*ix.slot))))
		return FWD_ENOMEM;
	ix.mask = size - 1;
	if ((rc = required_ports(r, m->dir, m->proto, &req)))
		goto out;
	for (i = 0; i < m->n_segs && !rc; i++) {
		const struct exposure_seg *s = &m->segs[i];
		struct extra *e = NULL;
		unsigned *slot = NULL;

		if (s->label == LABEL_CLOSED || s->hi == 0)
			continue;
		seg.n = 0;
		if ((rc = portset_append(&seg, s->lo ? s->lo : 1, s->hi)) ||
		    (rc = portset_subtract(&seg, &req)) ||
		    (rc = apply_waivers(r, m, s, &seg)))
			break;
		if (!seg.n)
			continue;
		/* Group the ports that the same rules open (a segment that
		 * nothing decides has no evidence and stays on its own). */
		if (s->ev.decided_by || s->ev.policy_of) {
			slot = extra_slot(&ix, r, s->ev.decided_by,
					  s->ev.policy_of, s->label);
			if (*slot)
				e = &r->extras[*slot - 1];
		}
		if (!e) {
			if (!(e = new_extra(r))) {
				rc = FWD_ENOMEM;
				break;
			}
			e->view = m->view;
			e->family = m->family;
			e->dir = m->dir;
			e->proto = m->proto;
			e->label = (enum fwd_label)s->label;
			extra_ev(e, EV_DECIDED, s->ev.decided_by, s->ev.policy_of);
			if (slot)
				*slot = r->n_extras;
		}
		extra_ev(e, EV_CONDITION, s->ev.cond_by, NULL);
		rc = portset_union(&e->ports, &seg);
	}
out:
	free(ix.slot);
	portset_free(&req);
	portset_free(&seg);
	return rc;
}

int extras_collect(struct report *r, const struct fwd_view *view)
{
	uint32_t i;
	int rc = 0;

	for (i = 0; i < r->x->n_maps && !rc; i++) {
		const struct exposure_map *m = &r->x->maps[i];

		if (m->view != view)
			continue;
		if (m->default_deny) {
			rc = collect_map(r, m);
		} else if (m->dir == DIR_IN && m->proto == FWD_PROTO_TCP) {
			const struct exposure_map *udp = exposure_find(
				r->x, view, m->family, DIR_IN, FWD_PROTO_UDP);

			if (udp && !udp->default_deny)
				rc = default_accept(r, m, udp);
			else
				rc = default_accept(r, m, m);
		} else if (m->dir == DIR_IN) {
			const struct exposure_map *tcp = exposure_find(
				r->x, view, m->family, DIR_IN, FWD_PROTO_TCP);

			if (tcp && tcp->default_deny)
				rc = default_accept(r, m, m);
		}
	}
	return rc;
}
