/*
 * live_sock.h — one netlink request to nf_tables and its answers, with
 * the deadline, the privilege error and interrupted dumps turned into
 * fwd_error codes. Only GET requests are built by the callers.
 */
#ifndef NFT_LIVE_SOCK_H
#define NFT_LIVE_SOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include <fwdrift/error.h>

struct live_sock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	double deadline;     /* CLOCK_MONOTONIC seconds, 0 = none */
	bool interrupted;    /* a dump said NLM_F_DUMP_INTR */
	struct fwd_error *err;
	char *buf;           /* receive buffer */
	size_t buflen;
};

#define LIVE_SOURCE "nftables live"

int live_sock_open(struct live_sock *ls, double deadline,
		   struct fwd_error *err);
void live_sock_close(struct live_sock *ls);

/*
 * Send the request built in req (a GET, seq already set from ls->seq)
 * and feed every answer to cb. what names the request in messages.
 * 0 or a negative FWD_E* code (FWD_EPERM, FWD_ETIMEDOUT, FWD_EIO).
 */
int live_sock_talk(struct live_sock *ls, struct nlmsghdr *req,
		   mnl_cb_t cb, void *data, const char *what);

#endif
