/**
 * nl.tc's u32 classifier options (linux/pkt_cls.h TCA_U32_*), built as tc
 * 6.1's f_u32.c builds them: the attributes tc adds while reading its words
 * (classid, divisor, link, indev, mark, actions, police) in the order of the
 * spec's keys, then `again` segments (a word given twice is sent twice; the
 * kernel keeps the last), then hash, the selector (TC_U32_TERMINAL added
 * when a classid, action or policer is given) and the flags. Read back into
 * the same shape (counters read-only), so a listed filter can be added again.
 */
import type { FilterOptionsMap } from "../../../codecs/tc/filter-kinds.ts";
import type { RawAttr } from "../../../codecs/core/attrset.ts";
import { TC_U32, type U32Key } from "../../../codecs/tc/u32.ts";
import { formatClassid, TCA_CLS_FLAGS } from "../../../codecs/tc/tables.ts";
import { actionsFromWire, actionsToWire, type LinkResolver, type PoliceAction, type TcActionSpec } from "./action-options.ts";
import { bool, int, obj } from "./check.ts";
import { rawAttrsOf, classidOf, policeFromWire, policeNest, type ClsFlags } from "./filter-fields.ts";

/** u32 selector: keys and the header-offset machinery (all but keys optional). */
export interface U32SelSpec {
  keys: U32Key[];
  /** TC_U32_TERMINAL (1), OFFSET (2), VAROFFSET (4), EAT (8); TERMINAL is added when classid, actions or police are given. */
  flags?: number;
  /** Variable offset: (packet u16 at offoff & offmask) >> offshift (tc's `offset at N mask M shift S`). */
  offshift?: number;
  offmask?: number;
  /** Fixed offset added (tc's `offset plus N`, flag OFFSET). */
  off?: number;
  offoff?: number;
  /** Hash key: the packet word at hoff, masked with hmask (tc's `hashkey mask M at N`). */
  hoff?: number;
  hmask?: number;
}

/** TCA_U32_MARK: the skb mark & mask must equal val (tc's `match mark VAL MASK`). */
export interface U32Mark {
  val: number;
  mask: number;
  /** Read-only: packets that matched (ignored on input). */
  success?: number;
}

/** The attributes tc adds while it reads its words, sent in the order of the object's keys. */
export interface U32Ordered {
  /** Class to classify into ("1:10"), tc's flowid/classid. */
  classid?: string;
  /** Hash table size (1..256, a power of 2), for a filter that creates a hash table. */
  divisor?: number;
  /** Hash table to continue in (u32 handle number with node 0, e.g. 0x00100000 for "1:"). */
  link?: number;
  /** Input device name. */
  indev?: string;
  mark?: U32Mark;
  actions?: TcActionSpec[];
  /** A policer of the filter itself (TCA_U32_POLICE); like actions, it makes the selector terminal. */
  police?: PoliceAction;
}

/** u32 options. */
export interface U32Options extends ClsFlags, U32Ordered {
  /** Attributes sent again after the first ones, segment by segment (tc sends a word given twice twice). */
  again?: U32Ordered[];
  /** Hash table and bucket to insert into (u32 handle number, e.g. 0x80000000 for "800:"). */
  hash?: number;
  sel?: U32SelSpec;
  /** Read-only: hit counters (tc -s). */
  counters?: { rcnt: number; rhit: number; keys: number[] };
}

const ORDERED = ["classid", "divisor", "link", "indev", "mark", "actions", "police"] as const;
/** Every key of U32Options (the read-only ones are taken and ignored, so a listed filter can be given back). */
const KNOWN = new Set<string>([...ORDERED, "again", "hash", "sel", "skipHw", "skipSw", "inHw", "notInHw", "counters"]);

/** Wire values of one word-ordered segment, in its key order; `terminal` learns of classid/actions/police. */
function ordered(o: U32Ordered, p: string, resolve: LinkResolver, lib: boolean, terminal: { on: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v === undefined || !(ORDERED as readonly string[]).includes(k)) continue;
    if (k === "classid") { out.classid = classidOf(v, `${p}.classid`); terminal.on = true; }
    else if (k === "divisor") {
      const d = int(v, lib ? 1 : 0, lib ? 0x100 : 0xffffffff, `${p}.divisor`);
      if (lib && (d & (d - 1))) throw new RangeError(`${p}.divisor: ${d} is not a power of 2`);
      out.divisor = d;
    } else if (k === "link") {
      const l = int(v, 0, 0xffffffff, `${p}.link`);
      if (lib && (l & 0xfff)) throw new RangeError(`${p}.link: 0x${l.toString(16)} is not a hash table (its node bits 0xfff must be 0)`);
      out.link = l;
    } else if (k === "indev") {
      if (typeof v !== "string" || v === "" || v.length > (lib ? 15 : 16) || v.includes("\0")) throw new TypeError(`${p}.indev: expected an interface name (1..${lib ? 15 : 16} characters), got ${JSON.stringify(v)}`);
      out.indev = v;
    } else if (k === "mark") {
      const m = obj(v, `${p}.mark`);
      const val = int(m.val, 0, 0xffffffff, `${p}.mark.val`), mask = int(m.mask, 0, 0xffffffff, `${p}.mark.mask`);
      if (lib && (val & mask) >>> 0 !== val) throw new RangeError(`${p}.mark.val: 0x${val.toString(16)} has bits outside mask 0x${mask.toString(16)}`);
      out.mark = { val, mask, success: 0 };
    } else if (k === "actions") { out.act = actionsToWire(v as TcActionSpec[], `${p}.actions`, resolve); terminal.on = true; }
    else { out.police = policeNest(v, `${p}.police`, resolve); terminal.on = true; }
  }
  return out;
}


