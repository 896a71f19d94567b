/*
 * live_sock.c — see live_sock.h. The messages here are the ones a person
 * sees when live reading fails, so they say what to do about it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include <linux/netfilter/nfnetlink.h>

#include "live_sock.h"
#include "util.h"

#define LIVE_BUF (1u << 16)

static int perm_error(struct fwd_error *err)
{
	return fwd_error_set(err, FWD_EPERM, LIVE_SOURCE, 0, 0,
			     "reading nf_tables over netlink needs "
			     "CAP_NET_ADMIN (run as root); without privilege, "
			     "audit an export instead: `nft -j list ruleset > "
			     "FILE` as root, then --input FILE");
}

static int timed_out(struct fwd_error *err)
{
	return fwd_error_set(err, FWD_ETIMEDOUT, LIVE_SOURCE, 0, 0,
			     "the deadline passed while reading nf_tables");
}

int live_sock_open(struct live_sock *ls, double deadline,
		   struct fwd_error *err)
{
	memset(ls, 0, sizeof(*ls));
	ls->deadline = deadline;
	ls->err = err;
	ls->seq = (uint32_t)time(NULL);
	ls->buf = malloc(LIVE_BUF);
	if (!ls->buf)
		return fwd_error_set(err, FWD_ENOMEM, LIVE_SOURCE, 0, 0,
				     "out of memory");
	ls->buflen = LIVE_BUF;
	ls->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!ls->nl) {
		int e = errno;

		live_sock_close(ls);
		if (e == EPERM || e == EACCES)
			return perm_error(err);
		return fwd_error_set(err, FWD_EIO, LIVE_SOURCE, 0, 0,
				     "cannot open a netfilter netlink socket: "
				     "%s", strerror(e));
	}
	if (mnl_socket_bind(ls->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		live_sock_close(ls);
		return fwd_error_set(err, FWD_EIO, LIVE_SOURCE, 0, 0,
				     "cannot bind the netlink socket: %s",
				     strerror(e));
	}
	ls->portid = mnl_socket_get_portid(ls->nl);
	return 0;
}

void live_sock_close(struct live_sock *ls)
{
	if (ls->nl)
		mnl_socket_close(ls->nl);
	free(ls->buf);
	ls->nl = NULL;
	ls->buf = NULL;
}

/* Receive timeout = what is left before the deadline. */
static int arm_timeout(struct live_sock *ls)
{
	struct timeval tv = { 0, 0 };
	double left;

	if (ls->deadline <= 0)
		return 0;
	left = ls->deadline - nft_now();
	if (left <= 0)
		return timed_out(ls->err);
	tv.tv_sec = (time_t)left;
	tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
	if (tv.tv_sec == 0 && tv.tv_usec == 0)
		tv.tv_usec = 1;
	setsockopt(mnl_socket_get_fd(ls->nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	return 0;
}

struct talk {
	struct live_sock *ls;
	mnl_cb_t cb;
	void *data;
};

static int talk_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->ls->interrupted = true;
	return t->cb(nlh, t->data);
}

/*
 * After the kernel flagged a dump as interrupted, read the rest of it, up
 * to its NLMSG_DONE (or error), starting with the n bytes already in
 * ls->buf: left in the socket, its messages would answer the next
 * request (EPROTO: wrong sequence number), and the kernel refuses a new
 * dump while one is unfinished.
 */
static int drain(struct live_sock *ls, ssize_t n, uint32_t seq,
		 const char *what)
{
	for (;;) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)ls->buf;
		int len = (int)n;

		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
			if (nlh->nlmsg_seq == seq &&
			    (nlh->nlmsg_type == NLMSG_DONE ||
			     nlh->nlmsg_type == NLMSG_ERROR))
				return 0;
		n = mnl_socket_recvfrom(ls->nl, ls->buf, ls->buflen);
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return timed_out(ls->err);
		else if (n < 0)
			return fwd_error_set(ls->err, FWD_EIO, LIVE_SOURCE, 0,
					     0, "reading the %s answer: %s",
					     what, strerror(errno));
	}
}

int live_sock_talk(struct live_sock *ls, struct nlmsghdr *req,
		   mnl_cb_t cb, void *data, const char *what)
{
	struct talk t = { ls, cb, data };
	uint32_t seq = req->nlmsg_seq;
	ssize_t n;
	int rc;

	if ((rc = arm_timeout(ls)))
		return rc;
	if (mnl_socket_sendto(ls->nl, req, req->nlmsg_len) < 0)
		return fwd_error_set(ls->err, FWD_EIO, LIVE_SOURCE, 0, 0,
				     "cannot send the %s request: %s", what,
				     strerror(errno));
	for (;;) {
		n = mnl_socket_recvfrom(ls->nl, ls->buf, ls->buflen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return timed_out(ls->err);
			if (errno == EINTR)
				continue;
			return fwd_error_set(ls->err, FWD_EIO, LIVE_SOURCE, 0,
					     0, "reading the %s answer: %s",
					     what, strerror(errno));
		}
		rc = mnl_cb_run(ls->buf, (size_t)n, seq, ls->portid, talk_cb,
				&t);
		if (rc == MNL_CB_STOP)
			return 0;
		if (rc > MNL_CB_STOP && !(req->nlmsg_flags & NLM_F_DUMP))
			return 0; /* a plain GET has one answer */
		if (rc == MNL_CB_ERROR) {
			if (errno == EPERM || errno == EACCES)
				return perm_error(ls->err);
			if (errno == EINTR) {
				/* the kernel interrupted a dump: changed */
				ls->interrupted = true;
				return drain(ls, n, seq, what);
			}
			if (ls->err && ls->err->code)
				return ls->err->code;
			return fwd_error_set(ls->err, FWD_EIO, LIVE_SOURCE, 0,
					     0, "the %s request failed: %s",
					     what, strerror(errno));
		}
		if (ls->deadline > 0 && nft_now() > ls->deadline)
			return timed_out(ls->err);
	}
}
