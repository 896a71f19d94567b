/*
 * xt_print.c — the text of a live rule, exactly as iptables-legacy-save
 * prints it (without counters), so that a live audit and an audit of the
 * saved file name the same rules in the same words.
 *
 * The IP part (-s -d -i -o -p -f) is printed here the way iptables'
 * print_rule4/print_rule6 do; matches and targets are printed by the
 * extensions' own save callbacks from libxtables, as iptables-save does.
 * Those callbacks write to stdout, so stdout is pointed at a memory
 * stream while they run, and libxtables' exit_err hook (which would end
 * the process) jumps back here instead.
 *
 * Never prints anything to the real stdout and never exits.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <getopt.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xtables.h>

#include "live.h"

static jmp_buf *escape;

static void __attribute__((noreturn, format(printf, 2, 3)))
on_exit_err(enum xtables_exittype status, const char *msg, ...)
{
	(void)status;
	(void)msg;
	if (escape)
		longjmp(*escape, 1);
	abort(); /* unreachable: every libxtables call runs under escape */
}

/*
 * Which revision to prefer when an extension offers several: only used
 * when building rules, never for printing (we look up the revision the
 * kernel holds). Answering without asking the kernel keeps reading free
 * of side effects such as module loading.
 */
static int any_revision(const char *name, uint8_t rev, int opt)
{
	(void)name;
	(void)rev;
	(void)opt;
	return 1;
}

static struct option no_opts[] = { { NULL, 0, NULL, 0 } };

static struct xtables_globals globals = {
	.option_offset = 0,
	.program_name = "fwdrift",
	.program_version = "iptables-reader",
	.orig_opts = no_opts,
	.exit_err = on_exit_err,
	.compat_rev = any_revision,
};

/*
 * Registration lists of libxtables. Only the two finished lists are in
 * <xtables.h>; the pending ones are exported too (1.8.x) but not
 * declared, so they are weak here.
 */
extern struct xtables_match *xtables_pending_matches __attribute__((weak));
extern struct xtables_target *xtables_pending_targets __attribute__((weak));

/*
 * Point libxtables at a family. An extension library registers only the
 * variants of the family current when it is loaded (libxt_DNAT.so has
 * IPv4 and IPv6 ones), so switching families unloads every extension
 * (xtables_fini) and forgets their registrations; the next lookup loads
 * them again for the new family.
 */
static int use_family(enum fwd_family fam)
{
	static int current = -1;
	uint8_t proto = fam == FWD_IPV6 ? NFPROTO_IPV6 : NFPROTO_IPV4;

	if (current < 0) {
		if (xtables_init_all(&globals, proto) < 0)
			return -1;
		current = proto;
	}
	if (current != proto) {
		if (&xtables_pending_matches && &xtables_pending_targets) {
			xtables_fini();
			xtables_matches = NULL;
			xtables_targets = NULL;
			xtables_pending_matches = NULL;
			xtables_pending_targets = NULL;
		}
		xtables_set_nfproto(proto);
		current = proto;
	}
	return 0;
}

/* ---- the IP part, as iptables' xshared.c prints it ---------------- */

static const char *proto_to_name(uint16_t proto, char *buf, size_t len)
{
	struct protoent pe, *res = NULL;
	unsigned i;

	for (i = 0; xtables_chain_protos[i].name; i++)
		if (xtables_chain_protos[i].num == proto)
			return xtables_chain_protos[i].name;
	if (getprotobynumber_r(proto, &pe, buf, len, &res) == 0 && res)
		return res->p_name;
	return NULL;
}

static void print_addr4(char letter, const uint8_t *addr,
			const uint8_t *mask, int invert)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];
	uint32_t hm = (uint32_t)mask[0] << 24 | (uint32_t)mask[1] << 16 |
		      (uint32_t)mask[2] << 8 | mask[3];
	uint32_t bits = 0xFFFFFFFEu;
	int i = 32;

	if (!hm && !invert && !(addr[0] | addr[1] | addr[2] | addr[3]))
		return;
	inet_ntop(AF_INET, addr, a, sizeof(a));
	if (hm == 0xFFFFFFFFu) {
		snprintf(m, sizeof(m), "32");
	} else {
		while (--i >= 0 && hm != bits)
			bits <<= 1;
		if (i >= 0)
			snprintf(m, sizeof(m), "%d", i);
		else
			inet_ntop(AF_INET, mask, m, sizeof(m));
	}
	printf("%s -%c %s/%s", invert ? " !" : "", letter, a, m);
}

static void print_addr6(char letter, const uint8_t *addr,
			const uint8_t *mask, int invert)
{
	char a[INET6_ADDRSTRLEN];
	int l = xtables_ip6mask_to_cidr((const struct in6_addr *)mask);

	if (!invert && l == 0)
		return;
	printf("%s -%c %s", invert ? " !" : "", letter,
	       inet_ntop(AF_INET6, addr, a, sizeof(a)));
	if (l == -1)
		printf("/%s", inet_ntop(AF_INET6, mask, a, sizeof(a)));
	else
		printf("/%d", l);
}

