/**
 * One neighbour entry (the lib model, lib/rtnl/neighbour/model.ts) as
 * `ip neigh show` prints it, in text and in `-json` (ip/ipneigh.c
 * print_neigh of iproute2 6.1). Used by the CLI's `ip neigh` and
 * `ip monitor`; exported for users who want ip-shaped output.
 *
 *   for (const n of nl.neighbours.list()) process.stdout.write(formatNeighbour(n, { devName }));
 */
import { USER_HZ } from "../../codecs/core/constants.ts";
import { NTF_FLAGS, NUD_STATES } from "../../codecs/neigh/index.ts";
import type { Neighbour } from "../rtnl/neighbour/model.ts";
import { PROTOS } from "./names.ts";
import { COLOR, familyColor, Printer, type Color } from "./printer.ts";

const NTF_PROXY = 0x08, NTF_ROUTER = 0x80, NTF_EXT_LEARNED = 0x10, NTF_OFFLOADED = 0x20;
/** ip's nud_state_a2n order, upper case as print_neigh_state writes it. */
const NUD_ORDER: ReadonlyArray<readonly [string, number]> = [
  ["INCOMPLETE", 0x01], ["REACHABLE", 0x02], ["STALE", 0x04], ["DELAY", 0x08], ["PROBE", 0x10], ["FAILED", 0x20], ["NOARP", 0x40], ["PERMANENT", 0x80],
];

/** The NUD_* bits of a model entry (its state names; "none" is 0). */
export function neighbourStateBits(n: Neighbour): number {
  return NUD_STATES.value(n.state.filter((s) => s !== "none"), "state");
}

function printState(p: Printer, state: number): void {
  p.arr(p.json ? "state" : null, null);
  for (const [name, bit] of NUD_ORDER) {
    if (state & bit) {
      state &= ~bit;
      p.str(null, "%s ", name);
    }
  }
  if (state) p.str(null, "%s ", state.toString(16));
  p.endArr();
}

/** Options of one neighbour line. */
export interface NeighbourPrintOptions {
  /** Name of a link by index; default: the index as a string. */
  devName?(ifindex: number): string;
  /** Leave out `dev NAME` (ip does when the listing is already filtered by dev). */
  hideDev?: boolean;
  /** ip -s level: with 1 or more, reference count, ages and probes. */
  stats?: number;
  /** "new" (default), "del" ("Deleted ", ip monitor) or "get" (a RTM_GETNEIGH seen by ip monitor: "miss "). */
  kind?: "new" | "del" | "get";
  /** ip -brief (print_neigh_brief): the address, the link and the link-layer address in columns. */
  brief?: boolean;
}

/**
 * The colour of a neighbour's address (print_neigh's ifa_family_color of the
 * family it is printed in: a bridge entry's by the address's length).
 */
function dstColor(dst: string): Color {
  return familyColor(dst.includes(":") ? "inet6" : dst.includes(".") ? "inet" : "");
}

/** Print one neighbour entry into `p` (the caller opens/closes the JSON object). */
export function printNeighbour(p: Printer, n: Neighbour, o: NeighbourPrintOptions = {}): void {
  const flags = NTF_FLAGS.value(n.flags, "flags");
  const state = neighbourStateBits(n);
  if (o.kind === "del") p.bool("deleted", "Deleted ", true);
  else if (o.kind === "get") {
    if (p.json) p.null("miss", null);
    else p.text("miss ");
  }
  if (o.brief) {
    // print_neigh_brief: "%-39s " and "%-16s " columns in text
    const col = (key: string, v: string, width: number, color: Color) => (p.json ? p.str(key, null, v) : p.text(v.padEnd(width) + " ", color));
    if (n.dst !== undefined) col("dst", n.dst, 39, dstColor(n.dst));
    if (!o.hideDev && n.ifindex) col("dev", o.devName ? o.devName(n.ifindex) : String(n.ifindex), 16, COLOR.IFNAME);
    if (n.lladdr !== undefined) p.str("lladdr", "%s", n.lladdr, COLOR.MAC);
    p.text("\n");
    return;
  }
  if (n.dst !== undefined) p.str("dst", "%s ", n.dst, dstColor(n.dst));
  if (!o.hideDev && n.ifindex) {
    p.text("dev ");
    p.str("dev", "%s ", o.devName ? o.devName(n.ifindex) : String(n.ifindex), COLOR.IFNAME);
  }
  if (n.lladdr !== undefined) {
    p.text("lladdr ");
    p.str("lladdr", "%s ", n.lladdr, COLOR.MAC);
  }
  const flag = (bit: number, name: string) => {
    if (!(flags & bit)) return;
    if (p.json) p.null(name, null);
    else p.text(`${name} `);
  };
  flag(NTF_ROUTER, "router");
  flag(NTF_PROXY, "proxy");
  // NTF_EXT_MANAGED lives in NDA_FLAGS_EXT (the model's extFlags), printed between proxy and extern_learn as ip 6.1 does
  if (n.extFlags?.includes("managed")) {
    if (p.json) p.null("managed", null);
    else p.text("managed ");
  }
  flag(NTF_EXT_LEARNED, "extern_learn");
  flag(NTF_OFFLOADED, "offload");
  if (o.stats) {
    if (n.cacheinfo !== undefined) {
      const ci = n.cacheinfo;
      if (ci.refcnt) p.num("refcnt", " ref %s", ci.refcnt);
      p.num("used", " used %s", Math.trunc(ci.used / USER_HZ));
      p.num("confirmed", "/%s", Math.trunc(ci.confirmed / USER_HZ));
      p.num("updated", "/%s", Math.trunc(ci.updated / USER_HZ));
    }
    if (n.probes !== undefined) p.num("probes", "probes %s ", n.probes);
  }
  if (state) printState(p, state);
  if (n.protocol !== undefined) {
    const proto = typeof n.protocol === "number" ? n.protocol : PROTOS.id(String(n.protocol)) ?? 0;
    if (proto) p.str("protocol", "proto %s ", PROTOS.name(proto));
  }
  p.text("\n");
}

/** Options of formatNeighbour: the output mode and the line options. */
export interface NeighbourFormatOptions extends NeighbourPrintOptions {
  /** ip -json: one JSON object instead of text. */
  json?: boolean;
  /** ip -json -pretty layout. */
  pretty?: boolean;
}

/** One neighbour entry as ip prints it: a text line (`192.0.2.2 dev v0 lladdr ... REACHABLE`) or, with `json`, its object. */
export function formatNeighbour(n: Neighbour, o: NeighbourFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: false });
  p.obj();
  printNeighbour(p, n, o);
  p.endObj();
  return p.take();
}
