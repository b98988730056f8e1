/**
 * Typed options of the fw, route and flow classifiers (codecs/tc/filter-classic.ts),
 * built as tc 6.1 builds them (f_fw.c, f_route.c, f_flow.c: the same attributes in
 * the same order) and read back into the same shape. filter-options.ts dispatches here.
 */
import type { FilterOptionsMap } from "../../../codecs/tc/filter-kinds.ts";
import { FLOW_KEYS, FLOW_MODE } from "../../../codecs/tc/filter-classic.ts";
import { formatClassid } from "../../../codecs/tc/tables.ts";
import { actionsFromWire, actionsToWire, type LinkResolver, type PoliceAction, type TcActionSpec } from "./action-options.ts";
import { int } from "./check.ts";
import { classidOf, ematchHex, policeFromWire, policeNest } from "./filter-fields.ts";

/**
 * fw options (cls_fw: a packet whose mark, ANDed with `mask`, equals the filter's
 * handle). Attributes go out as tc sends them: the mask first, then the other keys
 * in the object's key order (tc's command-line order).
 */
export interface FwOptions {
  /** TCA_FW_MASK: the mark bits compared with the handle (tc's `handle MARK/MASK`; the kernel's default is 0xffffffff). */
  mask?: number;
  /** Class to classify into ("1:10"), tc's classid/flowid. */
  classid?: string;
  /** A policer of the filter itself (TCA_FW_POLICE, tc's `police ...`). */
  police?: PoliceAction;
  /** Only packets that came in on this interface (TCA_FW_INDEV). */
  indev?: string;
  actions?: TcActionSpec[];
}

/**
 * route (route4) options: packets by the realms of their route or their input
 * interface. Attributes go out in the object's key order (tc's command-line order).
 */
export interface RouteOptions {
  /** Destination realm of the route (0..255; tc reads names from rt_realms). */
  to?: number;
  /** Source realm (0..255); instead of fromif. */
  from?: number;
  /** Input interface (a name, or its ifindex); instead of from. Read back as the ifindex. */
  fromif?: string | number;
  classid?: string;
  police?: PoliceAction;
  actions?: TcActionSpec[];
  /** tc's `order N` (0..127): bits 8..14 of the handle built from to/from/fromif when the filter is given no handle. Not sent otherwise, not read back. */
  order?: number;
}

/** A flow key name (FLOW_KEY_*), or the bit number of one the names do not cover. */
export type FlowKey = (typeof FLOW_KEYS)[number] | number;

/**
 * flow options: the keys of a packet mapped (one key) or hashed (several) into a
 * class number from `baseclass`. The value is ((key & mask) ^ xor) >> rshift,
 * plus addend (map mode). Attributes go out in the object's key order (tc's
 * command-line order), then the mode, then mask and xor, as tc sends them.
 */
export interface FlowOptions {
  /** "map" (default) or "hash". */
  mode?: "map" | "hash";
  keys?: FlowKey[];
  /** AND mask applied to the key (default 0xffffffff); tc's `and`/`or` words fold into mask and xor. */
  mask?: number;
  /** XOR value applied after the mask (default 0); tc's `or`/`xor` words. */
  xor?: number;
  rshift?: number;
  /** Added to the value (mod 2^32; a negative number counts down). */
  addend?: number;
  divisor?: number;
  /** First class ("1:1"): its minor number must not be 0. */
  baseclass?: string;
  /** Seconds between hash perturbations (hash mode). */
  perturb?: number;
  /** The TCA_FLOW_EMATCHES payload (codecs/tc/ematch.ts), hex. */
  ematches?: string;
  police?: PoliceAction;
  actions?: TcActionSpec[];
}

type Checks = "lib" | "kernel";
const u32 = (v: unknown, f: string) => int(v, 0, 0xffffffff, f);

/** An interface name; with "kernel" checks up to 16 characters, as tc's buffer cuts it (the kernel judges). */
function indevOf(v: unknown, field: string, checks: Checks): string {
  const max = checks === "lib" ? 15 : 16;
  if (typeof v !== "string" || v === "" || v.length > max || v.includes("\0")) throw new TypeError(`${field}: expected an interface name (1..${max} characters)`);
  return v;
}

