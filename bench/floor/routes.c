/* The route batch file (parsed before the clock starts) and route add/delete in windows as lib/conn/batch.ts sends them. */
#include "floor.h"

/*
 * Routes come from the workload's batch file (bench/lib/route-sets.ts), the
 * file ip and the CLI run: lines `route add PREFIX [via GW] [dev D]
 * [table T]` or `route add PREFIX nexthop via GW dev D nexthop ...`,
 * parsed before the clock starts. The untimed warm-up adds and deletes the
 * file's first 1,000 routes in tables 240 + k / 512 instead.
 */

#define MAX_HOPS 4
struct hop { unsigned char gw[16]; int oif; };
struct froute {
  unsigned char family, len, nhops, multipath;
  uint32_t table;
  unsigned char dst[16];
  struct hop hops[MAX_HOPS];
};
static struct froute *rts;
long nrts;

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
void load_routes(const char *path) {
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

/* Add or delete routes [0, n) of the file, in windows as batch.ts sends them (one ACK per window). */
long routes(int fd, long n, long max_window, int del, long *errors) {
  size_t probe = 0;
  put_route(&probe, 0, del);
  seq_no--;
  long window = batch_window(fd, (long)probe, max_window);
  for (long i = 0; i < n;) {
    size_t pos = 0;
    long k = 0;
    size_t last = 0;
    for (; k < window && i < n; k++, i++) {
      last = pos;
      put_route(&pos, i, del);
    }
    /* One ACK per window, as batch.ts asks: NLM_F_ACK on the last request only (a failing one is answered anyway). */
    for (size_t at = 0; at < last; at += NLMSG_ALIGN(((struct nlmsghdr *)(sbuf + at))->nlmsg_len))
      ((struct nlmsghdr *)(sbuf + at))->nlmsg_flags &= ~NLM_F_ACK;
    nl_send(fd, sbuf, pos);
    collect_until(fd, ((struct nlmsghdr *)(sbuf + last))->nlmsg_seq, errors);
  }
  return n - *errors;
}
