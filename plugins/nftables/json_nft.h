/*
 * json_nft.h — internal interface between the JSON reader's files.
 */
#ifndef NFT_JSON_NFT_H
#define NFT_JSON_NFT_H

#include "jsonv.h"
#include "nir.h"

/* The statements of a rule's "expr" array into r. 0 or FWD_ENOMEM;
 * statements it cannot read become opaque, never errors. */
int nj_rule(struct nir_ctx *cx, struct nir_table *t, const struct jv *exprs,
	    struct nir_rule *r);

/* One value of a set, map or match for key into e (data of verdict maps
 * included when map). 0 or -1 when the value does not fit the key. */
int nj_elem(const struct nir_key *key, const struct jv *v, bool map,
	    struct nir_elem *e);

/* A verdict object ({"accept": null}, {"jump": {"target": "x"}}). */
int nj_verdict(struct nir_ctx *cx, const struct jv *v,
	       struct nir_verdict *out);
/* The same, given as its key and value (a statement of a rule). */
int nj_verdict_kv(const char *k, const struct jv *val,
		  struct nir_verdict *out);

/* The key of a match ({"payload": ...}, {"meta": ...}, {"concat": ...}).
 * 0, or -1 when the reader does not know it (then *what names it). */
int nj_key(const struct jv *left, struct nir_key *key, const char **what);

/* read_data entry: the whole document. */
int nj_read(struct fwd_ruleset *rs, const char *name, const char *data,
	    size_t len, struct fwd_error *err);

#endif
