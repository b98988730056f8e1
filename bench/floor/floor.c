/*
 * The C floor of the benchmarks: the least work the kernel can be asked to do
 * for each workload, over a raw NETLINK_ROUTE socket with plain
 * sendto(2)/recv(2) and no decoding beyond walking nlmsghdr headers. Every
 * ratio in the benchmark tables is taken against this program.
 *
 * It sends the same requests as bun-netlink (same attributes, same batching:
 * windows sized from SO_RCVBUF exactly as lib/conn/batch.ts sizes them)
 * so the kernel does the same work; what it saves is everything above the
 * socket. The process runs inside the benchmark namespace (the runner starts
 * it with `ip netns exec`), except for `netns-cycle`, which creates its own.
 *
 *   floor route-add   FILE MAXWIN       add the routes of a route batch file (see load_routes), batched as batch.ts does
 *   floor route-del   FILE MAXWIN       delete them
 *   floor route-dump  4|6               dump IPv4 or IPv6 routes of all tables, count them
 *   floor link-dump   EXPECT            dump links, count them
 *   floor addr-dump   EXPECT            dump IPv6 addresses, count them
 *   floor addr-add    N DEV             add N IPv6 addresses 2001:db8:100:X::1/128 nodad (X = i + 1), one request at a time
 *   floor veth-add    N                 create N veth pairs a<i>/b<i>, one at a time
 *   floor veth-del    N                 delete them (by name)
 *   floor link-get    N NAME            N x RTM_GETLINK by name (latency)
 *   floor link-index  N NAME            N x the index lookup resolveIndex() sends (no statistics, ACKed)
 *   floor netns-cycle N PREFIX          N x (create netns, lo up, destroy)
 *   floor exec-rss    [-o FILE] CMD...  run CMD as a forked child (stdout to FILE), report its wall/CPU time and peak RSS
 *   floor exec-loop   N CMD...          run CMD N times (after one untimed run), report the total (cold start)
 *   floor count       r|R|b|B|l|a       print the count of IPv4/IPv6 routes (b/B: not made by the kernel), links, IPv6 addresses
 *
 * Route destinations come from the workload's batch file (bench/lib/route-sets.ts:
 * 198.18.0.0/15 and 2001:2::/48 inside the benchmark's namespaces, or the
 * documentation ranges); links, gateways and addresses use documentation
 * ranges (192.0.2.0/24, 2001:db8::/32; see bench/lib/addresses.ts).
 *
 * Each mode first runs an untimed warm-up (see main), as every self-timing
 * contender does. Output: one JSON line {"seconds","user","sys","maxrss","count","errors"};
 * seconds/user/sys cover the measured operation only (socket already open),
 * maxrss is the process's peak RSS (VmHWM) in bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

static unsigned char rbuf[64 * 1024];
static unsigned char sbuf[256 * 1024];
static uint32_t seq_no = 1;

static void die(const char *what) {
  fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
  exit(2);
}

static int nl_open(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) die("socket");
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
  int one = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  return fd;
}

static void nl_send(int fd, const void *buf, size_t len) {
  struct sockaddr_nl k = {.nl_family = AF_NETLINK};
  if (sendto(fd, buf, len, 0, (struct sockaddr *)&k, sizeof k) != (ssize_t)len) die("sendto");
}

static ssize_t nl_recv(int fd) {
  for (;;) {
    ssize_t n = recv(fd, rbuf, sizeof rbuf, 0);
    if (n >= 0) return n;
    if (errno != EINTR) die("recv");
  }
}

/* Append an attribute at *pos in buf; returns the attribute's offset. */
static size_t put_attr(unsigned char *buf, size_t *pos, unsigned short type, const void *data, size_t len) {
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
static void end_nest(unsigned char *buf, size_t at, size_t pos) {
  ((struct nlattr *)(buf + at))->nla_len = pos - at;
}

static struct nlmsghdr *begin_msg(unsigned char *buf, size_t *pos, unsigned short type, unsigned short flags) {
  struct nlmsghdr *h = (struct nlmsghdr *)(buf + *pos);
  memset(h, 0, NLMSG_HDRLEN);
  h->nlmsg_type = type;
  h->nlmsg_flags = flags;
  h->nlmsg_seq = seq_no++;
  *pos += NLMSG_HDRLEN;
  return h;
}
static void end_msg(unsigned char *buf, size_t start, size_t *pos) {
  ((struct nlmsghdr *)(buf + start))->nlmsg_len = *pos - start;
  *pos = NLMSG_ALIGN(*pos);
}

/*
 * Read answers until `want` ACKs/errors (or a NLMSG_DONE for dumps, want=0)
 * arrived. Counts error ACKs into *errors and messages of `count_type` into
 * the return value.
 */
/* Set by `count b|B`: count only routes not made by the kernel (rtm_protocol != RTPROT_KERNEL). */
static int skip_kernel_routes;

static long collect(int fd, long want, int dump, int count_type, long *errors) {
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

/*
 * Routes come from the workload's batch file (bench/lib/route-sets.ts), the
 * file ip and the CLI run: lines `route add PREFIX [via GW] [dev D]
 * [table T]` or `route add PREFIX nexthop via GW dev D nexthop ...`,
 * parsed before the clock starts. The untimed warm-up adds and deletes the
 * file's first 1,000 routes in tables 240 + k / 512 instead.
 */
static int warming;

#define MAX_HOPS 4
struct hop { unsigned char gw[16]; int oif; };
struct froute {
  unsigned char family, len, nhops, multipath;
  uint32_t table;
  unsigned char dst[16];
  struct hop hops[MAX_HOPS];
};
static struct froute *rts;
static long nrts;

static int dev_index(const char *name) {
  static char last[IF_NAMESIZE + 1];
  static int last_index;
  if (last_index && strcmp(name, last) == 0) return last_index;
  int i = (int)if_nametoindex(name);
  if (i == 0) die(name);
  snprintf(last, sizeof last, "%s", name);
  return last_index = i;
}

static void bad_line(long ln, const char *why) {
  fprintf(stderr, "floor: route file line %ld: %s\n", ln, why);
  exit(2);
}

/* Parse the batch file into rts/nrts. */
static void load_routes(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) die(path);
  long cap = 1024;
  rts = malloc(cap * sizeof *rts);
  char *line = NULL;
  size_t lcap = 0;
  long ln = 0;
  while (getline(&line, &lcap, f) > 0) {
    ln++;
    char *save = NULL, *w = strtok_r(line, " \t\n", &save);
    if (!w) continue;
    if (strcmp(w, "route") != 0 || !(w = strtok_r(NULL, " \t\n", &save)) || strcmp(w, "add") != 0) bad_line(ln, "not `route add`");
    if (nrts == cap) rts = realloc(rts, (cap *= 2) * sizeof *rts);
    struct froute *r = &rts[nrts++];
    memset(r, 0, sizeof *r);
    r->table = RT_TABLE_MAIN;
    char *pfx = strtok_r(NULL, " \t\n", &save);
    if (!pfx) bad_line(ln, "no prefix");
    char *slash = strchr(pfx, '/');
    r->family = strchr(pfx, ':') ? AF_INET6 : AF_INET;
    if (slash) *slash = 0;
    r->len = slash ? (unsigned char)atoi(slash + 1) : r->family == AF_INET ? 32 : 128;
    if (inet_pton(r->family, pfx, r->dst) != 1) bad_line(ln, "bad prefix");
    struct hop *h = &r->hops[0];
    while ((w = strtok_r(NULL, " \t\n", &save))) {
      char *v = strtok_r(NULL, " \t\n", &save);
      if (strcmp(w, "nexthop") == 0) {
        if (r->nhops == MAX_HOPS) bad_line(ln, "too many next hops");
        r->multipath = 1;
        h = &r->hops[r->nhops++];
        w = v;
        v = strtok_r(NULL, " \t\n", &save);
      }
      if (!w || !v) bad_line(ln, "a keyword without a value");
      if (strcmp(w, "via") == 0) {
        if (inet_pton(r->family, v, h->gw) != 1) bad_line(ln, "bad gateway");
      } else if (strcmp(w, "dev") == 0) h->oif = dev_index(v);
      else if (strcmp(w, "table") == 0) r->table = (uint32_t)strtoul(v, NULL, 10);
      else bad_line(ln, "unknown keyword");
    }
    if (!r->multipath) r->nhops = 1;
  }
  free(line);
  fclose(f);
}

/*
 * Route i as ip sends `ip route add|del` for its line: rtmsg (table ids
 * above 255 in RTA_TABLE), RTA_DST, [RTA_TABLE], then RTA_GATEWAY and
 * RTA_OIF, or RTA_MULTIPATH with one rtnexthop (+ RTA_GATEWAY) per hop;
 * a delete names only the destination and the table.
 */
static void put_route(size_t *pos, long i, int del) {
  const struct froute *fr = &rts[i];
  size_t start = *pos;
  begin_msg(sbuf, pos, del ? RTM_DELROUTE : RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | (del ? 0 : NLM_F_CREATE | NLM_F_EXCL));
  struct rtmsg *r = (struct rtmsg *)(sbuf + *pos);
  memset(r, 0, sizeof *r);
  r->rtm_family = fr->family;
  r->rtm_dst_len = fr->len;
  uint32_t table = warming ? 240 + (uint32_t)(i / 512) : fr->table;
  r->rtm_table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
  r->rtm_protocol = del ? 0 : RTPROT_BOOT;
  r->rtm_scope = del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
  r->rtm_type = del ? RTN_UNSPEC : RTN_UNICAST;
  *pos += sizeof *r;
  size_t alen = fr->family == AF_INET ? 4 : 16;
  put_attr(sbuf, pos, RTA_DST, fr->dst, alen);
  if (table >= 256) put_attr(sbuf, pos, RTA_TABLE, &table, 4);
  if (!del && !fr->multipath) {
    put_attr(sbuf, pos, RTA_GATEWAY, fr->hops[0].gw, alen);
    uint32_t o = fr->hops[0].oif;
    put_attr(sbuf, pos, RTA_OIF, &o, 4);
  } else if (!del) {
    size_t mp = put_attr(sbuf, pos, RTA_MULTIPATH, NULL, 0);
    for (int k = 0; k < fr->nhops; k++) {
      struct rtnexthop *nh = (struct rtnexthop *)(sbuf + *pos);
      memset(nh, 0, sizeof *nh);
      nh->rtnh_ifindex = fr->hops[k].oif;
      size_t at = *pos;
      *pos += sizeof *nh;
      put_attr(sbuf, pos, RTA_GATEWAY, fr->hops[k].gw, alen);
      nh->rtnh_len = (unsigned short)(*pos - at);
    }
    end_nest(sbuf, mp, *pos);
  }
  end_msg(sbuf, start, pos);
}

/* lib/conn/batch.ts answerCost(): receive-buffer bytes the kernel charges for the answer to a request of len bytes. */
static long answer_cost(long len) {
  long size = ((16 + 4 + len + 128 + 63) & ~63L) + 320, k = 512;
  while (k < size) k *= 2;
  return k + 320;
}

/* The window bun-netlink's batch() uses: at most max_window requests, their answers within 7/8 of SO_RCVBUF, at most 96 KiB sent. */
static long batch_window(int fd, long msg_len, long max_window) {
  int rcvbuf = 0;
  socklen_t sl = sizeof rcvbuf;
  if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &sl) != 0) die("getsockopt SO_RCVBUF");
  long budget = rcvbuf - (rcvbuf >> 3), cost = answer_cost(msg_len), w = budget / cost, bytes = 96 * 1024 / msg_len;
  if (w > bytes) w = bytes;
  if (w > max_window) w = max_window;
  return w < 1 ? 1 : w;
}

