/* The netlink socket of the C floor: open, send, receive, build requests, collect answers. */
#include "floor.h"

unsigned char rbuf[64 * 1024];
unsigned char sbuf[256 * 1024];
uint32_t seq_no = 1;

void die(const char *what) {
  fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
  exit(2);
}

int nl_open(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) die("socket");
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
  int one = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  return fd;
}

void nl_send(int fd, const void *buf, size_t len) {
  struct sockaddr_nl k = {.nl_family = AF_NETLINK};
  if (sendto(fd, buf, len, 0, (struct sockaddr *)&k, sizeof k) != (ssize_t)len) die("sendto");
}

ssize_t nl_recv(int fd) {
  for (;;) {
    ssize_t n = recv(fd, rbuf, sizeof rbuf, 0);
    if (n >= 0) return n;
    if (errno != EINTR) die("recv");
  }
}

/* Append an attribute at *pos in buf; returns the attribute's offset. */
size_t put_attr(unsigned char *buf, size_t *pos, unsigned short type, const void *data, size_t len) {
  size_t at = *pos;
  struct nlattr *a = (struct nlattr *)(buf + at);
  a->nla_type = type;
  a->nla_len = NLA_HDRLEN + len;
  if (len) memcpy(buf + at + NLA_HDRLEN, data, len);
  size_t end = at + NLA_ALIGN(a->nla_len);
  memset(buf + at + a->nla_len, 0, end - at - a->nla_len);
  *pos = end;
  return at;
}
void end_nest(unsigned char *buf, size_t at, size_t pos) {
  ((struct nlattr *)(buf + at))->nla_len = pos - at;
}

struct nlmsghdr *begin_msg(unsigned char *buf, size_t *pos, unsigned short type, unsigned short flags) {
  struct nlmsghdr *h = (struct nlmsghdr *)(buf + *pos);
  memset(h, 0, NLMSG_HDRLEN);
  h->nlmsg_type = type;
  h->nlmsg_flags = flags;
  h->nlmsg_seq = seq_no++;
  *pos += NLMSG_HDRLEN;
  return h;
}
void end_msg(unsigned char *buf, size_t start, size_t *pos) {
  ((struct nlmsghdr *)(buf + start))->nlmsg_len = *pos - start;
  *pos = NLMSG_ALIGN(*pos);
}

int skip_kernel_routes;
int warming;

/*
 * Read answers until `want` ACKs/errors (or a NLMSG_DONE for dumps, want=0)
 * arrived. Counts error ACKs into *errors and messages of `count_type` into
 * the return value.
 */
long collect(int fd, long want, int dump, int count_type, long *errors) {
  long got = 0, counted = 0;
  for (;;) {
    ssize_t n = nl_recv(fd);
    for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *e = NLMSG_DATA(h);
        if (e->error != 0) (*errors)++;
        if (dump) return counted;
        if (++got == want) return counted;
      } else if (h->nlmsg_type == NLMSG_DONE) {
        return counted;
      } else if (h->nlmsg_type == count_type) {
        if (!(skip_kernel_routes && ((struct rtmsg *)NLMSG_DATA(h))->rtm_protocol == RTPROT_KERNEL)) counted++;
      }
    }
  }
}

/* Read answers until the ACK of request `seq` arrived; error answers (of any request) go to *errors. */
void collect_until(int fd, uint32_t seq, long *errors) {
  for (;;) {
    ssize_t n = nl_recv(fd);
    for (struct nlmsghdr *h = (struct nlmsghdr *)rbuf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type != NLMSG_ERROR) continue;
      if (((struct nlmsgerr *)NLMSG_DATA(h))->error != 0) (*errors)++;
      if (h->nlmsg_seq == seq) return;
    }
  }
}