function selOf(v: unknown, p: string, terminal: boolean): unknown {
  const s = obj(v, p) as unknown as U32SelSpec;
  if (!Array.isArray(s.keys)) throw new TypeError(`${p}.keys: expected an array of keys`);
  if (s.keys.length > 128) throw new RangeError(`${p}.keys: at most 128 keys`);
  const keys = s.keys.map((k, i) => {
    const f = `${p}.keys[${i}]`;
    obj(k, f);
    const off = int(k.off ?? 0, -0x80000000, 0x7fffffff, `${f}.off`);
    if (off % 4 !== 0) throw new RangeError(`${f}.off: ${off} is not a multiple of 4`);
    return { mask: int(k.mask, 0, 0xffffffff, `${f}.mask`), val: int(k.val, 0, 0xffffffff, `${f}.val`), off, offmask: int(k.offmask ?? 0, -0x80000000, 0x7fffffff, `${f}.offmask`) };
  });
  let flags = int(s.flags ?? 0, 0, 0xff, `${p}.flags`);
  if (terminal) flags |= TC_U32.TERMINAL;
  return {
    flags, offshift: int(s.offshift ?? 0, 0, 0xff, `${p}.offshift`), offmask: int(s.offmask ?? 0, 0, 0xffff, `${p}.offmask`),
    off: int(s.off ?? 0, 0, 0xffff, `${p}.off`), offoff: int(s.offoff ?? 0, -0x8000, 0x7fff, `${p}.offoff`),
    hoff: int(s.hoff ?? 0, -0x8000, 0x7fff, `${p}.hoff`), hmask: int(s.hmask ?? 0, 0, 0xffffffff, `${p}.hmask`), keys,
  };
}

/** Build the codec's u32 value from a spec; `lib` refuses what the kernel refuses (else sent as tc sends it). */
export function u32ToWire(o: U32Options, p: string, resolve: LinkResolver, lib: boolean): unknown {
  for (const k of Object.keys(o)) if (!KNOWN.has(k)) throw new TypeError(`${p}.${k}: not a u32 option (known: ${[...KNOWN].join(", ")})`);
  const terminal = { on: false };
  const out = ordered(o, p, resolve, lib, terminal);
  if (o.again !== undefined) {
    if (!Array.isArray(o.again)) throw new TypeError(`${p}.again: expected an array of u32 option objects`);
    const raw: RawAttr[] = [];
    o.again.forEach((seg, j) => {
      const q = `${p}.again[${j}]`;
      for (const k of Object.keys(obj(seg, q))) if (!(ORDERED as readonly string[]).includes(k)) throw new TypeError(`${q}.${k}: only ${ORDERED.join(", ")} can be sent again`);
      raw.push(...rawAttrsOf("u32", ordered(seg, q, resolve, lib, terminal), q));
    });
    out.unknown = raw;
  }
  if (o.hash !== undefined) out.hash = int(o.hash, 0, 0xffffffff, `${p}.hash`);
  if (o.sel !== undefined) out.sel = selOf(o.sel, `${p}.sel`, terminal.on);
  let f = 0;
  if (o.skipHw !== undefined && bool(o.skipHw, `${p}.skipHw`)) f |= TCA_CLS_FLAGS.SKIP_HW;
  if (o.skipSw !== undefined && bool(o.skipSw, `${p}.skipSw`)) f |= TCA_CLS_FLAGS.SKIP_SW;
  if (lib && f === (TCA_CLS_FLAGS.SKIP_HW | TCA_CLS_FLAGS.SKIP_SW)) throw new TypeError(`${p}.skipSw: skipHw and skipSw are mutually exclusive`);
  if (f) out.flags = f;
  return out;
}

/** Decoded u32 options read back into the spec shape, in the attributes' wire order (given back to add, sent as listed). */
export function u32FromWire(u: FilterOptionsMap["u32"]): U32Options {
  const out: U32Options = {};
  for (const k of Object.keys(u) as Array<keyof FilterOptionsMap["u32"]>) {
    if (u[k] === undefined) continue;
    if (k === "classid") out.classid = formatClassid(u.classid!);
    else if (k === "divisor") out.divisor = u.divisor!;
    else if (k === "link") out.link = u.link!;
    else if (k === "indev") out.indev = u.indev!;
    else if (k === "mark") out.mark = { val: u.mark!.val, mask: u.mark!.mask, success: u.mark!.success };
    else if (k === "act") out.actions = actionsFromWire(u.act!);
    else if (k === "police") out.police = policeFromWire(u.police!);
    else if (k === "hash") out.hash = u.hash!;
    else if (k === "sel") { const { tail: _t, ...sel } = u.sel!; out.sel = sel; }
    else if (k === "flags") {
      const f = u.flags!;
      if (f & TCA_CLS_FLAGS.SKIP_HW) out.skipHw = true;
      if (f & TCA_CLS_FLAGS.SKIP_SW) out.skipSw = true;
      if (f & TCA_CLS_FLAGS.IN_HW) out.inHw = true;
      if (f & TCA_CLS_FLAGS.NOT_IN_HW) out.notInHw = true;
    } else if (k === "pcnt") out.counters = { rcnt: Number(u.pcnt!.rcnt), rhit: Number(u.pcnt!.rhit), keys: u.pcnt!.kcnts.map(Number) };
  }
  return out;
}
