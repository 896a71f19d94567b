/*
 * diff.c — one status per checked requirement and view: compliant,
 * missing, or conflicting (with the kind of conflict), each with the
 * rules that show it and one example packet. Extras live in extras.c.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diff.h"
#include "extras.h"
#include "match_class.h"
#include "ruleset.h"

const char *status_name(enum status s)
{
	return s == ST_MISSING ? "missing"
	       : s == ST_CONFLICTING ? "conflicting" : "compliant";
}

const char *conflict_name(enum conflict c)
{
	static const char *const names[] = {
		"none", "shadowed", "explicit-block", "family-mismatch",
		"wrong-protocol", "inactive-rule", "backend-mismatch",
		"restricted", "open-to-all", "not-closed",
	};
	return names[c];
}

const char *severity_status(enum severity s)
{
	return s == SEV_CRITICAL ? "CRITICAL" : s == SEV_WARNING ? "WARNING"
								 : "OK";
}

const char *ev_role_name(enum ev_role r)
{
	static const char *const names[] = {
		"decided", "condition", "shadowed-accept", "blocked-by",
		"inactive-rule", "other-backend", "opened-by",
	};
	return names[r];
}

static void add_ev(struct finding *f, enum ev_role role,
		   const struct fwd_rule *rule, const struct fwd_chain *pol)
{
	unsigned i;

	if ((!rule && !pol) || f->n_ev >= FINDING_MAX_EV)
		return;
	for (i = 0; i < f->n_ev; i++)
		if (f->ev[i].rule == rule && f->ev[i].policy == pol)
			return;
	f->ev[f->n_ev].role = role;
	f->ev[f->n_ev].rule = rule;
	f->ev[f->n_ev].policy = rule ? NULL : pol;
	f->n_ev++;
}

static const struct exposure_seg *seg_at(const struct exposure_map *m,
					 uint16_t port)
{
	uint32_t lo = 0, hi = m->n_segs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->segs[mid].hi < port)
			lo = mid + 1;
		else if (m->segs[mid].lo > port)
			hi = mid;
		else
			return &m->segs[mid];
	}
	return NULL;
}

/* A source address for the example packet, inside or outside a rule's
 * remote prefixes, from the documentation ranges when outside. */
static void example_source(char *buf, size_t len, const struct fwd_rule *r,
			   enum fwd_family fam, enum fwd_dir dir, bool inside)
{
	static const char *const v4[] = { "203.0.113.10", "198.51.100.10",
					   "192.0.2.10" };
	static const char *const v6[] = { "2001:db8::10", "2001:db8:1::10",
					  "3fff::10" };
	const struct fwd_addr_match *m = r ? (dir == DIR_IN ? &r->saddr
							    : &r->daddr)
					   : NULL;
	unsigned i, k;

	buf[0] = '\0';
	if (m && inside && !m->negate)
		for (i = 0; i < m->n; i++)
			if (m->prefixes[i].family == fam) {
				struct fwd_prefix p = m->prefixes[i];
				unsigned last = fam == FWD_IPV6 ? 15 : 3;

				if (p.len < (fam == FWD_IPV6 ? 128 : 32))
					p.addr[last] |= 1;
				inet_ntop(fam == FWD_IPV6 ? AF_INET6 : AF_INET,
					  p.addr, buf, (socklen_t)len);
				return;
			}
	for (k = 0; k < 3; k++) {
		const char *cand = fam == FWD_IPV6 ? v6[k] : v4[k];
		struct fwd_prefix c;
		bool covered = false;

		fwd_prefix_parse(cand, &c);
		for (i = 0; m && i < m->n; i++) {
			const struct fwd_prefix *p = &m->prefixes[i];
			unsigned bits = p->len, b;

			if (p->family != fam)
				continue;
			for (b = 0; b < bits; b++)
				if (((c.addr[b / 8] ^ p->addr[b / 8]) >>
				     (7 - b % 8)) & 1)
					break;
			covered |= b == bits;
		}
		if (covered == (m && m->negate)) {
			snprintf(buf, len, "%s", cand);
			return;
		}
	}
	snprintf(buf, len, "%s", fam == FWD_IPV6 ? v6[0] : v4[0]);
}

