/**
 * The ematch kinds tc 6.1 builds in (tc/em_cmp.c, em_nbyte.c, em_u32.c,
 * em_meta.c): their argument parsers, with em_parse_error's texts, and
 * their usage texts. canid, ipset and ipt, which tc also has, are refused
 * as not supported.
 */
import {
  encodeEmCmp, encodeEmMeta, encodeEmNbyte, encodeEmU32, TCF_EM, TCF_EM_OPND, TCF_LAYER, TCF_META_TYPE, u32Bytes, type MetaVal,
} from "../../codecs/tc/ematch.ts";
import { argBytes, EmatchError, emParseError, type EmArg, type EmErrCtx } from "./ematch-args.ts";

/** An ematch kind: name, TCF_EM_* number, usage, and the parser of its arguments into its data bytes. */
export interface EmKind {
  name: string;
  num: number;
  usage: string;
  parse(args: EmArg[] | undefined, c: EmErrCtx): Uint8Array;
}

const s = (a: EmArg): string => String.fromCharCode(...argBytes(a));
const MAX = 2n ** 64n - 1n;

/** bstrtoul: strtoul(base 0) of the whole argument; undefined when no digits or ULONG_MAX. */
export function bstrtoul(a: EmArg): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s(a));
  if (!m) return undefined;
  const body = m[2]!;
  let v = body.startsWith("0x") || body.startsWith("0X") ? BigInt(body) : body.startsWith("0") && body.length > 1 ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
  if (v > MAX) return undefined;
  if (m[1] === "-") v = (MAX + 1n - v) & MAX;
  return v === MAX ? undefined : v;
}

function fail(c: EmErrCtx, carg: EmArg | undefined, msg: string): never {
  throw new EmatchError(emParseError(c, msg, carg));
}

/** parse_layer, else a number (0..TCF_LAYER_MAX). */
function layerOf(a: EmArg, c: EmErrCtx, who: string): number {
  const ch = s(a)[0];
  let v: bigint | undefined = ch === "l" ? 0n : ch === "n" ? 1n : ch === "t" ? 2n : undefined;
  if (v === undefined) {
    v = bstrtoul(a);
    if (v === undefined) fail(c, a, `${who}: invalid layer`);
  }
  if (v > BigInt(TCF_LAYER.MAX)) fail(c, a, `${who}: illegal layer, must be in 0..${TCF_LAYER.MAX}`);
  return Number(v);
}

const cmp: EmKind = {
  name: "cmp", num: TCF_EM.CMP,
  usage: "Usage: cmp(ALIGN at OFFSET [ ATTRS ] { eq | lt | gt } VALUE)\nwhere: ALIGN  := { u8 | u16 | u32 }\n" +
    "       ATTRS  := [ layer LAYER ] [ mask MASK ] [ trans ]\n       LAYER  := { link | network | transport | 0..2 }\n\n" +
    "Example: cmp(u16 at 3 layer 2 mask 0xff00 gt 20)\n",
  parse(args, c) {
    if (!args) fail(c, undefined, "cmp: missing arguments");
    const align = ({ u8: 1, u16: 2, u32: 4 } as Record<string, number>)[s(args[0]!)];
    if (align === undefined) fail(c, args[0], "cmp: invalid alignment");
    let off = 0n, layer = 1, mask = 0n, val = 0n, opnd = 0, flags = 0, offSet = false, valSet = false;
    for (let i = 1; i < args.length; i++) {
      const a = args[i]!, w = s(a);
      const arg = (): EmArg => { if (i + 1 >= args.length) fail(c, a, "cmp: missing argument"); return args[++i]!; };
      if (w === "at") { const x = arg(); const v = bstrtoul(x); if (v === undefined) fail(c, x, "cmp: invalid offset, must be numeric"); off = v; offSet = true; }
      else if (w === "layer") layer = layerOf(arg(), c, "cmp");
      else if (w === "mask") { const x = arg(); const v = bstrtoul(x); if (v === undefined) fail(c, x, "cmp: invalid mask"); mask = v; }
      else if (w === "trans") flags |= 1;
      else if (w === "eq" || w === "gt" || w === "lt") {
        opnd = w === "eq" ? TCF_EM_OPND.EQ : w === "gt" ? TCF_EM_OPND.GT : TCF_EM_OPND.LT;
        const x = arg(); const v = bstrtoul(x); if (v === undefined) fail(c, x, "cmp: invalid value"); val = v; valSet = true;
      } else fail(c, a, "nbyte: unknown parameter"); // sic: em_cmp.c's text
    }
    if (!offSet || !valSet) fail(c, undefined, "cmp: offset and value required");
    return encodeEmCmp({ val: Number(val & 0xffffffffn), mask: Number(mask & 0xffffffffn), off: Number(off & 0xffffn), align, flags, layer, opnd });
  },
};

