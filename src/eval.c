/*
 * eval.c — the evaluator: walks the base chains of one hook with port
 * interval sets and labels every port open, restricted or closed.
 *
 * The packet class is "a new connection between this host and a remote
 * peer, destination port P". Each rule matches ALL, SOME or NONE of that
 * class apart from ports; SOME covers source addresses, interfaces and
 * unresolved matches. Per port interval we track whether packets still
 * reach the current rule (reach) and whether some were accepted or
 * dropped so far; a port is open when nothing was dropped, closed when
 * nothing was accepted, restricted otherwise. Cost is rules x touched
 * intervals: a rule only visits the intervals its ports select.
 *
 * A rule that matched SOME packets and left none of them in the chain
 * (a conditional accept/drop/return/goto, or a jump whose target decided
 * every packet it got) "covers" its condition for the interval: a later
 * rule of the same chain whose packets all meet that condition reaches
 * none of that interval's packets. Without it, firewalld's
 *   iifname "eth0" jump filter_IN_public;  iifname "eth0" reject
 * would look like a reject of eth0's accepted ports.
 */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "match_class.h"
#include "portset.h"

struct seg_state {
	uint8_t reach;
	uint8_t acc, rej;
	uint8_t acc_policy, rej_policy;
	const struct fwd_rule *acc_by, *rej_by, *cond_by, *shadowed;
	const struct fwd_rule *covered; /* see above; NULL: none */
};

struct span {
	uint32_t a, b; /* inclusive segment indices */
};

struct spans {
	struct span *v;
	uint32_t n, cap;
};

#define MAX_DEPTH 64

struct frame_buf {
	uint8_t *ret;    /* per segment: reach that returns to the caller */
	uint8_t *saved;  /* per segment: state before a jump */
	const struct fwd_rule **saved_cov; /* per segment: covered before */
};

/* saved: reach in bits 0-1, acc 2, rej 3; the rule did not apply 4 */
#define SAVED_SKIP 0x10u

struct eval {
	const struct eval_query *q;
	const uint32_t *bounds; /* segment i starts at bounds[i] */
	uint32_t nseg;
	struct seg_state *st;
	struct frame_buf frames[MAX_DEPTH + 1];
	struct portset tmp;
	struct fwd_error *err;
};

static int spans_push(struct spans *s, uint32_t a, uint32_t b)
{
	if (s->n && s->v[s->n - 1].b + 1 == a) {
		s->v[s->n - 1].b = b;
		return 0;
	}
	if (s->n == s->cap) {
		uint32_t cap = s->cap ? s->cap * 2 : 16;
		struct span *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return FWD_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].a = a;
	s->v[s->n].b = b;
	s->n++;
	return 0;
}

/* Index of the segment holding port p. */
static uint32_t seg_of(const struct eval *ev, uint32_t p)
{
	uint32_t lo = 0, hi = ev->nseg;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ev->bounds[mid] <= p)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * out = the segments of window win that the rule's ports select. Rule
 * port boundaries are segment boundaries by construction.
 */
static int select_spans(struct eval *ev, const struct fwd_rule *r,
			const struct spans *win, struct spans *out)
{
	struct portset *ps = &ev->tmp;
	uint32_t i = 0, j = 0;
	int rc;

	out->n = 0;
	if ((rc = portset_from_match(ps, &r->dport)))
		return rc;
	while (i < ps->n && j < win->n) {
		uint32_t a = seg_of(ev, ps->r[i].lo), b = seg_of(ev, ps->r[i].hi);
		uint32_t lo = a > win->v[j].a ? a : win->v[j].a;
		uint32_t hi = b < win->v[j].b ? b : win->v[j].b;

		if (lo <= hi && (rc = spans_push(out, lo, hi)))
			return rc;
		if (b < win->v[j].b)
			i++;
		else
			j++;
	}
	return 0;
}

static uint8_t join(uint8_t x, uint8_t y)
{
	if (x == REACH_ALL || y == REACH_ALL)
		return REACH_ALL;
	return x | y; /* NONE 0, SOME 1 */
}

static int frame_ready(struct eval *ev, unsigned depth)
{
	struct frame_buf *f = &ev->frames[depth];

	if (f->ret)
		return 0;
	f->ret = calloc(ev->nseg, 1);
	f->saved = calloc(ev->nseg, 1);
	f->saved_cov = calloc(ev->nseg, sizeof(*f->saved_cov));
	return f->ret && f->saved && f->saved_cov ? 0 : FWD_ENOMEM;
}

/* The rule reaches none of the segment's packets that are left: an
 * earlier rule of this chain whose condition holds for all of them took
 * them all. */
static bool covered(const struct eval *ev, const struct seg_state *s,
		    const struct fwd_rule *r, uint8_t m)
{
	return m == REACH_SOME && s->covered &&
	       match_covers(s->covered, r, ev->q->family, ev->q->dir,
			    ev->q->proto);
}