/* An inactive accept rule that would have let this packet in. */
static const struct fwd_rule *inactive_accept(const struct fwd_view *v,
					      enum fwd_family fam,
					      enum fwd_dir dir, uint8_t proto,
					      uint16_t port)
{
	uint32_t c, r;

	for (c = 0; c < v->n_chains; c++)
		for (r = 0; r < v->chains[c]->n_rules; r++) {
			const struct fwd_rule *rule = v->chains[c]->rules[r];
			struct portset ps = PORTSET_INIT;
			bool hit;

			if (!rule->inactive ||
			    rule->verdict != FWD_VERDICT_ACCEPT ||
			    match_class(rule, fam, dir, proto) == REACH_NONE)
				continue;
			hit = portset_from_match(&ps, &rule->dport) == 0 &&
			      portset_contains(&ps, port);
			portset_free(&ps);
			if (hit)
				return rule;
		}
	return NULL;
}

struct fam_view {
	const struct exposure_map *m;
	struct portset open, restr, closed;
};

static void fam_free(struct fam_view *fv)
{
	portset_free(&fv->open);
	portset_free(&fv->restr);
	portset_free(&fv->closed);
}

static int fam_load(struct fam_view *fv, const struct exposure_map *m,
		    const struct portset *want)
{
	struct portset tmp = PORTSET_INIT;
	int rc;

	fv->m = m;
	rc = exposure_ports(m, LABEL_OPEN, &tmp);
	if (!rc)
		rc = portset_intersect(&fv->open, &tmp, want);
	if (!rc)
		rc = exposure_ports(m, LABEL_RESTRICTED, &tmp);
	if (!rc)
		rc = portset_intersect(&fv->restr, &tmp, want);
	if (!rc)
		rc = exposure_ports(m, LABEL_CLOSED, &tmp);
	if (!rc)
		rc = portset_intersect(&fv->closed, &tmp, want);
	portset_free(&tmp);
	return rc;
}

static bool port_reachable(const struct exposure_map *m, uint16_t port)
{
	const struct exposure_seg *s = m ? seg_at(m, port) : NULL;

	return s && s->label != LABEL_CLOSED;
}

/* A required port is closed: find out whether rules contradict each
 * other over it (conflicting) or nothing opens it (missing). */
static void explain_closed(struct finding *f, const struct exposure *x,
			   struct fam_view *fams, unsigned n_fam, unsigned bad)
{
	const struct req_item *it = f->item;
	const struct exposure_map *m = fams[bad].m;
	uint16_t port = fams[bad].closed.r[0].lo;
	const struct exposure_seg *s = seg_at(m, port);
	const struct fwd_rule *dead;
	unsigned k;

	f->example = (struct example_packet){ true, m->family, it->proto,
					      port, "" };
	f->severity = SEV_CRITICAL;
	f->status = ST_CONFLICTING;
	add_ev(f, EV_DECIDED, s->ev.decided_by, s->ev.policy_of);
	if (s->ev.backend_conflict) {
		f->conflict = CF_BACKEND;
		add_ev(f, EV_OTHER_BACKEND, s->ev.other_rule, NULL);
	} else if (s->ev.shadowed) {
		f->conflict = CF_SHADOWED;
		add_ev(f, EV_SHADOWED, s->ev.shadowed, NULL);
		example_source(f->example.src, sizeof(f->example.src),
			       s->ev.shadowed, m->family, it->dir, true);
	} else if ((dead = inactive_accept(m->view, m->family, it->dir,
					   it->proto, port)) != NULL) {
		f->conflict = CF_INACTIVE_RULE;
		add_ev(f, EV_INACTIVE, dead, NULL);
	} else {
		for (k = 0; k < n_fam; k++)
			if (k != bad && port_reachable(fams[k].m, port)) {
				const struct exposure_seg *o =
					seg_at(fams[k].m, port);

				f->conflict = CF_FAMILY;
				add_ev(f, EV_OPENED_BY, o->ev.decided_by,
				       o->ev.policy_of);
				return;
			}
		const struct exposure_map *other = exposure_find(
			x, m->view, m->family, it->dir,
			it->proto == FWD_PROTO_TCP ? FWD_PROTO_UDP
						   : FWD_PROTO_TCP);
		const struct fwd_rule *by = s->ev.decided_by;

		if (other && port_reachable(other, port) &&
		    seg_at(other, port)->ev.decided_by) {
			f->conflict = CF_WRONG_PROTOCOL;
			add_ev(f, EV_OPENED_BY, seg_at(other, port)->ev.decided_by,
			       NULL);
		} else if (by && by->dport.n && !by->dport.negate) {
			f->conflict = CF_EXPLICIT_BLOCK;
		} else {
			f->status = ST_MISSING;
		}
	}
}