static void print_iface(char letter, const char *iface,
			const unsigned char *mask, int invert)
{
	unsigned i;

	if (mask[0] == 0)
		return;
	printf("%s -%c ", invert ? " !" : "", letter);
	for (i = 0; i < IFNAMSIZ; i++) {
		if (mask[i] != 0) {
			if (iface[i] != '\0')
				printf("%c", iface[i]);
		} else {
			if (iface[i - 1] != '\0')
				printf("+");
			break;
		}
	}
}

/* ---- matches and target, through the extensions ------------------- */

static void print_match(const struct xt_entry_match *m, const void *ip,
			bool *missing)
{
	const char *name = m->u.user.name;
	struct xtables_match *match, *mt, *mt2;

	match = xtables_find_match(name, XTF_TRY_LOAD, NULL);
	if (!match) {
		printf(" -m %s", name);
		*missing = true;
		return;
	}
	mt = mt2 = xtables_find_match_revision(name, XTF_TRY_LOAD, match,
					       m->u.user.revision);
	if (!mt2)
		mt2 = match;
	printf(" -m %s", mt2->alias ? mt2->alias(m) : name);
	if (mt && mt->save)
		mt->save(ip, m);
	else if (match->save)
		printf(" [unsupported revision]");
}

static void print_target(const struct live_entry *e, bool *missing)
{
	const struct xt_entry_target *t = e->target;

	if (t->u.user.name[0]) {
		const char *name = t->u.user.name;
		struct xtables_target *target, *tg, *tg2;

		target = xtables_find_target(name, XTF_TRY_LOAD);
		if (!target) {
			printf(" -j %s", name);
			*missing = true;
			return;
		}
		tg = tg2 = xtables_find_target_revision(name, XTF_TRY_LOAD,
							target,
							t->u.user.revision);
		if (!tg2)
			tg2 = target;
		printf(" -j %s", tg2->alias ? tg2->alias(t)
					    : (e->target_name ? e->target_name
							      : name));
		if (tg && tg->save)
			tg->save(e->ip, t);
		else if (target->save)
			printf(" [unsupported revision]");
	} else if (e->target_name && *e->target_name) {
		printf(" -%c %s", e->is_goto ? 'g' : 'j', e->target_name);
	}
}

static void print_rule(const char *chain, const struct live_entry *e,
		       bool *missing)
{
	size_t off = 0;

	printf("-A %s", chain);
	if (e->fam == FWD_IPV6) {
		print_addr6('s', e->src, e->smsk, e->invflags & LIVE_INV_SRCIP);
		print_addr6('d', e->dst, e->dmsk, e->invflags & LIVE_INV_DSTIP);
	} else {
		print_addr4('s', e->src, e->smsk, e->invflags & LIVE_INV_SRCIP);
		print_addr4('d', e->dst, e->dmsk, e->invflags & LIVE_INV_DSTIP);
	}
	print_iface('i', e->iniface, e->iniface_mask,
		    e->invflags & LIVE_INV_VIA_IN);
	print_iface('o', e->outiface, e->outiface_mask,
		    e->invflags & LIVE_INV_VIA_OUT);
	if (e->proto > 0) {
		char buf[1024];
		const char *pname = proto_to_name(e->proto, buf, sizeof(buf));

		if (e->invflags & LIVE_INV_PROTO)
			printf(" !");
		if (pname)
			printf(" -p %s", pname);
		else
			printf(" -p %u", e->proto);
	}
	if (e->frag)
		printf("%s -f", e->invflags & LIVE_INV_FRAG ? " !" : "");
	while (off + sizeof(struct xt_entry_match) <= e->matches_len) {
		const struct xt_entry_match *m =
			(const void *)(e->matches + off);

		if (m->u.match_size < sizeof(*m))
			break;
		print_match(m, e->ip, missing);
		off += m->u.match_size;
	}
	print_target(e, missing);
}

void xtp_stream_close(struct xtp_stream *s)
{
	if (s->mem)
		fclose(s->mem);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

const char *xtp_rule_text(struct xtp_stream *s, const char *chain,
			  const struct live_entry *e, size_t *n,
			  bool *missing_ext)
{
	jmp_buf here, *outer = escape;
	FILE *volatile saved = stdout;
	volatile bool ok = true;

	*missing_ext = false;
	if (!s->mem && !(s->mem = open_memstream(&s->buf, &s->len)))
		return NULL;
	fflush(stdout);
	/* the stream's length is its position at the flush: starting over
	 * at 0 leaves the previous text behind it, never in it */
	rewind(s->mem);
	escape = &here;
	if (setjmp(here) == 0) {
		if (use_family(e->fam) == 0) {
			stdout = s->mem;
			print_rule(chain, e, missing_ext);
		} else {
			ok = false;
		}
	} else {
		*missing_ext = true; /* libxtables gave up: keep what we have */
	}
	stdout = saved;
	escape = outer;
	if (fflush(s->mem) || !ok)
		return NULL;
	*n = s->len;
	return s->buf;
}
