/*
 * evidence.h — naming the rules behind a finding, the same way in every
 * renderer: the rule text, where it is, and its chain.
 */
#ifndef FWD_EVIDENCE_H
#define FWD_EVIDENCE_H

#include <stdio.h>

#include <jansson.h>

#include <fwdrift/model.h>

/* {"rule", "where", "chain", "position", "verdict"[, "inactive"]}; new ref. */
json_t *evidence_rule_json(const struct fwd_rule *r);
/* {"policy", "chain", "where"}; new ref. */
json_t *evidence_policy_json(const struct fwd_chain *c);
/* "backend table chain" into buf. */
const char *chain_label(const struct fwd_chain *c, char *buf, size_t len);

/*
 * Write o to f, indented, keys in insertion order, with a final newline.
 * Dumps to memory first: jansson's FILE dumper writes token by token,
 * which costs more than building the document. 0 or FWD_ENOMEM.
 */
int json_emit(FILE *f, const json_t *o);

/* `-A INPUT -j DROP` (rules.v4:12) */
void evidence_rule_text(FILE *f, const struct fwd_rule *r);
/* policy drop of iptables-legacy filter INPUT */
void evidence_policy_text(FILE *f, const struct fwd_chain *c);

#endif