static int check_item(struct finding *f, const struct exposure *x,
		      const struct fwd_view *view)
{
	const struct req_item *it = f->item;
	const struct bl_req *req = it->req;
	struct fam_view fams[FWD_FAMILY_COUNT];
	struct portset bad = PORTSET_INIT;
	unsigned n = 0, k, worst_fam = 0;
	bool any_closed = false, any_restr = false, any_open = false;
	int rc = 0;

	memset(fams, 0, sizeof(fams));
	for (int fam = 0; fam < FWD_FAMILY_COUNT; fam++) {
		const struct exposure_map *m =
			exposure_find(x, view, (enum fwd_family)fam, it->dir,
				      it->proto);

		if (!m)
			continue;
		if ((rc = fam_load(&fams[n], m, &req->ports)))
			goto out;
		if (fams[n].closed.n && !any_closed) {
			any_closed = true;
			worst_fam = n;
		}
		any_restr |= fams[n].restr.n > 0;
		any_open |= fams[n].open.n > 0;
		n++;
	}
	f->status = ST_COMPLIANT;
	f->severity = SEV_OK;
	if (!n) {
		snprintf(f->message, sizeof(f->message),
			 "no IP family of this view was read");
		goto out;
	}
	if (req->expect == EXPECT_CLOSED) {
		for (k = 0; k < n && !rc; k++) {
			rc = portset_union(&bad, &fams[k].open);
			if (!rc)
				rc = portset_union(&bad, &fams[k].restr);
			if (!rc && !f->example.set &&
			    (fams[k].open.n || fams[k].restr.n)) {
				uint16_t p = fams[k].open.n ? fams[k].open.r[0].lo
							     : fams[k].restr.r[0].lo;
				const struct exposure_seg *s = seg_at(fams[k].m, p);

				f->example = (struct example_packet){
					true, fams[k].m->family, it->proto, p, ""
				};
				add_ev(f, EV_OPENED_BY, s->ev.decided_by,
				       s->ev.policy_of);
				add_ev(f, EV_CONDITION, s->ev.cond_by, NULL);
			}
		}
		if (bad.n) {
			f->status = ST_CONFLICTING;
			f->conflict = CF_NOT_CLOSED;
			f->severity = SEV_WARNING;
		}
	} else if (any_closed) {
		rc = portset_copy(&bad, &fams[worst_fam].closed);
		explain_closed(f, x, fams, n, worst_fam);
	} else if ((req->expect == EXPECT_OPEN && !req->peer_any) || !any_restr) {
		if (req->expect == EXPECT_RESTRICTED && any_open) {
			for (k = 0; k < n && !rc; k++)
				rc = portset_union(&bad, &fams[k].open);
			f->status = ST_CONFLICTING;
			f->conflict = CF_OPEN_TO_ALL;
			f->severity = SEV_WARNING;
			for (k = 0; k < n; k++)
				if (fams[k].open.n) {
					const struct exposure_seg *s = seg_at(
						fams[k].m, fams[k].open.r[0].lo);

					f->example = (struct example_packet){
						true, fams[k].m->family, it->proto,
						fams[k].open.r[0].lo, ""
					};
					example_source(f->example.src,
						       sizeof(f->example.src),
						       NULL, fams[k].m->family,
						       it->dir, false);
					add_ev(f, EV_OPENED_BY, s->ev.decided_by,
					       s->ev.policy_of);
					break;
				}
		}
	} else if (req->expect == EXPECT_OPEN) {
		/* Reachable only from some sources, but anyone must reach it. */
		for (k = 0; k < n && !rc; k++)
			rc = portset_union(&bad, &fams[k].restr);
		f->status = ST_CONFLICTING;
		f->conflict = CF_RESTRICTED;
		f->severity = SEV_WARNING;
		for (k = 0; k < n; k++)
			if (fams[k].restr.n) {
				const struct exposure_seg *s =
					seg_at(fams[k].m, fams[k].restr.r[0].lo);

				f->example = (struct example_packet){
					true, fams[k].m->family, it->proto,
					fams[k].restr.r[0].lo, ""
				};
				example_source(f->example.src,
					       sizeof(f->example.src),
					       s->ev.cond_by, fams[k].m->family,
					       it->dir, false);
				add_ev(f, EV_CONDITION, s->ev.cond_by, NULL);
				add_ev(f, EV_DECIDED, s->ev.decided_by,
				       s->ev.policy_of);
				break;
			}
	}
	if (!rc && bad.n && !(f->bad_ports = portset_format(&bad)))
		rc = FWD_ENOMEM;
	if (!rc && f->status == ST_COMPLIANT)
		for (k = 0; k < n; k++)
			if (fams[k].open.n || fams[k].restr.n) {
				uint16_t p = fams[k].open.n ? fams[k].open.r[0].lo
							     : fams[k].restr.r[0].lo;
				const struct exposure_seg *s = seg_at(fams[k].m, p);

				if (req->expect != EXPECT_CLOSED)
					add_ev(f, EV_DECIDED, s->ev.decided_by,
					       s->ev.policy_of);
				break;
			}
out:
	for (k = 0; k < FWD_FAMILY_COUNT; k++)
		fam_free(&fams[k]);
	portset_free(&bad);
	return rc;
}