/* Add or delete routes [0, n) of the file, in windows as batch.ts sends them. */
static long routes(int fd, long n, long max_window, int del, long *errors) {
  size_t probe = 0;
  put_route(&probe, 0, del);
  seq_no--;
  long window = batch_window(fd, (long)probe, max_window);
  for (long i = 0; i < n;) {
    size_t pos = 0;
    long k = 0;
    for (; k < window && i < n; k++, i++) put_route(&pos, i, del);
    nl_send(fd, sbuf, pos);
    collect(fd, k, 0, -1, errors);
  }
  return n - *errors;
}

/* A dump request as bun-netlink sends it for the workload. */
static long dump(int fd, int what, long *errors) {
  size_t pos = 0;
  int type = what == 'r' || what == 'R' ? RTM_GETROUTE : what == 'l' ? RTM_GETLINK : RTM_GETADDR;
  begin_msg(sbuf, &pos, type, NLM_F_REQUEST | NLM_F_DUMP);
  if (type == RTM_GETROUTE) { /* RouteApi.iterate({ family: 4|6, table: "all" }): rtmsg family, no filter */
    struct rtmsg *r = (struct rtmsg *)(sbuf + pos);
    memset(r, 0, sizeof *r);
    r->rtm_family = what == 'r' ? AF_INET : AF_INET6;
    pos += sizeof *r;
  } else if (what == 'l') { /* LinkApi.list(): an empty ifinfomsg */
    memset(sbuf + pos, 0, sizeof(struct ifinfomsg));
    pos += sizeof(struct ifinfomsg);
  } else { /* AddressApi.list({ family: 6 }): ifaddrmsg with family AF_INET6 */
    memset(sbuf + pos, 0, sizeof(struct ifaddrmsg));
    ((struct ifaddrmsg *)(sbuf + pos))->ifa_family = AF_INET6;
    pos += sizeof(struct ifaddrmsg);
  }
  end_msg(sbuf, 0, &pos);
  nl_send(fd, sbuf, pos);
  return collect(fd, 0, 1, type == RTM_GETROUTE ? RTM_NEWROUTE : type == RTM_GETLINK ? RTM_NEWLINK : RTM_NEWADDR, errors);
}