static int eval_chain(struct eval *ev, const struct fwd_chain *c,
		      const struct spans *win, unsigned depth);

static void apply_terminal(const struct eval *ev, struct seg_state *s,
			   const struct fwd_rule *r, uint8_t m)
{
	if (s->reach == REACH_NONE) {
		if (r->verdict == FWD_VERDICT_ACCEPT && s->rej && !s->acc &&
		    !s->shadowed)
			s->shadowed = r;
		return;
	}
	if (covered(ev, s, r, m))
		return;
	if (m == REACH_SOME) {
		if (!s->cond_by)
			s->cond_by = r;
		s->covered = r;
	}
	switch (r->verdict) {
	case FWD_VERDICT_ACCEPT:
		s->acc = 1;
		if (!s->acc_by)
			s->acc_by = r;
		break;
	case FWD_VERDICT_QUEUE:
		s->acc = s->rej = 1;
		if (!s->cond_by)
			s->cond_by = r;
		if (!s->acc_by)
			s->acc_by = r;
		if (!s->rej_by)
			s->rej_by = r;
		break;
	default: /* DROP, REJECT */
		s->rej = 1;
		if (!s->rej_by)
			s->rej_by = r;
		break;
	}
	s->reach = m == REACH_ALL ? REACH_NONE : REACH_SOME;
}

static int apply_jump(struct eval *ev, const struct fwd_rule *r, uint8_t m,
		      struct spans *sel, unsigned depth)
{
	struct frame_buf *f = &ev->frames[depth];
	struct spans win = { 0 };
	uint32_t k, i;
	int rc = 0;

	if (depth + 1 > MAX_DEPTH)
		return fwd_error_set(ev->err, FWD_EINVAL, r->where, 0, 0,
				     "jumps nest deeper than %d levels",
				     MAX_DEPTH);
	/* Only segments that packets still reach enter the target. */
	for (k = 0; k < sel->n && !rc; k++)
		for (i = sel->v[k].a; i <= sel->v[k].b && !rc; i++) {
			struct seg_state *s = &ev->st[i];

			f->saved[i] = s->reach | (uint8_t)(s->acc << 2) |
				      (uint8_t)(s->rej << 3);
			f->saved_cov[i] = s->covered;
			if (s->reach == REACH_NONE)
				continue;
			if (covered(ev, s, r, m)) {
				f->saved[i] |= SAVED_SKIP;
				continue;
			}
			if (m == REACH_SOME)
				s->reach = REACH_SOME;
			rc = spans_push(&win, i, i);
		}
	if (!rc && win.n)
		rc = eval_chain(ev, r->target_chain, &win, depth + 1);
	free(win.v);
	if (rc)
		return rc;
	for (k = 0; k < sel->n; k++)
		for (i = sel->v[k].a; i <= sel->v[k].b; i++) {
			struct seg_state *s = &ev->st[i];
			uint8_t before = f->saved[i] & 3;
			bool decided = s->acc != ((f->saved[i] >> 2) & 1) ||
				       s->rej != ((f->saved[i] >> 3) & 1);

			if (before == REACH_NONE || (f->saved[i] & SAVED_SKIP))
				continue;
			/* what the target learnt holds only for the packets
			 * that went in */
			s->covered = f->saved_cov[i];
			if (r->verdict == FWD_VERDICT_GOTO) {
				/* What falls off the target returns past us. */
				f->ret[i] = join(f->ret[i], s->reach);
				s->reach = m == REACH_ALL ? REACH_NONE
							  : REACH_SOME;
				if (m == REACH_SOME)
					s->covered = r;
			} else if (m == REACH_SOME) {
				if (s->reach == REACH_NONE)
					s->covered = r; /* all decided inside */
				s->reach = decided || s->reach != REACH_SOME
						   ? REACH_SOME
						   : before;
			}
		}
	return 0;
}