static void describe(struct finding *f)
{
	const char *ports = f->bad_ports ? f->bad_ports : f->item->req->ports_spec;

	switch (f->status) {
	case ST_COMPLIANT:
		if (!f->message[0])
			snprintf(f->message, sizeof(f->message), "%s as required",
				 f->item->req->expect == EXPECT_CLOSED ? "closed"
								       : "reachable");
		return;
	case ST_MISSING:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s %s closed in %s: nothing accepts it",
			 proto_name(f->item->proto), ports, dir_name(f->item->dir),
			 fwd_family_name(f->example.family));
		return;
	default:
		break;
	}
	switch (f->conflict) {
	case CF_SHADOWED:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s: an accept rule is shadowed by an earlier "
			 "drop", proto_name(f->item->proto), ports);
		break;
	case CF_EXPLICIT_BLOCK:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s: a rule explicitly blocks this required port",
			 proto_name(f->item->proto), ports);
		break;
	case CF_FAMILY:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s: open in one IP family, closed in %s",
			 proto_name(f->item->proto), ports,
			 fwd_family_name(f->example.family));
		break;
	case CF_WRONG_PROTOCOL:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s closed, but the port is open over %s",
			 proto_name(f->item->proto), ports,
			 f->item->proto == FWD_PROTO_TCP ? "udp" : "tcp");
		break;
	case CF_INACTIVE_RULE:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s closed: the rule that would allow it is "
			 "inactive (%s)", proto_name(f->item->proto), ports,
			 f->ev[f->n_ev - 1].rule->inactive);
		break;
	case CF_BACKEND:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s: accepted by one firewall backend, dropped by "
			 "another on the same hook", proto_name(f->item->proto),
			 ports);
		break;
	case CF_RESTRICTED:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s reachable only from some sources, but its peer "
			 "(%s) can be anywhere", proto_name(f->item->proto),
			 ports, f->item->req->peer);
		break;
	case CF_OPEN_TO_ALL:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s is open to every source; it should be "
			 "restricted to trusted sources",
			 proto_name(f->item->proto), ports);
		break;
	case CF_NOT_CLOSED:
		snprintf(f->message, sizeof(f->message),
			 "%s/%s must stay closed%s%s%s, but it is reachable",
			 proto_name(f->item->proto), ports,
			 f->item->req->unless_feature ? " unless feature " : "",
			 f->item->req->unless_feature ? f->item->req->unless_feature
						      : "",
			 f->item->req->unless_feature ? " is selected" : "");
		break;
	default:
		break;
	}
}

/* The waiver of a requirement item, if any: by id or by item id. */
static struct waiver_use *req_waiver(struct report *r,
				     const struct req_item *it)
{
	for (unsigned i = 0; i < r->n_waivers; i++) {
		const char *name = r->waivers[i].w->requirement;

		if (name && (!strcmp(name, it->req->id) ||
			     !strcmp(name, it->id)))
			return &r->waivers[i];
	}
	return NULL;
}