const nbyte: EmKind = {
  name: "nbyte", num: TCF_EM.NBYTE,
  usage: "Usage: nbyte(NEEDLE at OFFSET [layer LAYER])\nwhere: NEEDLE := { string | \"c-escape-sequence\" }\n" +
    "       OFFSET := int\n       LAYER  := { link | network | transport | 0..2 }\n\nExample: nbyte(\"ababa\" at 12 layer 1)\n",
  parse(args, c) {
    if (!args) fail(c, undefined, "nbyte: missing arguments");
    const needle = argBytes(args[0]!);
    if (needle.length === 0) fail(c, args[0], "nbyte: needle length is 0");
    let off = 0n, layer = 1, offSet = false;
    for (let i = 1; i < args.length; i++) {
      const a = args[i]!, w = s(a);
      const arg = (): EmArg => { if (i + 1 >= args.length) fail(c, a, "nbyte: missing argument"); return args[++i]!; };
      if (w === "at") { const x = arg(); const v = bstrtoul(x); if (v === undefined) fail(c, x, "nbyte: invalid offset, must be numeric"); off = v; offSet = true; }
      else if (w === "layer") layer = layerOf(arg(), c, "nbyte");
      else fail(c, a, "nbyte: unknown parameter");
    }
    if (!offSet) fail(c, undefined, "nbyte: offset required");
    return encodeEmNbyte(Number(off & 0xffffn), layer, needle);
  },
};

const u32: EmKind = {
  name: "u32", num: TCF_EM.U32,
  usage: "Usage: u32(ALIGN VALUE MASK at [ nexthdr+ ] OFFSET)\nwhere: ALIGN  := { u8 | u16 | u32 }\n\nExample: u32(u16 0x1122 0xffff at nexthdr+4)\n",
  parse(args, c) {
    if (!args) fail(c, undefined, "u32: missing arguments");
    const align = ({ u8: 1, u16: 2, u32: 4 } as Record<string, number>)[s(args[0]!)];
    if (align === undefined) fail(c, args[0], "u32: invalid alignment");
    const at = (i: number) => args[i];
    if (!at(1)) fail(c, undefined, "u32: missing key");
    let key = bstrtoul(at(1)!);
    if (key === undefined) fail(c, at(1), "u32: invalid key, must be numeric");
    if (!at(2)) fail(c, undefined, "u32: missing mask");
    let mask = bstrtoul(at(2)!);
    if (mask === undefined) fail(c, at(2), "u32: invalid mask, must be numeric");
    if (!at(3) || s(at(3)!) !== "at") fail(c, at(3), 'u32: missing "at"');
    let i = 4;
    if (!at(i)) fail(c, undefined, "u32: missing offset");
    let offmask = 0;
    let offset: bigint | undefined;
    const w = s(at(i)!);
    if (w.length > 8 && w.startsWith("nexthdr+")) {
      offmask = -1;
      offset = bstrtoul({ text: w.slice(8), quoted: false }) ?? 0n; // strtoul without a check, as tc
    } else if (w === "nexthdr+") {
      i++;
      if (!at(i)) fail(c, undefined, "u32: missing offset");
      offset = bstrtoul(at(i)!);
    } else offset = bstrtoul(at(i)!);
    const oa = at(i)!;
    if (offset === undefined) fail(c, oa, "u32: invalid offset");
    if (at(i + 1)) fail(c, at(i + 1), "u32: unexpected trailer");
    if (align === 1) {
      if (key > 0xffn) fail(c, oa, "Illegal key (>0xFF)");
      if (mask > 0xffn) fail(c, oa, "Illegal mask (>0xFF)");
      const sh = BigInt(24 - Number(offset & 3n) * 8);
      key <<= sh; mask <<= sh; offset &= ~3n;
    } else if (align === 2) {
      if (key > 0xffffn) fail(c, oa, "Illegal key (>0xFFFF)");
      if (mask > 0xffffn) fail(c, oa, "Illegal mask (>0xFFFF)");
      if ((offset & 3n) === 0n) { key <<= 16n; mask <<= 16n; }
      offset &= ~3n;
    }
    // htonl on a u32: the low 32 bits are what is sent
    const k32 = Number(key & 0xffffffffn), m32 = Number(mask & 0xffffffffn);
    if (offset % 4n) fail(c, oa, "u32: invalid offset alignment, must be aligned to 4.");
    return encodeEmU32({ mask: m32, val: (k32 & m32) >>> 0, off: Number(BigInt.asIntN(32, offset)), offmask });
  },
};

