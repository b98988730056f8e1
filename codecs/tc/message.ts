/**
 * Traffic-control message codecs: struct tcmsg (header.ts) followed by the
 * TCA_* attributes (enum in linux/rtnetlink.h), for qdiscs and classes
 * (RTM_*QDISC, RTM_*TCLASS), filters and chains (RTM_*TFILTER,
 * RTM_*CHAIN), and actions (struct tcamsg + TCA_ROOT_*, RTM_*ACTION).
 *
 * TCA_OPTIONS, TCA_XSTATS and TCA_STATS2/TCA_STATS_APP are laid out by
 * TCA_KIND, so the attributes are scanned for the kind first (it need not
 * come first) and decoded with that kind's set; kinds without a typed
 * layout keep their options and xstats as hex, which encode back
 * unchanged. Decode then encode reproduces the kernel's bytes; unknown
 * attributes are kept raw (codecs/core/attrset.ts).
 *
 * Two flavours, as for routes: the kernel's layout (`qdiscMessage`, ...)
 * and iproute2's request layout (`*Request`), which differs only in the
 * NLA_F_NESTED bit tc sets on TCA_ACT_OPTIONS.
 */
import { HOST_LE } from "../core/align.ts";
import { attrSet, type AttrSet, type RawAttr } from "../core/attrset.ts";
import { NLA_TYPE_MASK } from "../core/constants.ts";
import { DecodeError } from "../core/errors.ts";
import { binary, decodeString, flag, string, u32, u8, type Field } from "../core/fields.ts";
import type { MessageCodec } from "../core/message.ts";
import { nestOrRaw } from "../link/fields.ts";
import { actionsField, type TcAction } from "./actions.ts";
import { filterOptionsField, type FilterOptionsMap } from "./filter-kinds.ts";
import { decodeTcMsg, encodeTcMsg, TCMSG_SIZE, tcamsgHeader, type TcMsg } from "./header.ts";
import { QDISC_KINDS, type QdiscOptionsMap } from "./qdisc-kinds.ts";
import { stats2Attrs, tcStats, type Stats2 } from "./stats.ts";
import { struct, structField } from "../core/struct.ts";
import { TCA } from "./tables.ts";

/** struct tc_sizespec (TCA_STAB_BASE). */
export const tcSizespec = struct("tc_sizespec", [
  ["cellLog", "u8"], ["sizeLog", "u8"], ["cellAlign", "s16"], ["overhead", "s32"], ["linklayer", "u32"], ["mpu", "u32"], ["mtu", "u32"], ["tsize", "u32"],
] as const, { flexible: true });
const stabAttrs = attrSet("stab", () => ({ base: structField(1, tcSizespec), data: binary(2) }));

/** Which kind namespace a message's TCA_KIND is looked up in. */
export type TcObjectClass = "qdisc" | "filter";

/** The decoded TCA_* attributes. `options` is typed by kind (see QdiscOptionsMap/FilterOptionsMap) or hex. */
export interface TcAttrs {
  kind?: string;
  options?: QdiscOptionsMap[keyof QdiscOptionsMap] | FilterOptionsMap[keyof FilterOptionsMap] | string | Record<string, unknown>;
  stats?: typeof tcStats extends { decode(...a: any[]): infer S } ? S : never;
  xstats?: Record<string, unknown> | string;
  /** struct tc_estimator (interval, ewma_log) as hex. */
  rate?: string;
  fcnt?: number;
  stats2?: Stats2 | string;
  stab?: typeof stabAttrs._type;
  pad?: string;
  dumpInvisible?: boolean;
  chain?: number;
  hwOffload?: number;
  ingressBlock?: number;
  egressBlock?: number;
  /** struct nla_bitfield32, hex. */
  dumpFlags?: string;
  extWarnMsg?: string;
  unknown?: RawAttr[];
}

/** A decoded tc message: tcmsg members and attributes. */
export type TcMessage = TcMsg & { attrs: TcAttrs };
/** A tc message to encode: tcmsg members (default 0) and attributes. */
export type TcMessageInput = Partial<TcMsg> & { attrs?: TcAttrs };

function fieldsFor(cls: TcObjectClass, kind: string | undefined, iproute2: boolean) {
  const q = cls === "qdisc" && kind !== undefined ? QDISC_KINDS.get(kind) : undefined;
  const fopt = cls === "filter" && kind !== undefined ? filterOptionsField(kind, iproute2) : undefined;
  const options: Field<any> = q?.options ?? fopt ?? binary(TCA.OPTIONS);
  const xstats: Field<any> = q?.xstats ?? binary(TCA.XSTATS);
  return {
    kind: string(TCA.KIND),
    options,
    stats: structField(TCA.STATS, tcStats),
    xstats,
    rate: binary(TCA.RATE),
    fcnt: u32(TCA.FCNT),
    stats2: nestOrRaw(TCA.STATS2, stats2Attrs(q?.xstats)),
    stab: nestOrRaw(TCA.STAB, stabAttrs),
    pad: binary(TCA.PAD),
    dumpInvisible: flag(TCA.DUMP_INVISIBLE),
    chain: u32(TCA.CHAIN),
    hwOffload: u8(TCA.HW_OFFLOAD),
    ingressBlock: u32(TCA.INGRESS_BLOCK),
    egressBlock: u32(TCA.EGRESS_BLOCK),
    dumpFlags: binary(TCA.DUMP_FLAGS),
    extWarnMsg: string(TCA.EXT_WARN_MSG),
  };
}