static long addrs(int fd, long n, int oif, int del, long *errors) {
  for (long k = 0; k < n; k++) {
    long i = del ? n - 1 - k : k; /* deleted in reverse order, as every contender does */
    size_t pos = 0;
    begin_msg(sbuf, &pos, del ? RTM_DELADDR : RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | (del ? 0 : NLM_F_CREATE | NLM_F_EXCL));
    struct ifaddrmsg *a = (struct ifaddrmsg *)(sbuf + pos);
    memset(a, 0, sizeof *a);
    a->ifa_family = AF_INET6;
    a->ifa_prefixlen = 128;
    a->ifa_flags = del ? 0 : IFA_F_NODAD; /* in the header, as iproute2 and AddressApi send flags that fit */
    a->ifa_index = oif;
    pos += sizeof *a;
    /* 2001:db8:100:X::1 (warm-up 2001:db8:101:X::1), X = i + 1: one shared solicited-node group */
    unsigned char ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0x01, warming ? 0x01 : 0x00, (unsigned char)((i + 1) >> 8), (unsigned char)(i + 1)};
    ip[15] = 1;
    put_attr(sbuf, &pos, IFA_LOCAL, ip, 16);
    put_attr(sbuf, &pos, IFA_ADDRESS, ip, 16);
    end_msg(sbuf, 0, &pos);
    nl_send(fd, sbuf, pos);
    collect(fd, 1, 0, -1, errors);
  }
  return n - *errors;
}

