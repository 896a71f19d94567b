/*
 * xt_decode.h — xtables match and target info blobs → normalized rule.
 *
 * The kernel's x_tables extensions keep their parameters in fixed structs
 * (struct xt_tcp, struct xt_conntrack_mtinfo3, ...). Legacy iptables hands
 * them to us through libiptc, iptables-nft stores the same structs in
 * nftables "match"/"target" compat expressions, and the iptables-save
 * parser builds them from text. This file turns them into the fields of a
 * struct fwd_rule, in one place, so that every reader means the same thing
 * by "-m conntrack --ctstate NEW".
 *
 * Pure functions: no libiptc, no libxtables, no I/O, no global state.
 * Whatever they cannot express exactly goes into rule->opaque by the name
 * iptables uses ("-m recent"); a match that provably matches every packet
 * (a comment) adds nothing.
 */
#ifndef FWD_XT_DECODE_H
#define FWD_XT_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fwdrift/model.h>

/* Every conntrack state bit of <fwdrift/model.h>. */
#define XTD_CT_ALL (FWD_CT_NEW | FWD_CT_ESTABLISHED | FWD_CT_RELATED | \
		    FWD_CT_INVALID | FWD_CT_UNTRACKED)

/* What a target does besides its verdict, for notes the caller leaves. */
#define XTD_T_NAT      0x01u /* DNAT, SNAT, MASQUERADE, REDIRECT, NETMAP */
#define XTD_T_NOTRACK  0x02u /* NOTRACK or CT --notrack: later state UNTRACKED */
#define XTD_T_UNMODELED 0x04u /* terminal in ways the model cannot say
				 (SYNPROXY, TPROXY): treated as continue */

/* Prefix length of a netmask of bytes bytes, or -1 when its ones are not
 * contiguous. Whole bytes first: every address match of both readers
 * comes through here. */
int xtd_mask_prefix_len(const uint8_t *mask, unsigned bytes);

/*
 * Source or destination address with a netmask, as in struct ipt_ip or
 * struct ip6t_ip6: addr and mask are 4 (ipv4) or 16 (ipv6) bytes in
 * network order. opt is "-s" or "-d" (used to name an opaque match when
 * the mask is not a prefix). An all-zero mask without invert adds nothing.
 * Returns 0 or a negative FWD_E* code.
 */
int xtd_addr(struct fwd_ruleset *rs, struct fwd_rule *r,
	     struct fwd_addr_match *m, enum fwd_family fam,
	     const uint8_t *addr, const uint8_t *mask, bool invert,
	     const char *opt);

/*
 * Interface name and mask as in struct ipt_ip (IFNAMSIZ bytes each): a
 * mask that stops before the name's NUL is a "+" wildcard, stored as a
 * trailing '*'. An all-zero mask matches every interface; inverted, none.
 */
int xtd_iface(struct fwd_ruleset *rs, struct fwd_iface_match *m,
	      const char *name, const unsigned char *mask, bool invert);

/* Layer-4 protocol; 0 ("all") adds nothing. */
int xtd_proto(struct fwd_ruleset *rs, struct fwd_rule *r, uint8_t proto,
	      bool invert);

/*
 * And a conntrack state condition into r->ct: the rule then matches
 * packets whose state is in states (or, with negate, not in states) and
 * in whatever r->ct said before. An impossible conjunction is stored as
 * "not any state" (states = XTD_CT_ALL, negate), which matches nothing.
 */
void xtd_ct_and(struct fwd_ct_match *ct, uint8_t states, bool negate);

/*
 * One match: kernel name ("tcp", "conntrack", ...), revision, and its
 * info blob of len bytes (data may be NULL: then the match is known to
 * be there but its parameters are not, and it is opaque). shown is the
 * name iptables prints after -m (an alias such as "state" for conntrack),
 * NULL for name. A blob shorter than its revision's struct is refused
 * with FWD_EINVAL.
 */
int xtd_match(struct fwd_ruleset *rs, struct fwd_rule *r,
	      enum fwd_family fam, const char *name, unsigned revision,
	      const void *data, size_t len, const char *shown);

/*
 * One extension target (not a standard verdict or a chain): sets
 * r->verdict and returns XTD_T_* flags (>= 0), or a negative FWD_E*.
 */
int xtd_target(struct fwd_ruleset *rs, struct fwd_rule *r,
	       const char *name, unsigned revision, const void *data,
	       size_t len);

#endif