/** em_meta.c meta_table: [id, name, types ('i' INT, 'v' VAR)]; id 0 marks a section title. */
export const META_TABLE: ReadonlyArray<readonly [number, string, string, string]> = [
  [0, "Generic", "", ""], [1, "random", "i", "Random value (32 bit)"], [2, "loadavg_1", "i", "Load average in last minute"],
  [3, "loadavg_5", "i", "Load average in last 5 minutes"], [4, "loadavg_15", "i", "Load average in last 15 minutes"],
  [0, "Interfaces", "", ""], [5, "dev", "iv", "Device the packet is on"],
  [0, "Packet attributes", "", ""], [6, "priority", "i", "Priority of packet"], [7, "protocol", "i", "Link layer protocol"],
  [8, "pkt_type", "i", "Packet type (uni|multi|broad|...)cast"], [9, "pkt_len", "i", "Length of packet"],
  [10, "data_len", "i", "Length of data in packet"], [11, "mac_len", "i", "Length of link layer header"],
  [0, "Netfilter", "", ""], [12, "nf_mark", "i", "Netfilter mark"], [12, "fwmark", "i", "Alias for nf_mark"],
  [0, "Traffic Control", "", ""], [13, "tc_index", "i", "TC Index"],
  [0, "Routing", "", ""], [14, "rt_classid", "i", "Routing ClassID (cls_route)"], [15, "rt_iif", "i", "Incoming interface index"],
  [46, "vlan", "i", "Vlan tag"],
  [0, "Sockets", "", ""], [16, "sk_family", "i", "Address family"], [17, "sk_state", "i", "State"], [18, "sk_reuse", "i", "Reuse Flag"],
  [19, "sk_bind_if", "iv", "Bound interface"], [20, "sk_refcnt", "i", "Reference counter"], [21, "sk_shutdown", "i", "Shutdown mask"],
  [22, "sk_proto", "i", "Protocol"], [23, "sk_type", "i", "Type"], [24, "sk_rcvbuf", "i", "Receive buffer size"],
  [25, "sk_rmem", "i", "RMEM"], [26, "sk_wmem", "i", "WMEM"], [27, "sk_omem", "i", "OMEM"], [28, "sk_wmem_queue", "i", "WMEM queue"],
  [30, "sk_snd_queue", "i", "Send queue length"], [29, "sk_rcv_queue", "i", "Receive queue length"],
  [31, "sk_err_queue", "i", "Error queue length"], [32, "sk_fwd_alloc", "i", "Forward allocations"], [33, "sk_sndbuf", "i", "Send buffer size"],
];

const typeOf = (ch: string) => (ch === "v" ? TCF_META_TYPE.VAR : TCF_META_TYPE.INT);
const metaId = (k: number) => k & 0x7ff;
const metaType = (k: number) => (k & 0xf000) >> 12;

/** list_meta_ids (printed to stderr by meta(list)). */
function metaList(): string {
  let o = "--------------------------------------------------------\n  ID               Type       Description\n--------------------------------------------------------";
  for (const [id, name, mask, desc] of META_TABLE) {
    if (id === 0) { o += `\n${name}:\n`; continue; }
    const types = [...mask].map((m) => (typeOf(m) === TCF_META_TYPE.INT ? "INT" : "VAR")).join(",");
    o += `  ${name.padEnd(16)} ${types.padEnd(10)} ${desc}\n`;
  }
  return o + "--------------------------------------------------------\n";
}

