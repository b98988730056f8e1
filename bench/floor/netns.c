/* netns-cycle: create a named namespace as ip netns add does, bring its lo up, destroy it. */
#include "floor.h"

/* N x: create a named namespace like ip netns add, bring lo up from a socket opened in it, delete it. */
long netns_cycle(long n, const char *prefix, long *errors) {
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