static long veth(int fd, long n, int del, long *errors) {
  char name[32], peer[32];
  for (long i = 0; i < n; i++) {
    size_t pos = 0;
    snprintf(name, sizeof name, warming ? "w%ld" : "a%ld", i);
    snprintf(peer, sizeof peer, warming ? "x%ld" : "b%ld", i);
    begin_msg(sbuf, &pos, del ? RTM_DELLINK : RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | (del ? 0 : NLM_F_CREATE | NLM_F_EXCL));
    memset(sbuf + pos, 0, sizeof(struct ifinfomsg));
    pos += sizeof(struct ifinfomsg);
    put_attr(sbuf, &pos, IFLA_IFNAME, name, strlen(name) + 1);
    if (!del) {
      size_t li = put_attr(sbuf, &pos, IFLA_LINKINFO, NULL, 0);
      put_attr(sbuf, &pos, IFLA_INFO_KIND, "veth", 5);
      size_t data = put_attr(sbuf, &pos, IFLA_INFO_DATA, NULL, 0);
      size_t p = put_attr(sbuf, &pos, VETH_INFO_PEER, NULL, 0);
      memset(sbuf + pos, 0, sizeof(struct ifinfomsg));
      pos += sizeof(struct ifinfomsg);
      put_attr(sbuf, &pos, IFLA_IFNAME, peer, strlen(peer) + 1);
      end_nest(sbuf, p, pos);
      end_nest(sbuf, data, pos);
      end_nest(sbuf, li, pos);
    }
    end_msg(sbuf, 0, &pos);
    nl_send(fd, sbuf, pos);
    collect(fd, 1, 0, -1, errors);
  }
  return n - *errors;
}

