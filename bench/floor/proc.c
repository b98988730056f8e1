/* Whole-program timing (exec-rss, exec-loop), clocks and this process's peak RSS. */
#include "floor.h"

/*
 * Peak RSS of this process image in bytes (VmHWM). getrusage's ru_maxrss is
 * no use here: a child spawned with vfork (as Bun spawns) inherits its
 * parent's high-water mark at execve.
 */
long vm_hwm(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = 0;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
  if (f) fclose(f);
  return kb * 1024;
}

/*
 * exec-rss [-o FILE] CMD ARGS...: run a command as a forked child (so its
 * peak RSS is its own, not the spawner's), with its stdout in FILE (a tmpfs
 * file: a sink that costs the writer nothing) or passed through, and print
 * its wall time, CPU time and peak RSS as the last line of stderr after
 * the marker "BNLBENCH-RUSAGE ". Exits with the child's status.
 */
int exec_rss(char **argv) {
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
int exec_loop(long n, char **argv) {
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

double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}
double tv(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }
