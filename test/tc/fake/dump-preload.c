/*
 * LD_PRELOAD shim for differential printer tests: the first answer to a tc
 * dump request (RTM_GET{QDISC,TCLASS,TFILTER,ACTION,CHAIN}) tc reads (first message NLM_F_MULTI, NLMSG_DONE,
 * or NLMSG_ERROR: a dump the kernel refused, e.g. ingress filters of a
 * link without an ingress qdisc) is replaced by the netlink messages of the file named by
 * $TC_FAKE_DUMP (nlmsghdr after nlmsghdr, as `tc monitor file` reads
 * them), each given the real answer's nlmsg_seq/nlmsg_pid, followed by
 * NLMSG_DONE. Everything else passes through, so tc prints crafted
 * objects of kinds this kernel lacks with its own printers (text and
 * -json). Built by test/tc/fake-dump.ts with the system C compiler.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static ssize_t (*real_recvmsg)(int, struct msghdr *, int);
static char pending[1 << 20];
static ssize_t pending_len = -1;
static int pending_fd = -1;
static struct sockaddr_nl pending_addr;
static int done;
static unsigned int req_seq[1024];
static unsigned short req_type[1024];

/* RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER, RTM_GETACTION, RTM_GETCHAIN */
static int is_tc_get(unsigned short t)
{
	return t == 38 || t == 42 || t == 46 || t == 50 || t == 102;
}

/* also RTM_GETROUTE when $FAKE_DUMP_ROUTES is set (ip route show, test/format/route-encap-lwt.test.ts) */
static int is_fake_get(unsigned short t)
{
	return is_tc_get(t) || (t == 26 && getenv("FAKE_DUMP_ROUTES"));
}

static void note_request(int fd, const void *buf, size_t len)
{
	const struct nlmsghdr *h = buf;
	if (fd < 0 || fd >= 1024 || len < sizeof(*h))
		return;
	req_type[fd] = h->nlmsg_type;
	req_seq[fd] = h->nlmsg_seq;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);
	if (!real)
		real = dlsym(RTLD_NEXT, "sendmsg");
	if (msg->msg_iovlen > 0)
		note_request(fd, msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len);
	return real(fd, msg, flags);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *a, socklen_t al)
{
	static ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
	if (!real)
		real = dlsym(RTLD_NEXT, "sendto");
	note_request(fd, buf, len);
	return real(fd, buf, len, flags, a, al);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);
	if (!real)
		real = dlsym(RTLD_NEXT, "send");
	note_request(fd, buf, len);
	return real(fd, buf, len, flags);
}

static int is_netlink(int fd)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);
	return getsockname(fd, (struct sockaddr *)&ss, &l) == 0 && ss.ss_family == AF_NETLINK;
}

static ssize_t substitute(const struct nlmsghdr *first)
{
	const char *path = getenv("TC_FAKE_DUMP");
	int fd = open(path, O_RDONLY);
	if (fd < 0) { perror("TC_FAKE_DUMP"); exit(99); }
	ssize_t n = read(fd, pending, sizeof(pending) - 64);
	close(fd);
	if (n < 0) { perror("TC_FAKE_DUMP read"); exit(99); }
	ssize_t off = 0;
	while (off + (ssize_t)sizeof(struct nlmsghdr) <= n) {
		struct nlmsghdr *h = (struct nlmsghdr *)(pending + off);
		h->nlmsg_seq = first->nlmsg_seq;
		h->nlmsg_pid = first->nlmsg_pid;
		h->nlmsg_flags |= NLM_F_MULTI;
		off += NLMSG_ALIGN(h->nlmsg_len);
	}
	struct nlmsghdr *d = (struct nlmsghdr *)(pending + off);
	memset(d, 0, NLMSG_LENGTH(4));
	d->nlmsg_len = NLMSG_LENGTH(4);
	d->nlmsg_type = NLMSG_DONE;
	d->nlmsg_flags = NLM_F_MULTI;
	d->nlmsg_seq = first->nlmsg_seq;
	d->nlmsg_pid = first->nlmsg_pid;
	return off + NLMSG_LENGTH(4);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	if (!real_recvmsg)
		real_recvmsg = dlsym(RTLD_NEXT, "recvmsg");
	if (pending_fd != fd) {
		if (done || fd < 0 || fd >= 1024 || !is_fake_get(req_type[fd]) || !is_netlink(fd))
			return real_recvmsg(fd, msg, flags);
		struct iovec iov = { pending, sizeof(pending) };
		struct msghdr m = { .msg_name = &pending_addr, .msg_namelen = sizeof(pending_addr), .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n = real_recvmsg(fd, &m, flags & ~(MSG_PEEK | MSG_TRUNC));
		if (n < 0)
			return n;
		const struct nlmsghdr *h = (const struct nlmsghdr *)pending;
		if (n >= (ssize_t)sizeof(*h) && h->nlmsg_seq == req_seq[fd] && ((h->nlmsg_flags & NLM_F_MULTI) || h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)) {
			struct nlmsghdr first = *h;
			n = substitute(&first);
			done = 1;
		}
		pending_len = n;
		pending_fd = fd;
	}
	ssize_t len = pending_len;
	size_t copied = 0;
	for (size_t i = 0; i < msg->msg_iovlen && copied < (size_t)len; i++) {
		size_t c = msg->msg_iov[i].iov_len;
		if (c > (size_t)len - copied)
			c = (size_t)len - copied;
		memcpy(msg->msg_iov[i].iov_base, pending + copied, c);
		copied += c;
	}
	if (msg->msg_name && msg->msg_namelen >= sizeof(pending_addr)) {
		memcpy(msg->msg_name, &pending_addr, sizeof(pending_addr));
		msg->msg_namelen = sizeof(pending_addr);
	}
	msg->msg_flags = copied < (size_t)len ? MSG_TRUNC : 0;
	msg->msg_controllen = 0;
	if (!(flags & MSG_PEEK))
		pending_fd = -1;
	return (flags & MSG_TRUNC) ? len : (ssize_t)copied;
}
