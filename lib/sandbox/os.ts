/**
 * The operating-system layer under the sandbox manager: files and mounts
 * under the base path, namespace fds, netlink connections bound to a
 * namespace, and /proc/sys/net access performed INSIDE a namespace.
 *
 * The manager only talks to the system through this interface, so unit tests
 * swap in a fake that records every call (no root, nothing mounted), while
 * {@link kernelOs} is the real thing built on lib/netns.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import type { NetlinkConnection } from "../conn/connection.ts";
import { openConnection } from "../conn/open.ts";
import { bindNetnsAt, ensureNetnsFile, mountNewNetnsAt, unmountNetnsAt } from "../netns/attach.ts";
import { NetnsHandle } from "../netns/handle.ts";
import { ensureNetnsBase } from "../netns/manage.ts";
import { runInNetns } from "../netns/run.ts";

/** What lstat(2) says a path is. */
export type PathKind = "missing" | "file" | "dir" | "symlink" | "other";

/** An open namespace fd (for IFLA_NET_NS_FD); close it when done. */
export interface NetnsRef {
  readonly fd: number;
  close(): void;
}

/**
 * Everything the manager needs from the system. Paths are absolute. Sysctl
 * paths are relative to /proc/sys and start with "net/" (validated by the
 * caller): only network sysctls are per namespace; anything else would
 * change the whole host.
 */
export interface SandboxOs {
  /** mkdir -p `basePath` (0755) and make it a shared mount point, as `ip netns add` does. */
  prepareBase(basePath: string): void;
  /** lstat(2) of `path`, without following a final symlink. */
  pathKind(path: string): PathKind;
  /** realpath(3) of an existing path. */
  realpath(path: string): string;
  /** Entry names of a directory (throws when it cannot be read). */
  listDir(path: string): string[];
  /** Create `path` as an empty file unless it exists; never follows a symlink. */
  createFile(path: string): void;
  /** unlink(2) `path`; a missing file is not an error. */
  removeFile(path: string): void;
  /** umount2(MNT_DETACH): true if detached, false if not a mount point or missing. */
  unmount(path: string): boolean;
  /** Mount a new network namespace onto the existing file `path` (unshare + bind mount, thread restored). */
  mountNewNetns(path: string): void;
  /** Bind-mount the namespace file `source` onto the existing file `path`. */
  bindNetns(source: string, path: string): void;
  /** Open the namespace file `path` (fd for moving links). */
  openNetns(path: string): NetnsRef;
  /** A NETLINK_ROUTE connection living in the namespace at `path`, with a receive timeout. */
  openNetlink(path: string, timeoutMs: number): NetlinkConnection;
  /** Read /proc/sys/`rel` inside the namespace at `nsPath`; undefined if it is missing or not a regular file. */
  readSysctl(nsPath: string, rel: string): string | undefined;
  /** Write `value` to /proc/sys/`rel` inside the namespace at `nsPath`. */
  writeSysctl(nsPath: string, rel: string, value: string): void;
  /** Run synchronous `fn` with the calling thread inside the namespace at `nsPath`. */
  run<T>(nsPath: string, fn: () => T): T;
}

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** The real system: lib/netns mounts and handles, kernel netlink sockets, /proc/sys while setns'd into the namespace. */
export const kernelOs: SandboxOs = Object.freeze({
  prepareBase(basePath: string): void {
    ensureNetnsBase(basePath);
  },
  pathKind(path: string): PathKind {
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) return "symlink";
      if (st.isFile()) return "file";
      if (st.isDirectory()) return "dir";
      return "other";
    } catch (e) {
      if (errCode(e) === "ENOENT" || errCode(e) === "ENOTDIR") return "missing";
      throw e;
    }
  },
  realpath(path: string): string {
    return realpathSync(path);
  },
  listDir(path: string): string[] {
    return readdirSync(path);
  },
  createFile(path: string): void {
    ensureNetnsFile(path);
  },
  removeFile(path: string): void {
    try {
      unlinkSync(path);
    } catch (e) {
      if (errCode(e) !== "ENOENT") throw e;
    }
  },
  unmount(path: string): boolean {
    return unmountNetnsAt(path);
  },
  mountNewNetns(path: string): void {
    mountNewNetnsAt(path);
  },
  bindNetns(source: string, path: string): void {
    bindNetnsAt(source, path);
  },
  openNetns(path: string): NetnsRef {
    return NetnsHandle.fromPath(path);
  },
  openNetlink(path: string, timeoutMs: number): NetlinkConnection {
    return openConnection({ netns: path, timeoutMs });
  },
  readSysctl(nsPath: string, rel: string): string | undefined {
    return runInNetns(nsPath, () => {
      const p = `/proc/sys/${rel}`;
      try {
        if (!statSync(p).isFile()) return undefined;
        return readFileSync(p, "utf8").trim();
      } catch (e) {
        if (errCode(e) === "ENOENT" || errCode(e) === "ENOTDIR") return undefined;
        throw e;
      }
    });
  },
  writeSysctl(nsPath: string, rel: string, value: string): void {
    runInNetns(nsPath, () => writeFileSync(`/proc/sys/${rel}`, `${value}\n`));
  },
  run<T>(nsPath: string, fn: () => T): T {
    return runInNetns(nsPath, fn);
  },
});
