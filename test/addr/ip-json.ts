/**
 * Compare our Address objects with `ip -j addr show` output (iproute2's
 * ip/ipaddress.c print_addrinfo): the same key fields on both sides, flags
 * as a sorted list. ip prints IFA_ADDRESS as "address" when it differs from
 * IFA_LOCAL, flags as booleans, and "dynamic" when IFA_F_PERMANENT is not set.
 */
import { expect } from "vitest";
import type { Address } from "../../lib/rtnl/address/api.ts";

/** The fields both sides report. Lifetimes in seconds, 4294967295 = forever. */
export interface AddrKey {
  /** Absent in ip's output with a label filter (iproute2 6.1 prints bare {"addr_info": [...]} objects). */
  index?: number;
  family: string;
  local: string;
  prefixlen: number;
  peer?: string;
  broadcast?: string;
  scope: string | number;
  label?: string;
  flags: string[];
  valid: number;
  preferred: number;
  metric?: number;
}

const IP_FLAG_KEYS = ["secondary", "temporary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"];
const FOREVER = 4294967295;

function clean(k: AddrKey): AddrKey {
  for (const key of Object.keys(k) as (keyof AddrKey)[]) if (k[key] === undefined) delete k[key];
  k.flags.sort();
  return k;
}

/** Every address of an `ip -j addr show` answer, flattened. */
export function fromIpJson(links: unknown): AddrKey[] {
  const out: AddrKey[] = [];
  for (const link of links as Array<{ ifindex: number; addr_info?: Array<Record<string, unknown>> }>) {
    for (const a of link.addr_info ?? []) {
      // iproute2 6.1 prints an empty object for each address its filters (scope, label) drop.
      if (a.local === undefined && Object.keys(a).length === 0) continue;
      const flags = IP_FLAG_KEYS.filter((f) => a[f] === true);
      if (a.dynamic !== true) flags.push("permanent");
      out.push(clean({
        index: link.ifindex,
        family: a.family as string,
        local: a.local as string,
        prefixlen: a.prefixlen as number,
        peer: a.address as string | undefined,
        broadcast: a.broadcast as string | undefined,
        scope: a.scope as string | number,
        label: a.label as string | undefined,
        flags,
        valid: a.valid_life_time as number,
        preferred: a.preferred_life_time as number,
        metric: a.metric as number | undefined,
      }));
    }
  }
  return out;
}

/** Our Address in the same shape. */
export function fromOurs(a: Address): AddrKey {
  return clean({
    index: a.ifindex,
    family: a.family,
    local: a.local,
    prefixlen: a.prefixlen,
    peer: a.peer,
    broadcast: a.broadcast,
    scope: a.scope,
    label: a.label,
    flags: [...a.flags],
    valid: a.validLft === "forever" ? FOREVER : a.validLft ?? -1,
    preferred: a.preferredLft === "forever" ? FOREVER : a.preferredLft ?? -1,
    metric: a.metric,
  });
}

/**
 * Expect our list to equal ip's, in the same order unless `anyOrder`. ip reads after us, so a
 * finite lifetime may have ticked down by a second in between.
 */
export function expectSameAsIp(ours: Address[], ipJson: unknown, opts: { anyOrder?: boolean } = {}): void {
  const a = ours.map(fromOurs);
  const b = fromIpJson(ipJson);
  if (opts.anyOrder) {
    // ip groups by link; a dump lists every IPv4 address before the IPv6 ones.
    const key = (k: AddrKey): string => `${k.family}|${k.local}/${k.prefixlen}|${k.index ?? ""}`;
    a.sort((x, y) => key(x).localeCompare(key(y)));
    b.sort((x, y) => key(x).localeCompare(key(y)));
  }
  expect(a.map((x) => `${x.local}/${x.prefixlen}`)).toEqual(b.map((x) => `${x.local}/${x.prefixlen}`));
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (y.index === undefined) delete x.index;
    for (const k of ["valid", "preferred"] as const) {
      if (x[k] !== FOREVER && y[k] !== FOREVER && x[k] - y[k] >= 0 && x[k] - y[k] <= 2) y[k] = x[k];
    }
    expect(x, `address ${x.local}/${x.prefixlen}`).toEqual(y);
  }
}
