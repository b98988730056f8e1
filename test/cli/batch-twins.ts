/**
 * The -batch differentials' common steps: twin throwaway namespaces set up
 * alike by ip, the same batch through `ip -batch` in one and bun-netlink's
 * `-batch` in the other, and the state read back with `ip -j`.
 */
import { expect } from "vitest";
import { tempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, noDad, stripVolatile, type RunResult } from "./helpers.ts";

/**
 * Two throwaway namespaces, DAD off, each set up by `ip -batch` with
 * `setup` (a batch text); `body` gets their names; both are removed
 * afterwards, also when it throws.
 */
export async function withTwins(setup: string, body: (a: string, b: string) => Promise<void>): Promise<void> {
  const a = tempNetns();
  const b = tempNetns();
  try {
    for (const ns of [a, b]) {
      noDad(ns.name);
      ipOk(["-n", ns.name, "-batch", "-"], setup);
    }
    await body(a.name, b.name);
  } finally {
    a.remove();
    b.remove();
  }
}

/**
 * `ip -n A [extra] -batch -` and `bun-netlink -n B [extra] -batch -` on
 * `text`: expects the same status, stderr and stdout (`ctx` names the case
 * on failure). Returns ip's result.
 */
export async function expectSameBatch(a: string, b: string, text: string, extra: string[], ctx?: string): Promise<RunResult> {
  const want = ip(["-n", a, ...extra, "-batch", "-"], text);
  const got = await cli(["-n", b, ...extra, "-batch", "-"], text);
  expect({ code: got.code, stderr: got.stderr, stdout: got.stdout }, ctx).toEqual({ code: want.code, stderr: want.stderr, stdout: want.stdout });
  return want;
}

/**
 * Routes and addresses (and with `links`, link names and flags) as `ip -j`
 * lists them, kernel order kept, volatile fields left out, and without the
 * kernel's link-local and multicast entries (they follow random MACs and
 * DAD timing).
 */
export function jsonState(ns: string, opts: { links?: boolean } = {}): unknown {
  type Obj = Record<string, unknown>;
  const j = (args: string[]) => stripVolatile(JSON.parse(ipOk(["-n", ns, "-j", ...args]) || "[]")) as Obj[];
  const linkLocal = (x: unknown) => /^(fe80|ff00)/.test(String(x));
  return {
    routes: j(["-4", "route", "show", "table", "all"]),
    routes6: j(["-6", "route", "show", "table", "all"]).filter((r) => !linkLocal(r.dst)),
    addrs: j(["addr", "show"]).map((l) => [l.ifname, (l.addr_info as Obj[]).filter((a) => !linkLocal(a.local))]),
    ...(opts.links ? { links: j(["link", "show"]).map((l) => [l.ifname, l.flags]) } : {}),
  };
}

/**
 * Each command line of `cases` through `ip -n A` and `bun-netlink -n B`:
 * the same status, stdout and stderr, and the same `state(ns)` after
 * (the line names the case on failure).
 */
export async function expectSameLines(a: string, b: string, cases: readonly string[][], state: (ns: string) => string): Promise<void> {
  for (const args of cases) {
    const want = ip(["-n", a, ...args]);
    const got = await cli(["-n", b, ...args]);
    const ctx = args.join(" ");
    expect({ code: got.code, stdout: got.stdout, stderr: got.stderr }, ctx).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
    expect(state(b), ctx).toBe(state(a));
  }
}