/** The fw options value of the codec. */
export function fwToWire(o: FwOptions, p: string, resolve: LinkResolver, checks: Checks): unknown {
  const out: Record<string, unknown> = {};
  if (o.mask !== undefined) out.mask = u32(o.mask, `${p}.mask`);
  for (const k of Object.keys(o) as Array<keyof FwOptions>) {
    if (o[k] === undefined) continue;
    if (k === "classid") out.classid = classidOf(o.classid, `${p}.classid`);
    else if (k === "police") out.police = policeNest(o.police, `${p}.police`, resolve);
    else if (k === "indev") out.indev = indevOf(o.indev, `${p}.indev`, checks);
    else if (k === "actions") out.act = actionsToWire(o.actions, `${p}.actions`, resolve);
    else if (k !== "mask") throw new TypeError(`${p}.${k}: not an fw option (mask, classid, police, indev, actions)`);
  }
  return out;
}

/** The route options value of the codec. */
export function routeToWire(o: RouteOptions, p: string, resolve: LinkResolver, checks: Checks): unknown {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o) as Array<keyof RouteOptions>) {
    if (o[k] === undefined) continue;
    if (k === "to") out.to = int(o.to, 0, checks === "lib" ? 0xff : 0xffffffff, `${p}.to`);
    else if (k === "from") out.from = int(o.from, 0, checks === "lib" ? 0xff : 0xffffffff, `${p}.from`);
    else if (k === "fromif") out.iif = typeof o.fromif === "string" ? resolve(o.fromif, `${p}.fromif`) : int(o.fromif, 1, checks === "lib" ? 0x7fff : 0xffffffff, `${p}.fromif`);
    else if (k === "classid") out.classid = classidOf(o.classid, `${p}.classid`);
    else if (k === "police") out.police = policeNest(o.police, `${p}.police`, resolve);
    else if (k === "actions") out.act = actionsToWire(o.actions, `${p}.actions`, resolve);
    else if (k === "order") int(o.order, 0, 0xffffffff, `${p}.order`);
    else throw new TypeError(`${p}.${k}: not a route option (to, from, fromif, classid, police, actions, order)`);
  }
  if (checks === "lib" && out.from !== undefined && out.iif !== undefined) throw new TypeError(`${p}.fromif: give from or fromif, not both`);
  return out;
}

/**
 * The handle tc gives a route filter it is not given one (f_route.c): 0xffff8000
 * with the `to` realm in bits 0..7 (bit 15 cleared), the `from` realm or 0x8000|ifindex
 * of `fromif` in bits 16..31, and `order` in bits 8..14. `wire` is routeToWire's value.
 */
export function routeHandle(o: RouteOptions, wire: unknown): number {
  const w = wire as { to?: number; from?: number; iif?: number };
  let fh = 0xffff8000;
  if (w.to !== undefined) fh = ((fh & ~0x80ff) | (w.to & 0xff)) >>> 0;
  if (w.from !== undefined || w.iif !== undefined) {
    // tc applies from and fromif in command-line order: the later one wins
    const keys = Object.keys(o).filter((k) => k === "from" || k === "fromif");
    const last = keys[keys.length - 1];
    const hi = last === "from" ? w.from! : (0x8000 | w.iif!);
    fh = ((fh & 0xffff) | (hi << 16)) >>> 0;
  }
  if (o.order) fh = ((fh & ~0x7f00) | ((o.order << 8) & 0x7f00)) >>> 0;
  return fh;
}

function flowKeyBits(keys: unknown, p: string): { bits: number; n: number } {
  if (!Array.isArray(keys) || keys.length === 0) throw new TypeError(`${p}: expected a non-empty array of flow keys (${FLOW_KEYS.join(", ")})`);
  let bits = 0;
  keys.forEach((k, i) => {
    const b = typeof k === "number" ? int(k, 0, 31, `${p}[${i}]`) : (FLOW_KEYS as readonly unknown[]).indexOf(k);
    if (b < 0) throw new TypeError(`${p}[${i}]: unknown flow key ${JSON.stringify(k)} (${FLOW_KEYS.join(", ")})`);
    bits = (bits | (1 << b)) >>> 0;
  });
  let n = 0;
  for (let x = bits; x; x &= x - 1) n++;
  return { bits, n };
}

