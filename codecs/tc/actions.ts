/**
 * Actions (enum TCA_ACT_*, linux/pkt_cls.h): the list a classifier carries
 * in its TCA_*_ACT nest and RTM_*ACTION messages carry in TCA_ACT_TAB. The
 * list is a nest whose attributes are numbered by order (1, 2, ...: tc's
 * "action order N"); each is a nest of TCA_ACT_KIND, TCA_ACT_OPTIONS (laid
 * out by kind, act-kinds.ts; hex for other kinds), TCA_ACT_INDEX, stats...
 *
 * Decoded as an array of { order, kind, options, ... } in wire order.
 * Two flavours: the kernel writes TCA_ACT_OPTIONS without NLA_F_NESTED,
 * iproute2 with it (m_action.c); the kernel accepts both. A decoded list
 * keeps each entry's own nest flag bits, so re-encoding reproduces the
 * input either way.
 */
import { HOST_LE } from "../core/align.ts";
import { attrSet, type AttrSet, type RawAttr } from "../core/attrset.ts";
import { NLA_F_NESTED, NLA_TYPE_MASK } from "../core/constants.ts";
import { DecodeError } from "../core/errors.ts";
import { binary, custom, decodeString, string, u32, type Field } from "../core/fields.ts";
import { nestOrRaw } from "../link/fields.ts";
import { ACT_KIND_OPTIONS, type ActOptionsMap } from "./act-kinds.ts";
import { stats2Attrs, type Stats2 } from "./stats.ts";

/** TCA_ACT_* numbers. pkt_cls.h */
export const TCA_ACT = { KIND: 1, OPTIONS: 2, INDEX: 3, STATS: 4, PAD: 5, COOKIE: 6, FLAGS: 7, HW_STATS: 8, USED_HW_STATS: 9, IN_HW_COUNT: 10 } as const;

/** One action as decoded: its order in the list and its attributes. */
export interface TcAction {
  /** Position in the list (the nest attribute's type, 1-based). */
  order: number;
  kind?: string;
  /** Typed for mirred, gact, skbedit, police, pedit; hex for other kinds. */
  options?: ActOptionsMap[keyof ActOptionsMap] | string;
  index?: number;
  stats?: Stats2;
  pad?: string;
  /** Cookie bytes (hex). */
  cookie?: string;
  /** struct nla_bitfield32 (value, selector), hex. */
  flags?: string;
  hwStats?: string;
  usedHwStats?: string;
  inHwCount?: number;
  unknown?: RawAttr[];
}

const FLAGS: unique symbol = Symbol("bun-netlink.tc-action-nest-flags");

function kindOf(buf: Uint8Array, dv: DataView, off: number, end: number): string | undefined {
  while (end - off >= 4) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4 || off + len > end) return undefined;
    if ((dv.getUint16(off + 2, HOST_LE) & NLA_TYPE_MASK) === TCA_ACT.KIND) {
      let e = off + len;
      if (e > off + 4 && buf[e - 1] === 0) e--;
      return decodeString(buf, off + 4, e);
    }
    off += (len + 3) & ~3;
  }
  return undefined;
}

/** The attribute set of one action of `kind`; `iproute2` marks TCA_ACT_OPTIONS nested. */
export function actAttrs(kind: string | undefined, iproute2: boolean): AttrSet<Omit<TcAction, "order">> {
  const key = `${iproute2 ? 1 : 0}|${kind ?? ""}`;
  let s = actCache.get(key);
  if (s !== undefined) return s;
  const opt = kind === undefined ? undefined : ACT_KIND_OPTIONS.get(kind);
  const wf = iproute2 ? NLA_F_NESTED : 0;
  s = attrSet("action", {
    kind: string(TCA_ACT.KIND),
    options: opt ? nestOrRaw(TCA_ACT.OPTIONS, opt, wf) : binary(TCA_ACT.OPTIONS, { wireFlags: wf }),
    index: u32(TCA_ACT.INDEX),
    stats: nestOrRaw(TCA_ACT.STATS, stats2Attrs()),
    pad: binary(TCA_ACT.PAD),
    cookie: binary(TCA_ACT.COOKIE),
    flags: binary(TCA_ACT.FLAGS),
    hwStats: binary(TCA_ACT.HW_STATS),
    usedHwStats: binary(TCA_ACT.USED_HW_STATS),
    inHwCount: u32(TCA_ACT.IN_HW_COUNT),
  }) as unknown as AttrSet<Omit<TcAction, "order">>;
  actCache.set(key, s);
  return s;
}
const actCache = new Map<string, AttrSet<Omit<TcAction, "order">>>();

/** Decode an action list nest's payload in [off, end). */
export function decodeActions(buf: Uint8Array, dv: DataView, off: number, end: number, path: string): TcAction[] {
  const out: TcAction[] = [];
  while (off < end) {
    if (end - off < 4) throw new DecodeError(`${end - off} trailing bytes, too short for an attribute header`, path, off);
    const len = dv.getUint16(off, HOST_LE);
    const raw = dv.getUint16(off + 2, HOST_LE);
    if (len < 4 || off + len > end) throw new DecodeError(`bad nla_len ${len}`, path, off);
    const kind = kindOf(buf, dv, off + 4, off + len);
    const attrs = actAttrs(kind, false).decode(buf, dv, off + 4, off + len);
    const entry = { order: raw & NLA_TYPE_MASK, ...attrs } as TcAction;
    copyHidden(attrs, entry);
    const nf = raw & ~NLA_TYPE_MASK & 0xffff;
    if (nf !== 0) Object.defineProperty(entry, FLAGS, { value: nf, enumerable: false, writable: true, configurable: true });
    out.push(entry);
    off += (len + 3) & ~3;
  }
  return out;
}

/** Encode an action list (the nest payload); orders default to 1, 2, ... */
export function encodeActions(w: import("../core/writer.ts").NlWriter, v: TcAction[], path: string, iproute2: boolean): void {
  if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of actions`);
  v.forEach((a, i) => {
    const p = `${path}[${i}]`;
    if (a === null || typeof a !== "object") throw new TypeError(`${p}: expected an action object`);
    const order = a.order ?? i + 1;
    if (!Number.isInteger(order) || order < 0 || order > NLA_TYPE_MASK) throw new RangeError(`${p}.order: ${String(order)} is out of range 0..${NLA_TYPE_MASK}`);
    const flags = (a as { [FLAGS]?: number })[FLAGS] ?? 0;
    const s = w.beginAttr(order | flags);
    const { order: _o, ...attrs } = a;
    copyHidden(a, attrs);
    actAttrs(a.kind, iproute2).encode(w, attrs, p);
    w.endAttr(s);
  });
}

/** Copy symbol-keyed hidden records (the attribute engine's layout) from `from` to `to`. */
function copyHidden(from: object, to: object): void {
  for (const s of Object.getOwnPropertySymbols(from)) {
    if (s === FLAGS) continue;
    Object.defineProperty(to, s, { value: (from as Record<symbol, unknown>)[s], enumerable: false, writable: true, configurable: true });
  }
}

/** An action list attribute (TCA_U32_ACT, TCA_ACT_TAB, ...). */
export function actionsField(type: number, iproute2 = false): Field<TcAction[]> {
  return custom<TcAction[]>(type, (b, dv, off, len, path) => decodeActions(b, dv, off, off + len, path),
    (w, v, path) => encodeActions(w, v, path, iproute2));
}
