/* Dumps and one-at-a-time requests: addresses, veth pairs, link get and index lookups (latency). */
#include "floor.h"

/* A dump request as bun-netlink sends it for the workload. */
long dump(int fd, int what, long *errors) {
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

long addrs(int fd, long n, int oif, int del, long *errors) {
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

long veth(int fd, long n, int del, long *errors) {
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
long link_get(int fd, long n, const char *name, long *errors) {
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
long link_index(int fd, long n, const char *name, long *errors) {
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