static void count(struct report *r, struct finding *f)
{
	struct waiver_use *wu = f->status != ST_COMPLIANT
					? req_waiver(r, f->item) : NULL;

	if (wu && !wu->expired) {
		f->waiver = wu->w;
		f->severity = SEV_OK;
		wu->hits++;
		r->waived++;
		return;
	}
	if (wu)
		f->expired_waiver = wu->w;
	r->compliant += f->status == ST_COMPLIANT;
	r->missing += f->status == ST_MISSING;
	r->conflicting += f->status == ST_CONFLICTING;
	if (f->severity > r->worst)
		r->worst = f->severity;
}

static int load_waivers(struct report *r, const struct baseline *b)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	r->today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
		   tm.tm_mday;
	if (!b || !b->n_waivers)
		return 0;
	r->waivers = calloc(b->n_waivers, sizeof(*r->waivers));
	if (!r->waivers)
		return FWD_ENOMEM;
	for (unsigned i = 0; i < b->n_waivers; i++) {
		struct waiver_use *wu = &r->waivers[r->n_waivers++];

		wu->w = &b->waivers[i];
		wu->expired = r->today > wu->w->expires;
		r->expired_waivers += wu->expired;
	}
	return 0;
}

static bool view_selected(const struct fwd_view *v, const char *profile)
{
	if (!v->families_read)
		return false;
	return !profile || !strcmp(profile, v->name);
}

int diff_run(struct report *r, const struct baseline *b,
	     const struct selection *sel, const struct fwd_ruleset *rs,
	     const struct exposure *x, const char *profile,
	     struct fwd_error *err)
{
	uint32_t nv = fwd_ruleset_view_count(rs), v, views = 0;
	unsigned i;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->baseline = b;
	r->sel = sel;
	r->rs = rs;
	r->x = x;
	for (v = 0; v < nv; v++)
		views += view_selected(fwd_ruleset_view(rs, v), profile);
	if (!views)
		return fwd_error_set(err, FWD_ENOTFOUND, "fwdrift", 0, 0,
				     profile ? "no profile '%s' in the input "
				     "(see --dump-model)"
				     : "nothing was read%s", profile ? profile : "");
	r->findings = calloc((size_t)views * (sel ? sel->n_items : 0) + 1,
			     sizeof(*r->findings));
	if (!r->findings || load_waivers(r, b))
		return FWD_ENOMEM;
	for (v = 0; v < nv && !rc; v++) {
		const struct fwd_view *view = fwd_ruleset_view(rs, v);

		if (!view_selected(view, profile))
			continue;
		for (i = 0; sel && i < sel->n_items && !rc; i++) {
			struct finding *f = &r->findings[r->n_findings++];

			f->view = view;
			f->item = &sel->items[i];
			rc = check_item(f, x, view);
			describe(f);
			count(r, f);
		}
		if (!rc)
			rc = extras_collect(r, view);
	}
	if ((r->n_extras || r->expired_waivers) && r->worst < SEV_WARNING)
		r->worst = SEV_WARNING;
	return rc;
}

void diff_apply_thresholds(struct report *r, const struct thresholds *t)
{
	double v[TH_LABEL_COUNT];

	if (!t || !t->any)
		return;
	v[TH_MISSING] = r->missing;
	v[TH_CONFLICTING] = r->conflicting;
	v[TH_EXTRA] = r->n_extras;
	v[TH_COMPLIANT] = r->compliant;
	v[TH_READ_TIME] = r->read_seconds;
	r->th = t;
	r->worst = (enum severity)thresholds_status(t, v);
	/* An expired waiver is a finding the thresholds do not count. */
	if (r->expired_waivers && r->worst < SEV_WARNING)
		r->worst = SEV_WARNING;
}

void report_free(struct report *r)
{
	unsigned i;

	for (i = 0; i < r->n_findings; i++)
		free(r->findings[i].bad_ports);
	for (i = 0; i < r->n_extras; i++)
		portset_free(&r->extras[i].ports);
	for (i = 0; i < r->n_waivers; i++)
		portset_free(&r->waivers[i].ports);
	free(r->waivers);
	free(r->findings);
	free(r->extras);
	memset(r, 0, sizeof(*r));
}