/* LinkApi.get(name): ifinfomsg + IFLA_IFNAME, answered by one RTM_NEWLINK (no ACK asked). */
static long link_get(int fd, long n, const char *name, long *errors) {
  size_t pos = 0;
  begin_msg(sbuf, &pos, RTM_GETLINK, NLM_F_REQUEST);
  memset(sbuf + pos, 0, sizeof(struct ifinfomsg));
  pos += sizeof(struct ifinfomsg);
  put_attr(sbuf, &pos, IFLA_IFNAME, name, strlen(name) + 1);
  end_msg(sbuf, 0, &pos);
  struct nlmsghdr *h = (struct nlmsghdr *)sbuf;
  long ok = 0;
  for (long i = 0; i < n; i++) {
    h->nlmsg_seq = seq_no++;
    nl_send(fd, sbuf, pos);
    ssize_t got = nl_recv(fd);
    struct nlmsghdr *a = (struct nlmsghdr *)rbuf;
    if (NLMSG_OK(a, (size_t)got) && a->nlmsg_type == RTM_NEWLINK && a->nlmsg_seq == h->nlmsg_seq) ok++;
    else (*errors)++;
  }
  return ok;
}

/*
 * resolveIndex(conn, name): RTM_GETLINK with IFLA_IFNAME and IFLA_EXT_MASK
 * RTEXT_FILTER_SKIP_STATS, NLM_F_ACK; read the answer's ifi_index and the ACK.
 */
static long link_index(int fd, long n, const char *name, long *errors) {
  size_t pos = 0;
  begin_msg(sbuf, &pos, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
  memset(sbuf + pos, 0, sizeof(struct ifinfomsg));
  pos += sizeof(struct ifinfomsg);
  put_attr(sbuf, &pos, IFLA_IFNAME, name, strlen(name) + 1);
  uint32_t mask = RTEXT_FILTER_SKIP_STATS;
  put_attr(sbuf, &pos, IFLA_EXT_MASK, &mask, 4);
  end_msg(sbuf, 0, &pos);
  struct nlmsghdr *h = (struct nlmsghdr *)sbuf;
  long ok = 0;
  for (long i = 0; i < n; i++) {
    h->nlmsg_seq = seq_no++;
    nl_send(fd, sbuf, pos);
    int index = 0, acked = 0;
    while (!acked) {
      ssize_t got = nl_recv(fd);
      for (struct nlmsghdr *a = (struct nlmsghdr *)rbuf; NLMSG_OK(a, (size_t)got); a = NLMSG_NEXT(a, got)) {
        if (a->nlmsg_seq != h->nlmsg_seq) continue;
        if (a->nlmsg_type == RTM_NEWLINK) index = ((struct ifinfomsg *)NLMSG_DATA(a))->ifi_index;
        else if (a->nlmsg_type == NLMSG_ERROR) acked = 1;
      }
    }
    if (index > 0) ok++;
    else (*errors)++;
  }
  return ok;
}

/* N x: create a named namespace like ip netns add, bring lo up from a socket opened in it, delete it. */
static long netns_cycle(long n, const char *prefix, long *errors) {
  char path[256];
  mkdir("/run/netns", 0755);
  if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL) != 0) {
    if (mount("/run/netns", "/run/netns", "none", MS_BIND | MS_REC, NULL) != 0) die("mount --bind /run/netns");
    if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL) != 0) die("mount --make-rshared /run/netns");
  }
  int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (home < 0) die("open own netns");
  long ok = 0;
  for (long i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/run/netns/%s%ld", prefix, i);
    int f = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (f < 0) die("create netns file");
    close(f);
    if (unshare(CLONE_NEWNET) != 0) die("unshare");
    if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) != 0) die("bind mount netns");
    int fd = nl_open(); /* the socket lives in the new namespace */
    if (setns(home, CLONE_NEWNET) != 0) die("setns back");
    size_t pos = 0;
    begin_msg(sbuf, &pos, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
    struct ifinfomsg *ifi = (struct ifinfomsg *)(sbuf + pos);
    memset(ifi, 0, sizeof *ifi);
    ifi->ifi_index = 1; /* lo */
    ifi->ifi_flags = IFF_UP;
    ifi->ifi_change = IFF_UP;
    pos += sizeof *ifi;
    end_msg(sbuf, 0, &pos);
    nl_send(fd, sbuf, pos);
    long before = *errors;
    collect(fd, 1, 0, -1, errors);
    close(fd);
    if (umount2(path, MNT_DETACH) != 0) die("umount netns");
    if (unlink(path) != 0) die("unlink netns");
    if (*errors == before) ok++;
  }
  close(home);
  return ok;
}

