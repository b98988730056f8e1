/**
 * Seeds for the all-family fuzz run: every netlink message captured from a
 * real kernel or from iproute2 under fixtures/ (scenario recordings'
 * `exchanges[].send` / `exchanges[].recv[]`, strace captures' `requests[]`),
 * split into messages and grouped by the family whose codec decodes them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM } from "../../codecs/rtnetlink.ts";

/** The families fuzzed, by the RTM_* types whose payloads they decode. */
export const FAMILY_TYPES = {
  link: [RTM.NEWLINK, RTM.DELLINK, RTM.GETLINK, RTM.SETLINK],
  address: [RTM.NEWADDR, RTM.DELADDR, RTM.GETADDR],
  route: [RTM.NEWROUTE, RTM.DELROUTE, RTM.GETROUTE],
  neighbour: [RTM.NEWNEIGH, RTM.DELNEIGH, RTM.GETNEIGH],
  rule: [RTM.NEWRULE, RTM.DELRULE, RTM.GETRULE],
  nsid: [RTM.NEWNSID, RTM.DELNSID, RTM.GETNSID],
  nexthop: [RTM.NEWNEXTHOP, RTM.DELNEXTHOP, RTM.GETNEXTHOP],
} as const;

/** A fuzzed family name. */
export type FuzzFamily = keyof typeof FAMILY_TYPES;

const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (name.endsWith(".json")) out.push(p);
  }
  return out;
}

/** Every hex datagram in a fixture file, whichever kind it is. */
function datagrams(f: { exchanges?: Array<{ send: string; recv: string[] }>; requests?: string[] }): string[] {
  const out: string[] = [];
  for (const ex of f.exchanges ?? []) out.push(ex.send, ...ex.recv);
  for (const r of f.requests ?? []) out.push(r);
  return out;
}

/** Seeds per family (message payloads, de-duplicated) and per-family whole datagrams for the core walker. */
export function loadSeeds(): { byFamily: Record<FuzzFamily, Uint8Array[]>; datagrams: Uint8Array[]; files: number } {
  const byType = new Map<number, FuzzFamily>();
  for (const [f, types] of Object.entries(FAMILY_TYPES)) for (const t of types) byType.set(t, f as FuzzFamily);
  const byFamily = Object.fromEntries(Object.keys(FAMILY_TYPES).map((f) => [f, [] as Uint8Array[]])) as Record<FuzzFamily, Uint8Array[]>;
  const seen = new Set<string>();
  const all: Uint8Array[] = [];
  const files = jsonFiles(FIXTURES);
  for (const file of files) {
    for (const hex of datagrams(JSON.parse(readFileSync(file, "utf8")))) {
      if (typeof hex !== "string" || seen.has(hex)) continue;
      seen.add(hex);
      const d = fromHex(hex);
      all.push(d);
      let msgs;
      try {
        msgs = splitMessages(d);
      } catch {
        continue;
      }
      for (const m of msgs) {
        const f = byType.get(m.type);
        if (f !== undefined) byFamily[f].push(m.buf.slice(m.payload, m.end));
      }
    }
  }
  for (const f of Object.keys(byFamily) as FuzzFamily[]) {
    const uniq = new Map<string, Uint8Array>();
    for (const s of byFamily[f]) uniq.set(Buffer.from(s).toString("hex"), s);
    byFamily[f] = [...uniq.values()];
  }
  return { byFamily, datagrams: all, files: files.length };
}
