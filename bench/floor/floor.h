/*
 * The C floor's shared declarations (see main.c for what the program does
 * and floor.h's neighbours for one job each):
 *   nl.c       the netlink socket, request building, answer collection
 *   routes.c   the route batch file and route add/delete in windows
 *   requests.c dumps and one-at-a-time requests (addresses, veths, link get/index)
 *   netns.c    namespace create + lo up + destroy
 *   proc.c     exec-rss / exec-loop (whole-program timing), clocks, VmHWM
 */
#ifndef FLOOR_H
#define FLOOR_H
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

/* nl.c */
extern unsigned char rbuf[64 * 1024];
extern unsigned char sbuf[256 * 1024];
extern uint32_t seq_no;
/* Set by `count b|B`: count only routes not made by the kernel (rtm_protocol != RTPROT_KERNEL). */
extern int skip_kernel_routes;
/* Set during the untimed warm-up: requests use the warm-up's own names, addresses and tables. */
extern int warming;
void die(const char *what);
int nl_open(void);
void nl_send(int fd, const void *buf, size_t len);
ssize_t nl_recv(int fd);
size_t put_attr(unsigned char *buf, size_t *pos, unsigned short type, const void *data, size_t len);
void end_nest(unsigned char *buf, size_t at, size_t pos);
struct nlmsghdr *begin_msg(unsigned char *buf, size_t *pos, unsigned short type, unsigned short flags);
void end_msg(unsigned char *buf, size_t start, size_t *pos);
long collect(int fd, long want, int dump, int count_type, long *errors);
void collect_until(int fd, uint32_t seq, long *errors);

/* routes.c */
extern long nrts;
void load_routes(const char *path);
long routes(int fd, long n, long max_window, int del, long *errors);

/* requests.c */
long dump(int fd, int what, long *errors);
long addrs(int fd, long n, int oif, int del, long *errors);
long veth(int fd, long n, int del, long *errors);
long link_get(int fd, long n, const char *name, long *errors);
long link_index(int fd, long n, const char *name, long *errors);

/* netns.c */
long netns_cycle(long n, const char *prefix, long *errors);

/* proc.c */
long vm_hwm(void);
double now(void);
double tv(struct timeval t);
int exec_rss(char **argv);
int exec_loop(long n, char **argv);

#endif
