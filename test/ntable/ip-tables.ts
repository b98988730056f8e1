/**
 * A namespace's neighbour tables as ip reads them, for comparing two
 * namespaces (twins changed by ip and by bun-netlink): `ip ntable show`
 * with each `reachable` masked, since the kernel draws it at random per
 * parameter set from base_reachable; the drawn value is checked to lie in
 * [base/2, 3*base/2] instead.
 */
import { expect } from "vitest";
import { ipOk } from "../cli/helpers.ts";

/** `ip -n NS ntable show`, reachable times checked and masked. */
export function tablesOf(ns: string): string {
  const t = ipOk(["-n", ns, "ntable", "show"]);
  for (const m of t.matchAll(/reachable (\d+) base_reachable (\d+)/g)) {
    const [r, b] = [Number(m[1]), Number(m[2])];
    if (b < 2 ** 31) expect(r >= Math.floor(b / 2) && r <= Math.ceil((3 * b) / 2), `reachable ${r} for base ${b}`).toBe(true);
  }
  return t.replace(/ reachable \d+ /g, " reachable R ");
}
