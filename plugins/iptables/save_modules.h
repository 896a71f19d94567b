/*
 * save_modules.h — the table of -m modules the iptables-save parser
 * knows (save_modules.c) as save_match.c reads it.
 */
#ifndef FWD_IPT_SAVE_MODULES_H
#define FWD_IPT_SAVE_MODULES_H

#include <stdbool.h>
#include <stdint.h>

enum kind { K_LOOSE, K_TCP, K_UDP, K_MULTIPORT, K_CONNTRACK, K_STATE,
	    K_COMMENT, K_IPRANGE, K_ADDRTYPE, K_ICMP, K_RPFILTER };

struct smopt {
	const char *name, *alias;
	int nargs;       /* -1: loose */
	bool invertible;
	unsigned id;     /* bit in sminst.seen */
};

struct smod {
	const char *name;
	unsigned fams;
	enum kind kind;
	const struct smopt *opts; /* NULL: any option, loose arguments */
	unsigned revision;        /* of the struct we build */
	uint8_t proto;            /* the -p the kernel insists on, 0 none */
};

#endif
