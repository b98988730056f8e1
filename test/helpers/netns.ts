/**
 * Test helpers for kernel tests: throwaway network namespaces and guards that
 * keep tests out of the namespace the test process started in.
 *
 *   import { describeKernel, withTempNetns, assertNotRootNetns } from "../helpers/netns.ts";
 *   describeKernel("links", () => {
 *     it("adds a veth", () => withTempNetns((ns) => ns.run(() => { assertNotRootNetns(); ... })));
 *   });
 *
 * Kernel tests need root. Without root they skip with a reason, except under
 * CI=true, where a missing root fails loudly instead of silently skipping.
 */
import { describe, it } from "vitest";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createNetns, deleteNetns } from "../../lib/netns/manage.ts";
import { currentNetnsId } from "../../lib/netns/handle.ts";
import { runInNetns, openSocketInNetns } from "../../lib/netns/run.ts";
import { execInNetns, type ExecInNetnsOptions, type ExecInNetnsResult } from "../../lib/netns/exec.ts";
import { DEFAULT_NETNS_BASE } from "../../lib/netns/names.ts";
import type { NetlinkSocket, NetlinkSocketOptions } from "../../lib/sys/netlink-socket.ts";

/** Name prefix of every namespace these helpers create. */
export const TEMP_NETNS_PREFIX = "bnltest-";

/** True when running as root (uid 0). */
export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** True when CI=true: kernel tests must run, never skip. */
export const isCI = process.env.CI === "true";

const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

/** Effective capability set of this process (/proc/self/status CapEff). */
function effectiveCaps(): bigint {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

/** True when this process can create and enter namespaces (CAP_SYS_ADMIN and CAP_NET_ADMIN). */
export const hasNetnsCaps = ((effectiveCaps() >> CAP_SYS_ADMIN) & (effectiveCaps() >> CAP_NET_ADMIN) & 1n) === 1n;

/** Why kernel tests are skipped here, or undefined when they run. */
export const kernelSkipReason: string | undefined = !isRoot
  ? "kernel tests need root (CAP_SYS_ADMIN/CAP_NET_ADMIN to create network namespaces)"
  : !hasNetnsCaps
    ? "kernel tests need CAP_SYS_ADMIN and CAP_NET_ADMIN, which this root process lacks"
    : undefined;

/**
 * `describe` for tests that touch the kernel: skipped with a visible reason
 * when not root; under CI=true without root a failing test is registered
 * instead, so the missing privileges cannot go unnoticed.
 */
export function describeKernel(name: string, fn: () => void): void {
  if (kernelSkipReason === undefined) {
    describe(name, fn);
  } else if (isCI) {
    describe(name, () => {
      it("runs as root under CI", () => {
        throw new Error(`CI=true but ${kernelSkipReason}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${kernelSkipReason}]`, fn);
  }
}

/** "dev:ino" of the network namespace the test process started in (recorded at load). */
export const ROOT_NETNS_ID = currentNetnsId();

/**
 * Throw unless the calling thread is in a namespace other than the one the
 * process started in. Call before anything that mutates network state.
 */
export function assertNotRootNetns(): void {
  if (currentNetnsId() === ROOT_NETNS_ID) {
    throw new Error("refusing to run: the current thread is in the root network namespace of the test process");
  }
}

/** A throwaway namespace: use it, then `remove()` (idempotent) or let `using` dispose it. */
export interface TempNetns extends Disposable {
  /** Unique name, `bnltest-<pid>-<n>-<random>`. */
  readonly name: string;
  /** `/run/netns/<name>`. */
  readonly path: string;
  /** Run synchronous `fn` inside the namespace (runInNetns). */
  run<T>(fn: () => T): T;
  /** Open a netlink socket living in the namespace. */
  socket(protocol?: number, opts?: NetlinkSocketOptions): NetlinkSocket;
  /** Run a program inside (execInNetns). */
  exec(argv: readonly string[], opts?: ExecInNetnsOptions): ExecInNetnsResult;
  /** Delete the namespace; idempotent. */
  remove(): void;
}

const live = new Set<string>();
let counter = 0;

/** Create a uniquely named namespace under /run/netns. Remove it with `remove()` or `using`. */
export function tempNetns(): TempNetns {
  const name = `${TEMP_NETNS_PREFIX}${process.pid}-${++counter}-${randomBytes(3).toString("hex")}`;
  const path = createNetns(name);
  live.add(name);
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    live.delete(name);
    deleteNetns(name);
  };
  return {
    name,
    path,
    run: (fn) => runInNetns(path, fn),
    socket: (protocol = 0, opts) => openSocketInNetns(path, protocol, opts),
    exec: (argv, opts) => execInNetns(name, argv, opts),
    remove,
    [Symbol.dispose]: remove,
  };
}

/**
 * Create a temp namespace, run `fn` (sync or async) with it, and delete the
 * namespace afterwards, also when `fn` throws or rejects.
 */
export async function withTempNetns<T>(fn: (ns: TempNetns) => T | Promise<T>): Promise<T> {
  const ns = tempNetns();
  try {
    return await fn(ns);
  } finally {
    ns.remove();
  }
}

// Last resort if a test process dies between create and remove.
process.on("exit", () => {
  for (const name of live) {
    try {
      if (existsSync(`${DEFAULT_NETNS_BASE}/${name}`)) deleteNetns(name);
    } catch {
      // nothing more we can do while exiting
    }
  }
});