/*
 * Peak RSS of this process image in bytes (VmHWM). getrusage's ru_maxrss is
 * no use here: a child spawned with vfork (as Bun spawns) inherits its
 * parent's high-water mark at execve.
 */
static long vm_hwm(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
  if (f) fclose(f);
  return kb * 1024;
}

static double now(void);
static double tv(struct timeval t);

/*
 * exec-rss [-o FILE] CMD ARGS...: run a command as a forked child (so its
 * peak RSS is its own, not the spawner's), with its stdout in FILE (a tmpfs
 * file: a sink that costs the writer nothing) or passed through, and print
 * its wall time, CPU time and peak RSS as the last line of stderr after
 * the marker "BNLBENCH-RUSAGE ". Exits with the child's status.
 */
static int exec_rss(char **argv) {
  const char *out = NULL;
  if (argv[0] && strcmp(argv[0], "-o") == 0 && argv[1]) {
    out = argv[1];
    argv += 2;
  }
  double t0 = now();
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    if (out) {
      int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0 || dup2(fd, 1) < 0) _exit(126);
    }
    execvp(argv[0], argv);
    fprintf(stderr, "floor: exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int st = 0;
  struct rusage ru;
  while (wait4(pid, &st, 0, &ru) < 0)
    if (errno != EINTR) die("wait4");
  double t1 = now();
  fprintf(stderr, "\nBNLBENCH-RUSAGE {\"seconds\":%.9f,\"user\":%.6f,\"sys\":%.6f,\"maxrss\":%ld}\n", t1 - t0, tv(ru.ru_utime), tv(ru.ru_stime), ru.ru_maxrss * 1024L);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * exec-loop N CMD ARGS...: run CMD N times one after the other (stdout and
 * stderr to /dev/null) after one untimed run; print the JSON line of the
 * N runs: wall seconds, the children's CPU time, the largest child peak RSS,
 * count = runs that exited 0. Cold start of whole programs.
 */
static int exec_loop(long n, char **argv) {
  long errors = 0, count = 0, maxrss = 0;
  double user = 0, sys = 0, t0 = 0;
  for (long i = -1; i < n; i++) {
    if (i == 0) t0 = now();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
      int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
      if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) _exit(126);
      execvp(argv[0], argv);
      _exit(127);
    }
    int st = 0;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
      if (errno != EINTR) die("wait4");
    if (i < 0) continue;
    user += tv(ru.ru_utime);
    sys += tv(ru.ru_stime);
    if (ru.ru_maxrss * 1024L > maxrss) maxrss = ru.ru_maxrss * 1024L;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) count++;
    else errors++;
  }
  printf("{\"seconds\":%.9f,\"user\":%.6f,\"sys\":%.6f,\"maxrss\":%ld,\"count\":%ld,\"errors\":%ld}\n", now() - t0, user, sys, maxrss, count, errors);
  return 0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}