/** The flow options value of the codec. */
export function flowToWire(o: FlowOptions, p: string, resolve: LinkResolver, checks: Checks): unknown {
  const out: Record<string, unknown> = {};
  let nkeys = 0;
  for (const k of Object.keys(o) as Array<keyof FlowOptions>) {
    if (o[k] === undefined) continue;
    if (k === "keys") { const r = flowKeyBits(o.keys, `${p}.keys`); out.keys = r.bits; nkeys = r.n; }
    else if (k === "rshift") out.rshift = u32(o.rshift, `${p}.rshift`);
    else if (k === "addend") out.addend = int(o.addend, -0xffffffff, 0xffffffff, `${p}.addend`) >>> 0;
    else if (k === "divisor") out.divisor = u32(o.divisor, `${p}.divisor`);
    else if (k === "baseclass") {
      const c = classidOf(o.baseclass, `${p}.baseclass`);
      if ((c & 0xffff) === 0) throw new RangeError(`${p}.baseclass: ${JSON.stringify(o.baseclass)} has minor number 0`);
      out.baseclass = c;
    } else if (k === "perturb") out.perturb = u32(o.perturb, `${p}.perturb`);
    else if (k === "ematches") out.ematches = ematchHex(o.ematches, `${p}.ematches`);
    else if (k === "police") out.police = policeNest(o.police, `${p}.police`, resolve);
    else if (k === "actions") out.act = actionsToWire(o.actions, `${p}.actions`, resolve);
    else if (k !== "mode" && k !== "mask" && k !== "xor") throw new TypeError(`${p}.${k}: not a flow option`);
  }
  if (o.mode !== undefined && o.mode !== "map" && o.mode !== "hash") throw new TypeError(`${p}.mode: expected "map" or "hash"`);
  const mode = o.mode === "hash" ? FLOW_MODE.HASH : FLOW_MODE.MAP;
  if (nkeys > 1 && mode !== FLOW_MODE.HASH) throw new TypeError(`${p}.mode: several keys need mode "hash" (map takes one key)`);
  if (checks === "lib" && o.perturb !== undefined && mode !== FLOW_MODE.HASH) throw new TypeError(`${p}.perturb: only in mode "hash"`);
  out.mode = mode;
  const mask = o.mask === undefined ? 0xffffffff : u32(o.mask, `${p}.mask`);
  const xor = o.xor === undefined ? 0 : u32(o.xor, `${p}.xor`);
  if (mask !== 0xffffffff || xor !== 0) { out.mask = mask; out.xor = xor; }
  return out;
}

/** Each decoded attribute in wire order (its object key order), so that options read back are sent again in the same order. */
function inWireOrder<W extends object>(w: W, each: (k: keyof W & string) => void): void {
  for (const k of Object.keys(w) as Array<keyof W & string>) if (w[k] !== undefined) each(k);
}

/** fw options read back (in wire order). */
export function fwFromWire(w: FilterOptionsMap["fw"]): FwOptions {
  const out: FwOptions = {};
  inWireOrder(w, (k) => {
    if (k === "mask") out.mask = w.mask;
    else if (k === "classid") out.classid = formatClassid(w.classid!);
    else if (k === "police") out.police = policeFromWire(w.police);
    else if (k === "indev") out.indev = w.indev;
    else if (k === "act") out.actions = actionsFromWire(w.act);
  });
  return out;
}

/** route options read back (in wire order; fromif as the ifindex). */
export function routeFromWire(w: FilterOptionsMap["route"]): RouteOptions {
  const out: RouteOptions = {};
  inWireOrder(w, (k) => {
    if (k === "classid") out.classid = formatClassid(w.classid!);
    else if (k === "to") out.to = w.to;
    else if (k === "from") out.from = w.from;
    else if (k === "iif") out.fromif = w.iif;
    else if (k === "police") out.police = policeFromWire(w.police);
    else if (k === "act") out.actions = actionsFromWire(w.act);
  });
  return out;
}

/** flow options read back (in wire order; keys in bit order, names where FLOW_KEYS has them; mode "map"/"hash"). */
export function flowFromWire(w: FilterOptionsMap["flow"]): FlowOptions {
  const out: FlowOptions = {};
  inWireOrder(w, (k) => {
    if (k === "mode") { if (w.mode === FLOW_MODE.MAP || w.mode === FLOW_MODE.HASH) out.mode = w.mode === FLOW_MODE.HASH ? "hash" : "map"; }
    else if (k === "keys") {
      const keys: FlowKey[] = [];
      for (let b = 0; b < 32; b++) if ((w.keys! >>> b) & 1) keys.push(FLOW_KEYS[b] ?? b);
      out.keys = keys;
    } else if (k === "baseclass") out.baseclass = formatClassid(w.baseclass!);
    else if (k === "police") out.police = policeFromWire(w.police);
    else if (k === "act") out.actions = actionsFromWire(w.act);
    else if (k !== "unknown") (out as Record<string, unknown>)[k] = w[k];
  });
  return out;
}
