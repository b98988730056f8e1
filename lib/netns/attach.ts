/**
 * Namespace-file primitives for managers that own their key files (the
 * sandbox manager in lib/sandbox, like libnetwork's osl): create or reuse the
 * empty file, mount a NEW namespace or an EXISTING one onto it, and unmount
 * it. Unlike createNetns/deleteNetns (iproute2's `ip netns add/del`, which
 * refuse an existing file), these work on a path the caller has prepared, so
 * a key can be re-created after a crash or while it waits for collection.
 */
import { CLONE_NEWNET, MNT_DETACH, MS_BIND, O_CLOEXEC, O_CREAT, O_NOFOLLOW, O_RDONLY } from "../sys/constants.ts";
import { closeFd, mount, openPath, umount2, unshare } from "../sys/ns.ts";
import { isSyscallError } from "../sys/syscall-error.ts";
import { whileSwitched } from "./manage.ts";
import { THREAD_NETNS_PATH, validatePath } from "./names.ts";

/**
 * Create `path` as an empty file if it does not exist (open(2) with
 * O_CREAT|O_NOFOLLOW, mode 0, like iproute2's netns files). An existing file
 * is kept as is; a symlink at `path` fails with SyscallError ELOOP, so a
 * planted link never redirects the mount that follows.
 */
export function ensureNetnsFile(path: string): void {
  validatePath(path);
  closeFd(openPath(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0));
}

/**
 * Mount a NEW network namespace onto the existing file `path`: save the
 * calling thread's namespace, unshare(CLONE_NEWNET), bind-mount
 * /proc/thread-self/ns/net onto `path`, and setns back in `finally` (also
 * when the mount fails; a failed unshare is thrown as is). The namespace lives as long as the mount.
 */
export function mountNewNetnsAt(path: string): void {
  validatePath(path);
  whileSwitched(() => unshare(CLONE_NEWNET), () => mount(THREAD_NETNS_PATH, path, "none", MS_BIND));
}

/**
 * Bind-mount the namespace file `source` (e.g. /proc/PID/ns/net or another
 * /run/netns/NAME) onto the existing file `path` (mount(2) MS_BIND), so both
 * name the same namespace.
 */
export function bindNetnsAt(source: string, path: string): void {
  validatePath(source, "source");
  validatePath(path);
  mount(source, path, "none", MS_BIND);
}

/**
 * umount2(path, MNT_DETACH). Returns true when a mount was detached, false
 * when `path` is not a mount point (EINVAL) or does not exist (ENOENT);
 * other failures throw SyscallError.
 */
export function unmountNetnsAt(path: string): boolean {
  validatePath(path);
  try {
    umount2(path, MNT_DETACH);
    return true;
  } catch (e) {
    if (isSyscallError(e, "EINVAL", "ENOENT")) return false;
    throw e;
  }
}