static double tv(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: floor MODE ARGS... (see the comment at the top of floor.c)\n");
    return 2;
  }
  const char *mode = argv[1];
  if (strcmp(mode, "exec-rss") == 0) return exec_rss(argv + 2);
  if (strcmp(mode, "exec-loop") == 0) return exec_loop(atol(argv[2]), argv + 3);
  int route_mode = strcmp(mode, "route-add") == 0 || strcmp(mode, "route-del") == 0;
  long n = atol(argv[2]);
  long errors = 0, count = 0;
  int fd = strcmp(mode, "netns-cycle") == 0 ? -1 : nl_open();
  if (strcmp(mode, "count") == 0) {
    int what = argv[2][0];
    if (what == 'b' || what == 'B') {
      skip_kernel_routes = 1;
      what = what == 'b' ? 'r' : 'R';
    }
    count = dump(fd, what, &errors);
    printf("%ld\n", count);
    return errors ? 1 : 0;
  }
  if (route_mode) {
    load_routes(argv[2]);
    n = nrts;
  }
  /* The link named by addr-add's 3rd argument, resolved before the clock starts. */
  const char *dev = strcmp(mode, "addr-add") == 0 && argc > 3 ? argv[3] : NULL;
  int oif = dev ? (int)if_nametoindex(dev) : 0;
  if (dev && oif == 0) die(dev);
  int family = strcmp(mode, "route-dump") == 0 && argc > 2 && strcmp(argv[2], "6") == 0 ? 'R' : 'r';
  /*
   * Untimed warm-up, the same in every self-timing contender: a small run
   * of the same operation (the library's JIT warms up; the kernel's caches
   * too), undone before the clock starts.
   */
  long werr = 0;
  warming = 1;
  if (route_mode) {
    long w = n < 1000 ? n : 1000;
    routes(fd, w, 256, 0, &werr);
    routes(fd, w, 256, 1, &werr);
  } else if (strcmp(mode, "route-dump") == 0) dump(fd, family, &werr);
  else if (strcmp(mode, "link-dump") == 0) dump(fd, 'l', &werr);
  else if (strcmp(mode, "addr-dump") == 0) dump(fd, 'a', &werr);
  else if (strcmp(mode, "addr-add") == 0) {
    addrs(fd, 100, oif, 0, &werr);
    addrs(fd, 100, oif, 1, &werr);
  } else if (strcmp(mode, "veth-add") == 0 || strcmp(mode, "veth-del") == 0) {
    veth(fd, 10, 0, &werr);
    veth(fd, 10, 1, &werr);
  } else if (strcmp(mode, "link-get") == 0) link_get(fd, 1000, argv[3], &werr);
  else if (strcmp(mode, "link-index") == 0) link_index(fd, 1000, argv[3], &werr);
  else if (strcmp(mode, "netns-cycle") == 0) {
    char wp[200];
    snprintf(wp, sizeof wp, "%sw", argv[3]);
    netns_cycle(3, wp, &werr);
  }
  warming = 0;
  if (werr != 0) {
    fprintf(stderr, "floor: %ld errors during the warm-up\n", werr);
    return 1;
  }

  struct rusage r0, r1;
  getrusage(RUSAGE_SELF, &r0);
  double t0 = now();
  if (strcmp(mode, "route-add") == 0) count = routes(fd, n, atol(argv[3]), 0, &errors);
  else if (strcmp(mode, "route-del") == 0) count = routes(fd, n, atol(argv[3]), 1, &errors);
  else if (strcmp(mode, "route-dump") == 0) count = dump(fd, family, &errors);
  else if (strcmp(mode, "link-dump") == 0) count = dump(fd, 'l', &errors);
  else if (strcmp(mode, "addr-dump") == 0) count = dump(fd, 'a', &errors);
  else if (strcmp(mode, "addr-add") == 0) count = addrs(fd, n, oif, 0, &errors);
  else if (strcmp(mode, "veth-add") == 0) count = veth(fd, n, 0, &errors);
  else if (strcmp(mode, "veth-del") == 0) count = veth(fd, n, 1, &errors);
  else if (strcmp(mode, "link-get") == 0) count = link_get(fd, n, argv[3], &errors);
  else if (strcmp(mode, "link-index") == 0) count = link_index(fd, n, argv[3], &errors);
  else if (strcmp(mode, "netns-cycle") == 0) count = netns_cycle(n, argv[3], &errors);
  else {
    fprintf(stderr, "floor: unknown mode %s\n", mode);
    return 2;
  }
  double t1 = now();
  getrusage(RUSAGE_SELF, &r1);
  printf("{\"seconds\":%.9f,\"user\":%.6f,\"sys\":%.6f,\"maxrss\":%ld,\"count\":%ld,\"errors\":%ld}\n", t1 - t0,
         tv(r1.ru_utime) - tv(r0.ru_utime), tv(r1.ru_stime) - tv(r0.ru_stime), vm_hwm(), count, errors);
  return 0;
}
