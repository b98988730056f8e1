/**
 * Waiting for the kernel's own timers instead of assuming how long they take
 * (a busy 2-core machine stretches every one of them): IPv6 duplicate address
 * detection, a link's operstate, a condition polled through iproute2. Each
 * wait polls with a deadline and fails naming what it waited for.
 *
 *   ip("link", "set", "v0", "up"); waitForDad(ns.name); // fe80 addresses and their local routes are in place
 */
import { spawnSync } from "node:child_process";

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Block the thread for `ms` (synchronous tests cannot await). */
export function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/** Poll `cond` every 10 ms (synchronously) until it holds; throws naming `what` after `timeoutMs`. */
export function waitUntilSync(cond: () => boolean, what: string, timeoutMs = 20_000): void {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    sleepSync(10);
  }
}

function ipJson(ns: string, args: readonly string[]): Array<Record<string, unknown>> {
  const r = spawnSync("ip", ["-n", ns, "-j", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip -n ${ns} -j ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout || "[]") as Array<Record<string, unknown>>;
}

/** True while some IPv6 address in `ns` is still tentative (DAD running). */
export function dadPending(ns: string): boolean {
  return ipJson(ns, ["-6", "addr", "show", "tentative"]).some((l) => ((l.addr_info as unknown[] | undefined) ?? []).length > 0);
}

/**
 * Wait until no IPv6 address in `ns` is tentative: DAD has finished, so the
 * addresses lost their tentative flag and their local routes exist (the kernel
 * adds an address's local route only when DAD completes).
 */
export function waitForDad(ns: string, timeoutMs = 20_000): void {
  waitUntilSync(() => !dadPending(ns), `IPv6 DAD to finish in ${ns}`, timeoutMs);
}

/** Wait until link `dev` in `ns` reports operstate `state` (e.g. "UP" once both veth ends are up). */
export function waitForOperstate(ns: string, dev: string, state: string, timeoutMs = 20_000): void {
  waitUntilSync(() => ipJson(ns, ["link", "show", "dev", dev])[0]?.operstate === state, `${dev} in ${ns} to be ${state}`, timeoutMs);
}