/** parse_object: a quoted string (VAR value), a number (INT value) or a meta id with shift/mask; adopts types as tc does. */
function metaObject(args: EmArg[], i: number, c: EmErrCtx, left: { v: MetaVal; val: Uint8Array | bigint } | undefined): { v: MetaVal; val: Uint8Array | bigint; next: number } {
  const a = args[i]!;
  if (a.quoted) return { v: { kind: (TCF_META_TYPE.VAR << 12), shift: 0, op: 0 }, val: argBytes(a), next: i + 1 };
  const num = bstrtoul(a);
  if (num !== undefined) return { v: { kind: TCF_META_TYPE.INT << 12, shift: 0, op: 0 }, val: num, next: i + 1 };
  const entry = META_TABLE.find(([id, name]) => id !== 0 && name === s(a));
  if (entry === undefined) fail(c, a, "meta: unknown meta id\n");
  const obj = { v: { kind: entry[0] | (typeOf(entry[2][0]!) << 12), shift: 0, op: 0 }, val: 0n as Uint8Array | bigint, next: i + 1 };
  if (left && metaType(obj.v.kind) !== metaType(left.v.kind)) {
    const compatible = (what: MetaVal, needed: MetaVal) => {
      const e = META_TABLE.find(([id]) => id === metaId(what.kind));
      return e !== undefined && [...e[2]].some((m) => typeOf(m) === metaType(needed.kind));
    };
    const adopt = (src: MetaVal, dst: MetaVal) => { src.kind = (metaType(dst.kind) << 12) | metaId(src.kind); };
    const l = left.v, r = obj.v, la = metaId(l.kind) !== 0, ra = metaId(r.kind) !== 0;
    if (la && !ra && compatible(l, r)) adopt(l, r);
    else if (ra && !la && compatible(r, l)) adopt(r, l);
    else if (la && ra && compatible(l, r)) adopt(l, r);
    else if (la && ra && compatible(r, l)) adopt(r, l);
    else fail(c, a, "lvalue and rvalue are not compatible.");
  }
  let j = i + 1;
  while (j < args.length) {
    const w = s(args[j]!);
    if (w !== "shift" && w !== "mask") break;
    if (j + 1 >= args.length) fail(c, args[j], "meta: missing argument");
    const x = args[++j]!;
    const v = bstrtoul(x);
    if (w === "shift") { if (v === undefined) fail(c, x, "meta: invalid shift, must be numeric"); obj.v.shift = Number(v & 0xffn); }
    else { if (v === undefined) fail(c, x, "meta: invalid mask, must be numeric"); obj.val = v; }
    j++;
  }
  obj.next = j;
  return obj;
}

/** dump_value: an INT object sends its value (or mask) as a u32; a VAR one only when it is a value. */
function dumpValue(o: { v: MetaVal; val: Uint8Array | bigint }): Uint8Array | undefined {
  if (metaType(o.v.kind) === TCF_META_TYPE.INT) return u32Bytes(typeof o.val === "bigint" ? Number(o.val & 0xffffffffn) : 0);
  if (metaType(o.v.kind) === TCF_META_TYPE.VAR && metaId(o.v.kind) === 0 && o.val instanceof Uint8Array) return o.val;
  return undefined;
}

const meta: EmKind = {
  name: "meta", num: TCF_EM.META,
  usage: "Usage: meta(OBJECT { eq | lt | gt } OBJECT)\nwhere: OBJECT  := { META_ID | VALUE }\n       META_ID := id [ shift SHIFT ] [ mask MASK ]\n\n" +
    "Example: meta(nf_mark gt 24)\n         meta(indev shift 1 eq \"ppp\")\n         meta(tcindex mask 0xf0 eq 0xf0)\n\n" +
    "For a list of meta identifiers, use meta(list).\n",
  parse(args, c) {
    if (!args) fail(c, undefined, "meta: missing arguments");
    if (s(args[0]!) === "list") throw new EmatchError(metaList());
    const left = metaObject(args, 0, c, undefined);
    const op = args[left.next];
    if (op === undefined) fail(c, args[0], "meta: missing operand");
    const w = s(op);
    const opnd = w === "eq" ? TCF_EM_OPND.EQ : w === "gt" ? TCF_EM_OPND.GT : w === "lt" ? TCF_EM_OPND.LT : undefined;
    if (opnd === undefined) fail(c, op, "meta: invalid operand");
    left.v.op = opnd;
    if (left.next + 1 >= args.length) fail(c, args[0], "meta: missing rvalue");
    const right = metaObject(args, left.next + 1, c, left);
    if (right.next < args.length) fail(c, args[right.next], "meta: unexpected trailer");
    return encodeEmMeta(left.v, right.v, dumpValue(left), dumpValue(right));
  },
};

function unsupported(name: string, num: number): EmKind {
  return { name, num, usage: "", parse() { throw new EmatchError(`bun-netlink-tc: ematch ${name} is not supported\n`); } };
}

/** The kinds tc 6.1 has, by name. */
export const EM_KINDS: ReadonlyMap<string, EmKind> = new Map([
  ["cmp", cmp], ["nbyte", nbyte], ["u32", u32], ["meta", meta],
  ["canid", unsupported("canid", TCF_EM.CANID)], ["ipset", unsupported("ipset", TCF_EM.IPSET)], ["ipt", unsupported("ipt", TCF_EM.IPT)],
]);

/** The kind names tc prints, by name (for print_ematch). */
export function emKindByName(name: string): EmKind | undefined {
  return EM_KINDS.get(name);
}
