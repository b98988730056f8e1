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
 * Built from the .c files of this folder (floor.h lists them).
 *
 * Each mode first runs an untimed warm-up (see main), as every self-timing
 * contender does. Output: one JSON line {"seconds","user","sys","maxrss","count","errors"};
 * seconds/user/sys cover the measured operation only (socket already open),
 * maxrss is the process's peak RSS (VmHWM) in bytes.
 */
#include "floor.h"

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: floor MODE ARGS... (see the comment at the top of main.c)\n");
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