static int eval_chain(struct eval *ev, const struct fwd_chain *c,
		      const struct spans *win, unsigned depth)
{
	struct frame_buf *f;
	struct spans sel = { 0 };
	uint32_t r, k, i;
	int rc = 0;

	if ((rc = frame_ready(ev, depth)))
		return rc;
	f = &ev->frames[depth];
	for (k = 0; k < win->n; k++)
		memset(f->ret + win->v[k].a, 0, win->v[k].b - win->v[k].a + 1);

	for (r = 0; r < c->n_rules && !rc; r++) {
		const struct fwd_rule *rule = c->rules[r];
		uint8_t m;

		if (rule->inactive || rule->verdict == FWD_VERDICT_CONTINUE)
			continue;
		m = match_class(rule, ev->q->family, ev->q->dir, ev->q->proto);
		if (m == REACH_NONE)
			continue;
		if ((rc = select_spans(ev, rule, win, &sel)))
			break;
		switch (rule->verdict) {
		case FWD_VERDICT_JUMP:
		case FWD_VERDICT_GOTO:
			rc = apply_jump(ev, rule, m, &sel, depth);
			break;
		case FWD_VERDICT_RETURN:
			for (k = 0; k < sel.n; k++)
				for (i = sel.v[k].a; i <= sel.v[k].b; i++) {
					struct seg_state *s = &ev->st[i];

					if (s->reach == REACH_NONE ||
					    covered(ev, s, rule, m))
						continue;
					f->ret[i] = join(f->ret[i],
							 m == REACH_ALL ? s->reach
									: REACH_SOME);
					if (m == REACH_ALL)
						s->reach = REACH_NONE;
					else
						s->covered = rule;
				}
			break;
		default:
			for (k = 0; k < sel.n; k++)
				for (i = sel.v[k].a; i <= sel.v[k].b; i++)
					apply_terminal(ev, &ev->st[i], rule, m);
			break;
		}
	}
	free(sel.v);
	if (rc)
		return rc;
	for (k = 0; k < win->n; k++)
		for (i = win->v[k].a; i <= win->v[k].b; i++)
			ev->st[i].reach = join(ev->st[i].reach, f->ret[i]);
	return 0;
}

/* Collect every port boundary the rules of this view use. */
static int build_bounds(const struct fwd_view *v, uint32_t **out,
			uint32_t *n_out)
{
	uint8_t *mark = calloc(65537, 1);
	uint32_t c, r, k, n = 0, p;
	uint32_t *b;

	if (!mark)
		return FWD_ENOMEM;
	mark[0] = 1;
	for (c = 0; c < v->n_chains; c++)
		for (r = 0; r < v->chains[c]->n_rules; r++) {
			const struct fwd_port_match *m =
				&v->chains[c]->rules[r]->dport;

			for (k = 0; k < m->n; k++) {
				mark[m->ranges[k].lo] = 1;
				mark[(uint32_t)m->ranges[k].hi + 1] = 1;
			}
		}
	for (p = 0; p <= 65535; p++)
		n += mark[p];
	b = malloc(n * sizeof(*b));
	if (!b) {
		free(mark);
		return FWD_ENOMEM;
	}
	for (p = 0, k = 0; p <= 65535; p++)
		if (mark[p])
			b[k++] = p;
	free(mark);
	*out = b;
	*n_out = n;
	return 0;
}

static void free_eval(struct eval *ev)
{
	unsigned d;

	for (d = 0; d <= MAX_DEPTH; d++) {
		free(ev->frames[d].ret);
		free(ev->frames[d].saved);
		free(ev->frames[d].saved_cov);
	}
	free(ev->st);
	portset_free(&ev->tmp);
}

int eval_bounds(const struct fwd_view *v, struct eval_bounds *b)
{
	return build_bounds(v, &b->bounds, &b->n);
}

void eval_bounds_free(struct eval_bounds *b)
{
	free(b->bounds);
	b->bounds = NULL;
	b->n = 0;
}

int eval_chain_labels(const struct eval_query *q, const struct eval_bounds *b,
		      const struct fwd_chain *base, struct chain_result *out,
		      struct fwd_error *err)
{
	struct eval ev = { .q = q, .bounds = b->bounds, .nseg = b->n,
			   .err = err };
	struct spans all = { 0 };
	uint32_t i;
	int rc;

	ev.st = calloc(b->n, sizeof(*ev.st));
	out->labels = malloc(b->n * sizeof(*out->labels));
	if (!ev.st || !out->labels || spans_push(&all, 0, b->n - 1)) {
		free(all.v);
		free_eval(&ev);
		return FWD_ENOMEM;
	}
	for (i = 0; i < b->n; i++)
		ev.st[i].reach = REACH_ALL;
	rc = eval_chain(&ev, base, &all, 0);
	free(all.v);
	for (i = 0; i < b->n && !rc; i++) {
		struct seg_state *s = &ev.st[i];
		struct seg_label *l = &out->labels[i];

		if (s->reach != REACH_NONE) {
			if (base->policy == FWD_VERDICT_ACCEPT)
				s->acc = s->acc_policy = 1;
			else
				s->rej = s->rej_policy = 1;
		}
		memset(l, 0, sizeof(*l));
		l->label = !s->acc ? LABEL_CLOSED
			   : s->rej ? LABEL_RESTRICTED
				    : LABEL_OPEN;
		l->acc_by = s->acc_by;
		l->rej_by = s->rej_by;
		l->cond_by = s->cond_by;
		l->shadowed = s->shadowed;
		l->acc_policy = s->acc_policy && !s->acc_by;
		l->rej_policy = s->rej_policy && !s->rej_by;
	}
	free_eval(&ev);
	return rc;
}
