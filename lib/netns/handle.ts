/**
 * File-descriptor handles on network namespaces (namespaces(7), setns(2)): the
 * calling thread's, a bind-mounted file, a name under /run/netns, a process's.
 */
import { closeFd, openPath } from "../sys/ns.ts";
import { DEFAULT_NETNS_BASE, resolveNetnsPath, THREAD_NETNS_PATH, validatePath } from "./names.ts";

/** node:fs, loaded on first use (opening a namespace does not need it; loading it costs a command's start several ms). */
const fs = (): typeof import("node:fs") => process.getBuiltinModule("node:fs");

/** Options for opening a namespace by name. */
export interface NetnsOpenOptions {
  /** Directory holding named namespaces (default /run/netns). */
  basePath?: string;
}

/**
 * An open fd on a network namespace file. Disposable; `close()` is
 * idempotent, and `fd` throws `Error("netns handle is closed")` afterwards.
 * Holding the fd keeps the namespace alive even if its name is deleted.
 */
export class NetnsHandle implements Disposable {
  #fd: number;
  #closed = false;
  /** The path this handle was opened from (for messages). */
  readonly path: string;

  private constructor(fd: number, path: string) {
    this.#fd = fd;
    this.path = path;
  }

  /** The calling thread's current network namespace (/proc/thread-self/ns/net). */
  static current(): NetnsHandle {
    return new NetnsHandle(openPath(THREAD_NETNS_PATH), THREAD_NETNS_PATH);
  }

  /** Open a namespace file (a bind mount such as /run/netns/NAME, or /proc/PID/ns/net). */
  static fromPath(path: string): NetnsHandle {
    validatePath(path);
    return new NetnsHandle(openPath(path), path);
  }

  /** Open a named namespace: `basePath/name` (default /run/netns/NAME). */
  static fromName(name: string, opts: NetnsOpenOptions = {}): NetnsHandle {
    if (typeof name === "string" && name.includes("/")) {
      throw new TypeError(`name must not contain "/": ${JSON.stringify(name)}`);
    }
    const path = resolveNetnsPath(name, opts.basePath ?? DEFAULT_NETNS_BASE, "name");
    return new NetnsHandle(openPath(path), path);
  }

  /** The network namespace of process `pid` (/proc/PID/ns/net). */
  static fromPid(pid: number): NetnsHandle {
    if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0 || pid > 0x7fffffff) {
      throw new RangeError(`pid must be a positive integer, got ${String(pid)}`);
    }
    const path = `/proc/${pid}/ns/net`;
    return new NetnsHandle(openPath(path), path);
  }

  /** Open a name (no "/") under `basePath`, or a path (contains "/"). */
  static open(ref: string, opts: NetnsOpenOptions = {}): NetnsHandle {
    const path = resolveNetnsPath(ref, opts.basePath ?? DEFAULT_NETNS_BASE);
    return new NetnsHandle(openPath(path), path);
  }

  /** The namespace fd. Throws once closed. */
  get fd(): number {
    if (this.#closed) throw new Error("netns handle is closed");
    return this.#fd;
  }

  /** Whether {@link close} has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** "dev:ino" of the namespace (fstat(2)); equal ids mean the same namespace. */
  id(): string {
    const st = fs().fstatSync(this.fd, { bigint: true });
    return `${st.dev}:${st.ino}`;
  }

  /** Close the fd (close(2)); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const fd = this.#fd;
    this.#fd = -1;
    closeFd(fd);
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** True when two handles refer to the same namespace (same nsfs device and inode). */
export function sameNetns(a: NetnsHandle, b: NetnsHandle): boolean {
  return a.id() === b.id();
}

/**
 * "dev:ino" of the calling thread's network namespace (stat(2) of
 * /proc/thread-self/ns/net). Cheap; for tests and assertions.
 */
export function currentNetnsId(): string {
  const st = fs().statSync(THREAD_NETNS_PATH, { bigint: true });
  return `${st.dev}:${st.ino}`;
}

/** "dev:ino" of a namespace file such as /run/netns/NAME (stat(2) follows the mount). */
export function netnsIdOfPath(path: string): string {
  validatePath(path);
  const st = fs().statSync(path, { bigint: true });
  return `${st.dev}:${st.ino}`;
}
