/**
 * Create, delete and list named network namespaces the way iproute2's
 * `ip netns add/del/list` do (ip/ipnetns.c), so both tools see each other's
 * namespaces: a shared-propagation /run/netns holding one empty file per
 * namespace, with the namespace bind-mounted onto it.
 */
import {
  CLONE_NEWNET,
  MNT_DETACH,
  MS_BIND,
  MS_REC,
  MS_SHARED,
  O_CLOEXEC,
  O_CREAT,
  O_EXCL,
  O_RDONLY,
} from "../sys/constants.ts";
import { closeFd, mount, openPath, setns, umount2, unlinkPath, unshare } from "../sys/ns.ts";
import { isSyscallError } from "../sys/syscall-error.ts";
import { DEFAULT_NETNS_BASE, resolveNetnsPath, THREAD_NETNS_PATH, validateNetnsName, validatePath } from "./names.ts";

/** node:fs, loaded on first use (loading it costs a command's start several ms). */
const fs = (): typeof import("node:fs") => process.getBuiltinModule("node:fs");

/** Options for {@link createNetns}, {@link deleteNetns}. */
export interface NetnsBaseOptions {
  /** Directory for namespace files (default /run/netns). */
  basePath?: string;
}

/**
 * Make `basePath` exist (mode 0755) and be a shared mount point, exactly like
 * `ip netns add`: mount --make-rshared; if that fails with EINVAL (not a mount
 * point), bind-mount the directory onto itself (MS_BIND|MS_REC) and retry.
 * Shared propagation lets namespaces mounted later show up in other mount
 * namespaces (e.g. one made by `ip netns exec`).
 */
export function ensureNetnsBase(basePath: string = DEFAULT_NETNS_BASE): void {
  validatePath(basePath, "basePath");
  fs().mkdirSync(basePath, { recursive: true, mode: 0o755 });
  let madeBind = false;
  for (;;) {
    try {
      mount("", basePath, "none", MS_SHARED | MS_REC);
      return;
    } catch (e) {
      if (madeBind || !isSyscallError(e, "EINVAL")) throw e;
    }
    mount(basePath, basePath, "none", MS_BIND | MS_REC);
    madeBind = true;
  }
}

/**
 * Create a named network namespace and return its path (`basePath/name`).
 * Steps (as `ip netns add`): validate the name, {@link ensureNetnsBase},
 * create the empty file with O_CREAT|O_EXCL (SyscallError EEXIST if taken),
 * save the calling thread's namespace, unshare(CLONE_NEWNET), bind-mount
 * /proc/thread-self/ns/net onto the file, and setns back to the saved
 * namespace in `finally`, on every path. On failure the file is removed.
 */
export function createNetns(name: string, opts: NetnsBaseOptions = {}): string {
  validateNetnsName(name);
  const basePath = opts.basePath ?? DEFAULT_NETNS_BASE;
  validatePath(basePath, "basePath");
  const path = resolveNetnsPath(name, basePath, "name");
  ensureNetnsBase(basePath);
  closeFd(openPath(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
  let mounted = false;
  try {
    whileSwitched(() => unshare(CLONE_NEWNET), () => {
      mount(THREAD_NETNS_PATH, path, "none", MS_BIND);
      mounted = true;
    });
  } catch (e) {
    if (mounted) tryQuietly(() => umount2(path, MNT_DETACH));
    tryQuietly(() => unlinkPath(path));
    throw e;
  }
  return path;
}

/**
 * Give the network namespace of process `pid` a name (`ip netns attach
 * NAME PID`) and return its path: as {@link createNetns}, but the file gets
 * a bind mount of /proc/PID/ns/net instead of a new namespace. On failure
 * (no such process: SyscallError("mount", ENOENT)) the file is removed.
 *
 *   attachNetns("ctr1", containerPid); // ip -n ctr1 ... now reaches the container
 */
export function attachNetns(name: string, pid: number, opts: NetnsBaseOptions = {}): string {
  validateNetnsName(name);
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid < 1 || pid > 0x7fffffff) {
    throw new RangeError(`pid must be a process id 1..2147483647, got ${String(pid)}`);
  }
  const basePath = opts.basePath ?? DEFAULT_NETNS_BASE;
  validatePath(basePath, "basePath");
  const path = resolveNetnsPath(name, basePath, "name");
  ensureNetnsBase(basePath);
  closeFd(openPath(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
  try {
    mount(`/proc/${pid}/ns/net`, path, "none", MS_BIND);
  } catch (e) {
    tryQuietly(() => unlinkPath(path));
    throw e;
  }
  return path;
}

/**
 * Save the calling thread's network namespace, `enter` another (setns or
 * unshare), run `work`, and setns back in `finally`. When `enter` fails the
 * thread has not moved: its own error is thrown and nothing is restored (a
 * restore could only fail the same way and hide the real cause, e.g.
 * EPERM without CAP_SYS_ADMIN). Synchronous only.
 */
export function whileSwitched<T>(enter: () => void, work: () => T): T {
  const saved = openPath(THREAD_NETNS_PATH);
  try {
    enter();
  } catch (e) {
    closeFd(saved);
    throw e;
  }
  try {
    return work();
  } finally {
    restoreNetns(saved);
  }
}

/**
 * setns back to `saved` and close it. A failure here would leave the JS thread
 * in the wrong namespace, so it is reported loudly and never swallowed.
 */
export function restoreNetns(saved: number): void {
  try {
    setns(saved, CLONE_NEWNET, "(restoring the previous network namespace)");
  } finally {
    closeFd(saved);
  }
}

function tryQuietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // best-effort cleanup; the original error is what the caller sees
  }
}

/**
 * Delete a named namespace (`ip netns del`): umount2(MNT_DETACH) the file,
 * then unlink it. `ref` is a name under `basePath` or a path. The namespace
 * lives on while a process or an open handle still uses it. Throws
 * SyscallError("unlink", ENOENT) if it does not exist.
 */
export function deleteNetns(ref: string, opts: NetnsBaseOptions = {}): void {
  const path = resolveNetnsPath(ref, opts.basePath ?? DEFAULT_NETNS_BASE);
  try {
    umount2(path, MNT_DETACH);
  } catch (e) {
    // EINVAL: not a mount point (a stale file); ENOENT: reported by unlink below.
    if (!isSyscallError(e, "EINVAL", "ENOENT")) throw e;
  }
  unlinkPath(path);
}

/** Names of the namespaces under `basePath` (`ip netns list`), sorted; [] if it does not exist. */
export function listNetns(basePath: string = DEFAULT_NETNS_BASE): string[] {
  validatePath(basePath, "basePath");
  try {
    return fs().readdirSync(basePath).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}