const sets = new Map<string, AttrSet<TcAttrs>>();
/** The TCA_* attribute set for a kind of a class of object, in the kernel's or iproute2's layout. */
export function tcAttrSet(cls: TcObjectClass, kind: string | undefined, iproute2 = false): AttrSet<TcAttrs> {
  const known = kind !== undefined && (cls === "qdisc" ? QDISC_KINDS.has(kind) : filterOptionsField(kind, false) !== undefined);
  const key = `${cls}|${iproute2 ? 1 : 0}|${known ? kind : ""}`;
  let s = sets.get(key);
  if (s === undefined) {
    s = attrSet(`tc.${cls}`, fieldsFor(cls, known ? kind : undefined, iproute2)) as unknown as AttrSet<TcAttrs>;
    sets.set(key, s);
  }
  return s;
}

/** TCA_KIND of the attributes in [off, end), without decoding anything else. */
export function scanKind(buf: Uint8Array, dv: DataView, off: number, end: number): string | undefined {
  while (end - off >= 4) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4 || off + len > end) return undefined;
    if ((dv.getUint16(off + 2, HOST_LE) & NLA_TYPE_MASK) === TCA.KIND) {
      let e = off + len;
      if (e > off + 4 && buf[e - 1] === 0) e--;
      return decodeString(buf, off + 4, e);
    }
    off += (len + 3) & ~3;
  }
  return undefined;
}

function makeCodec(name: string, cls: TcObjectClass, iproute2: boolean): MessageCodec<TcMessage> {
  return {
    name,
    decode(buf, dv, off, end) {
      if (end - off < TCMSG_SIZE) throw new DecodeError(`tcmsg needs ${TCMSG_SIZE} bytes, got ${end - off}`, name, off);
      const h = decodeTcMsg(buf, dv, off) as TcMessage;
      const a = off + TCMSG_SIZE;
      h.attrs = a < end ? tcAttrSet(cls, scanKind(buf, dv, a, end), false).decode(buf, dv, a, end) : {};
      return h;
    },
    encode(w, msg: TcMessageInput) {
      if (msg === null || typeof msg !== "object") throw new TypeError(`${name}: expected a tc message object`);
      encodeTcMsg(w, msg, name);
      if (msg.attrs !== undefined) {
        if (msg.attrs === null || typeof msg.attrs !== "object") throw new TypeError(`${name}.attrs: expected an object of attributes`);
        tcAttrSet(cls, msg.attrs.kind, iproute2).encode(w, msg.attrs, `${name}.attrs`);
      }
    },
  };
}

/** RTM_*QDISC in the kernel's layout (decode then encode reproduces kernel bytes). */
export const qdiscMessage = makeCodec("qdisc", "qdisc", false);
/** RTM_*TCLASS (classes share the qdisc kinds' layouts). */
export const classMessage = makeCodec("class", "qdisc", false);
/** RTM_*TFILTER. */
export const filterMessage = makeCodec("filter", "filter", false);
/** RTM_*CHAIN (TCA_CHAIN plus an optional filter template: TCA_KIND and TCA_OPTIONS). */
export const chainMessage = makeCodec("chain", "filter", false);
/** Requests in iproute2's layout. */
export const qdiscRequest = makeCodec("qdisc", "qdisc", true);
/** Class requests in iproute2's layout. */
export const classRequest = makeCodec("class", "qdisc", true);
/** Filter requests in iproute2's layout. */
export const filterRequest = makeCodec("filter", "filter", true);

/** TCA_ROOT_* numbers (RTM_*ACTION). rtnetlink.h */
export const TCA_ROOT = { TAB: 1, FLAGS: 2, COUNT: 3, TIME_DELTA: 4, EXT_WARN_MSG: 5 } as const;

function actionRootAttrs(iproute2: boolean) {
  return attrSet("tc.action", {
    tab: actionsField(TCA_ROOT.TAB, iproute2),
    /** struct nla_bitfield32, hex. */
    flags: binary(TCA_ROOT.FLAGS),
    count: u32(TCA_ROOT.COUNT),
    timeDelta: u32(TCA_ROOT.TIME_DELTA),
    extWarnMsg: string(TCA_ROOT.EXT_WARN_MSG),
  });
}

/** Decoded RTM_*ACTION: tcamsg family and TCA_ROOT_* attributes. */
export type TcActionMessage = { family: number; attrs: { tab?: TcAction[]; flags?: string; count?: number; timeDelta?: number; extWarnMsg?: string; unknown?: RawAttr[] } };

function makeActionCodec(iproute2: boolean): MessageCodec<TcActionMessage> {
  const set = actionRootAttrs(iproute2);
  return {
    name: "action",
    decode(buf, dv, off, end) {
      if (end - off < 4) throw new DecodeError("tcamsg needs 4 bytes", "action", off);
      return { family: buf[off]!, attrs: off + 4 < end ? set.decode(buf, dv, off + 4, end) : {} };
    },
    encode(w, msg) {
      if (msg === null || typeof msg !== "object") throw new TypeError("action: expected an action message object");
      tcamsgHeader.encode(w, msg, "action");
      if (msg.attrs !== undefined) set.encode(w, msg.attrs, "action.attrs");
    },
  };
}

/** RTM_*ACTION in the kernel's layout. */
export const actionMessage = makeActionCodec(false);
/** RTM_*ACTION in iproute2's request layout. */
export const actionRequest = makeActionCodec(true);
