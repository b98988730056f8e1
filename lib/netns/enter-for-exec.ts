/**
 * The steps `ip netns exec` takes before it execs a program (iproute2
 * lib/namespace.c netns_switch), on the calling thread: shared by the exec
 * helper child (exec-helper.ts, for library callers that keep running) and
 * by the command line, which execs in its own process as ip does.
 *   1. setns(2) into the network namespace;
 *   2. unshare(CLONE_NEWNS) — allowed in a multithreaded process, it gives this
 *      thread a private mount namespace — and make "/" MS_SLAVE|MS_REC so the
 *      mounts below do not propagate back to the host;
 *   3. umount2("/sys", MNT_DETACH) and mount a fresh sysfs, which then
 *      describes the new network namespace (read-only if /sys was and could
 *      not be unmounted);
 *   4. bind-mount each /etc/netns/<name>/<entry> over /etc/<entry> (a failed
 *      bind is reported on stderr and skipped, as ip's bind_etc does).
 * execve(2) keeps only the calling thread, so a program exec'd afterwards runs
 * in these namespaces.
 */
import { readdirSync, writeSync } from "node:fs";
import { CLONE_NEWNET, CLONE_NEWNS, MNT_DETACH, MS_BIND, MS_RDONLY, MS_REC, MS_SLAVE } from "../sys/constants.ts";
import { closeFd, isReadOnlyFs, mount, openPath, setns, umount2, unshare } from "../sys/ns.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { NETNS_ETC_DIR } from "./names.ts";

function switchNamespaces(netnsPath: string, name: string): void {
  const fd = openPath(netnsPath);
  try {
    setns(fd, CLONE_NEWNET, netnsPath);
  } finally {
    closeFd(fd);
  }
  unshare(CLONE_NEWNS);
  mount("", "/", "none", MS_SLAVE | MS_REC);
  let flags = 0;
  try {
    umount2("/sys", MNT_DETACH);
  } catch {
    // No sysfs there, or it cannot be unmounted: overlay it. A read-only
    // instance cannot be shadowed by a read-write one.
    try {
      if (isReadOnlyFs("/sys")) flags = MS_RDONLY;
    } catch {
      // /sys missing entirely: mount below reports it
    }
  }
  mount(name, "/sys", "sysfs", flags);
}

function bindEtc(name: string): void {
  const dir = `${NETNS_ETC_DIR}/${name}`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // no per-namespace configuration
  }
  for (const entry of entries) {
    const src = `${dir}/${entry}`;
    const dst = `/etc/${entry}`;
    try {
      mount(src, dst, "none", MS_BIND);
    } catch (e) {
      const why = e instanceof SyscallError ? e.message.replace(/^.*?: /, "") : String(e);
      writeSync(2, `Bind ${src} -> ${dst} failed: ${why}\n`);
    }
  }
}

/**
 * Move the calling thread into the network namespace at `netnsPath` (named
 * `name`: the sysfs source and the /etc/netns/<name> folder) with its own
 * mount namespace, as `ip netns exec` does before exec. Irreversible for
 * the thread: call it only right before execvp(3). Throws SyscallError when
 * a step fails.
 */
export function enterNetnsForExec(netnsPath: string, name: string): void {
  switchNamespaces(netnsPath, name);
  bindEtc(name);
}
