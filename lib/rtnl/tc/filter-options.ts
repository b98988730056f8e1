/**
 * Typed classifier options: u32 (filter-u32.ts), matchall, basic, bpf (by
 * fd) and flower, as tc 6.1 builds them (f_u32.c, f_matchall.c,
 * f_basic.c, f_bpf.c, f_flower.c: same attributes in the same order), and
 * read back into the same shape; cgroup as basic without classid; fw,
 * route and flow in filter-classic.ts. Other kinds pass options as hex.
 */
import type { FilterOptionsMap } from "../../../codecs/tc/filter-kinds.ts";
import { HOST_LE } from "../../../codecs/core/align.ts";
import type { RawAttr } from "../../../codecs/core/attrset.ts";
import { fromHex, toHex } from "../../../codecs/core/hex.ts";
import { formatClassid, TCA_CLS_FLAGS } from "../../../codecs/tc/tables.ts";
import { actionsFromWire, actionsToWire, type LinkResolver, type PoliceAction, type TcActionSpec } from "./action-options.ts";
import { bool, int, obj } from "./check.ts";
import { rawAttrsOf, classidOf, ematchHex, policeFromWire, policeNest, type ClsFlags } from "./filter-fields.ts";
import { u32FromWire, u32ToWire, type U32Options } from "./filter-u32.ts";
import { flowFromWire, flowToWire, fwFromWire, fwToWire, routeFromWire, routeToWire, type FlowOptions, type FwOptions, type RouteOptions } from "./filter-classic.ts";

export type { ClsFlags } from "./filter-fields.ts";
export type { U32Mark, U32Options, U32Ordered, U32SelSpec } from "./filter-u32.ts";

/** matchall options. */
export interface MatchallOptions extends ClsFlags {
  classid?: string;
  actions?: TcActionSpec[];
  /** Read-only: hits. */
  hits?: number;
}

/** basic options; attributes are sent in the order of the object's keys (tc sends them in command-line order). */
export interface BasicOptions {
  classid?: string;
  /** The TCA_BASIC_EMATCHES payload (tree header and match list, codecs/tc/ematch.ts), hex. */
  ematches?: string;
  actions?: TcActionSpec[];
  /** A policer of the filter itself (TCA_BASIC_POLICE, tc's `police ...` word). */
  police?: PoliceAction;
}

/** cgroup options (f_cgroup.c): sent in the order of the object's keys, as tc sends them in command-line order. */
export interface CgroupOptions {
  /** The TCA_CGROUP_EMATCHES payload (tree header and match list, codecs/tc/ematch.ts), hex. */
  ematches?: string;
  actions?: TcActionSpec[];
  /** A policer of the filter itself (TCA_CGROUP_POLICE, tc's `police ...` word). */
  police?: PoliceAction;
}

/** One classic BPF instruction (struct sock_filter). */
export interface BpfInsn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

/** bpf options: an eBPF program by file descriptor (a pinned program: open it and pass the fd), or classic BPF bytecode. */
export interface BpfOptions extends ClsFlags {
  fd?: number;
  /**
   * A program pinned in a bpffs ("/sys/fs/bpf/prog", tc's `object-pinned PATH`): opened with
   * bpf(2) BPF_OBJ_GET for the request and closed after it; `name` then defaults to tc's
   * annotation "BASENAME:[*fsobj]". Instead of fd or bytecode.
   */
  pinned?: string;
  /** Classic BPF (tc's `bytecode 'N,c t f k,...'`), instead of fd. */
  bytecode?: BpfInsn[];
  /** Program name tc shows ("file.o:[section]"). */
  name?: string;
  classid?: string;
  directAction?: boolean;
  actions?: TcActionSpec[];
  /** A policer of the filter itself (TCA_BPF_POLICE). */
  police?: PoliceAction;
  /** Read-only: kernel program id and tag. */
  id?: number;
  tag?: string;
}

/**
 * flower options: codec keys (see codecs/tc/flower.ts), plus classid and actions.
 * `again`: keys sent once more after these, in order (tc sends a key given twice
 * on its command line twice; the kernel keeps the last).
 */
export type FlowerOptions = ClsFlags & { classid?: string; actions?: TcActionSpec[]; verbose?: boolean; again?: Array<Record<string, unknown>> } & Record<string, unknown>;

/** Options by classifier kind. */
export interface FilterKindOptions {
  u32: U32Options;
  matchall: MatchallOptions;
  basic: BasicOptions;
  bpf: BpfOptions;
  flower: FlowerOptions;
  cgroup: CgroupOptions;
  fw: FwOptions;
  route: RouteOptions;
  flow: FlowOptions;
}

/**
 * What the options builders leave to the kernel: "lib" (default) refuses
 * combinations the kernel refuses (skipHw with skipSw) before any request;
 * "kernel" sends them as tc does and lets the kernel answer.
 */
export type FilterChecks = "lib" | "kernel";
let checksNow: FilterChecks = "lib";

function clsFlags(o: ClsFlags, p: string): number {
  let f = 0;
  if (o.skipHw !== undefined && bool(o.skipHw, `${p}.skipHw`)) f |= TCA_CLS_FLAGS.SKIP_HW;
  if (o.skipSw !== undefined && bool(o.skipSw, `${p}.skipSw`)) f |= TCA_CLS_FLAGS.SKIP_SW;
  if (checksNow === "lib" && f === (TCA_CLS_FLAGS.SKIP_HW | TCA_CLS_FLAGS.SKIP_SW)) throw new TypeError(`${p}.skipSw: skipHw and skipSw are mutually exclusive`);
  return f;
}

function matchall(o: MatchallOptions, p: string, resolve: LinkResolver): unknown {
  const out: Record<string, unknown> = {};
  if (o.classid !== undefined) out.classid = classidOf(o.classid, `${p}.classid`);
  if (o.actions !== undefined) out.act = actionsToWire(o.actions, `${p}.actions`, resolve);
  const f = clsFlags(o, p);
  if (f) out.flags = f;
  return out;
}

/** f_basic.c and f_cgroup.c send their attributes in command-line order: here, the order of the spec's keys (cgroup has no classid). */
function basic(o: BasicOptions, p: string, resolve: LinkResolver, cgroup = false): unknown {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o) as Array<keyof BasicOptions>) {
    if (o[k] === undefined) continue;
    if (k === "classid" && cgroup) throw new TypeError(`${p}.classid: cgroup filters have no classid`);
    if (k === "classid") out.classid = classidOf(o.classid, `${p}.classid`);
    else if (k === "ematches") out.ematches = ematchHex(o.ematches, `${p}.ematches`);
    else if (k === "actions") out.act = actionsToWire(o.actions, `${p}.actions`, resolve);
    else if (k === "police") out.police = policeNest(o.police, `${p}.police`, resolve);
  }
  return out;
}

/** f_bpf.c order: classid and actions (as parsed), the program (bpf_load_common), flags_gen, flags. */
function bpf(o: BpfOptions, p: string, resolve: LinkResolver): unknown {
  const out: Record<string, unknown> = {};
  if (o.classid !== undefined) out.classid = classidOf(o.classid, `${p}.classid`);
  if (o.actions !== undefined) out.act = actionsToWire(o.actions, `${p}.actions`, resolve);
  if (o.bytecode !== undefined) {
    if (o.fd !== undefined || o.pinned !== undefined) throw new TypeError(`${p}.bytecode: give one of fd, pinned or bytecode`);
    if (!Array.isArray(o.bytecode) || o.bytecode.length === 0 || o.bytecode.length > 4096) throw new TypeError(`${p}.bytecode: expected 1..4096 instructions`);
    const b = new Uint8Array(8 * o.bytecode.length), dv = new DataView(b.buffer);
    o.bytecode.forEach((op, i) => {
      const f = `${p}.bytecode[${i}]`;
      obj(op, f);
      dv.setUint16(8 * i, int(op.code, 0, 0xffff, `${f}.code`), HOST_LE);
      b[8 * i + 2] = int(op.jt, 0, 0xff, `${f}.jt`);
      b[8 * i + 3] = int(op.jf, 0, 0xff, `${f}.jf`);
      dv.setUint32(8 * i + 4, int(op.k, 0, 0xffffffff, `${f}.k`), HOST_LE);
    });
    out.opsLen = o.bytecode.length;
    out.ops = toHex(b, 0, b.length);
  } else if (o.pinned !== undefined) {
    // the API swaps `pinned` for the fd it opens (lib/rtnl/tc/bpf-pinned.ts); here it is only checked
    if (o.fd !== undefined) throw new TypeError(`${p}.pinned: give either fd or pinned, not both`);
    if (typeof o.pinned !== "string" || o.pinned === "" || o.pinned.includes("\0")) throw new TypeError(`${p}.pinned: expected a path in a bpffs`);
    out.fd = 0;
  } else {
    if (o.fd === undefined) throw new TypeError(`${p}.fd: a bpf filter needs a program file descriptor, a pinned path or bytecode`);
    out.fd = int(o.fd, 0, 0x7fffffff, `${p}.fd`);
  }
  if (o.name !== undefined) { if (typeof o.name !== "string") throw new TypeError(`${p}.name: expected a string`); out.name = o.name; }
  const f = clsFlags(o, p);
  if (f) out.flagsGen = f;
  if (o.directAction !== undefined && bool(o.directAction, `${p}.directAction`)) out.flags = 1;
  return out;
}

const FLOWER_RESERVED = new Set(["skipHw", "skipSw", "verbose", "inHw", "notInHw", "keyFlags", "keyFlagsMask", "ethType", "again"]);

/** The codec keys of one flower options object, in its key order (classid and actions converted). */
function flowerKeys(o: FlowerOptions, p: string, resolve: LinkResolver): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (FLOWER_RESERVED.has(k) || v === undefined) continue;
    if (k === "classid") out.classid = classidOf(v, `${p}.classid`);
    else if (k === "actions") out.act = actionsToWire(v as TcActionSpec[], `${p}.actions`, resolve);
    else out[k] = v;
  }
  return out;
}

function flower(o: FlowerOptions, p: string, resolve: LinkResolver): unknown {
  // f_flower.c adds attributes in the order of the words (classid and actions included),
  // then TCA_FLOWER_FLAGS, KEY_FLAGS/KEY_FLAGS_MASK (ip_flags) and KEY_ETH_TYPE last.
  const out = flowerKeys(o, p, resolve);
  if (o.again !== undefined) {
    // a key given again is sent again after the first ones, as tc does (the kernel keeps the last)
    if (!Array.isArray(o.again)) throw new TypeError(`${p}.again: expected an array of flower key objects`);
    const raw = (out.unknown as RawAttr[] | undefined) ?? [];
    delete out.unknown;
    o.again.forEach((seg, j) => {
      const q = `${p}.again[${j}]`;
      const keys = flowerKeys(obj(seg, q) as FlowerOptions, q, resolve);
      for (const k of Object.keys(seg)) if (FLOWER_RESERVED.has(k)) throw new TypeError(`${q}.${k}: flags, ip flags and the ethertype go in the first options object`);
      raw.push(...rawAttrsOf("flower", keys, q));
    });
    out.unknown = raw;
  }
  let f = clsFlags(o, p);
  if (o.verbose !== undefined && bool(o.verbose, `${p}.verbose`)) f |= TCA_CLS_FLAGS.VERBOSE;
  out.flags = f;
  if (o.keyFlags !== undefined) out.keyFlags = o.keyFlags;
  if (o.keyFlagsMask !== undefined) out.keyFlagsMask = o.keyFlagsMask;
  if (o.ethType !== undefined) out.ethType = o.ethType;
  return out;
}

/** Build the codec's options value for a classifier `kind` from a spec. */
export function filterOptionsToWire(kind: string, o: unknown, path: string, resolve: LinkResolver, checks: FilterChecks = "lib"): unknown {
  const before = checksNow;
  checksNow = checks;
  try {
    return optionsToWire(kind, o, path, resolve);
  } finally {
    checksNow = before;
  }
}

function optionsToWire(kind: string, o: unknown, path: string, resolve: LinkResolver): unknown {
  if (typeof o === "string") return o;
  const spec = obj(o, path);
  switch (kind) {
    case "u32": return u32ToWire(spec as U32Options, path, resolve, checksNow === "lib");
    case "matchall": return matchall(spec as MatchallOptions, path, resolve);
    case "basic": return basic(spec as BasicOptions, path, resolve);
    case "cgroup": return basic(spec as CgroupOptions, path, resolve, true);
    case "bpf": return bpf(spec as BpfOptions, path, resolve);
    case "flower": return flower(spec as FlowerOptions, path, resolve);
    case "fw": return fwToWire(spec as FwOptions, path, resolve, checksNow);
    case "route": return routeToWire(spec as RouteOptions, path, resolve, checksNow);
    case "flow": return flowToWire(spec as FlowOptions, path, resolve, checksNow);
    default: throw new TypeError(`${path}: classifier ${JSON.stringify(kind)} has no typed options; pass its TCA_OPTIONS payload as a hex string`);
  }
}

function flagsView(f: number | undefined, out: ClsFlags): void {
  if (f === undefined) return;
  if (f & TCA_CLS_FLAGS.SKIP_HW) out.skipHw = true;
  if (f & TCA_CLS_FLAGS.SKIP_SW) out.skipSw = true;
  if (f & TCA_CLS_FLAGS.IN_HW) out.inHw = true;
  if (f & TCA_CLS_FLAGS.NOT_IN_HW) out.notInHw = true;
}

/** Read decoded classifier options back into the spec shape. */
export function filterOptionsFromWire(kind: string, w: unknown): unknown {
  if (w === undefined || typeof w === "string") return w;
  const a = w as Record<string, any>;
  switch (kind) {
    case "u32": return u32FromWire(a as FilterOptionsMap["u32"]);
    case "matchall": {
      const m = a as FilterOptionsMap["matchall"];
      const out: MatchallOptions = {};
      if (m.classid !== undefined) out.classid = formatClassid(m.classid);
      if (m.act !== undefined) out.actions = actionsFromWire(m.act);
      flagsView(m.flags, out);
      if (m.pcnt !== undefined) out.hits = Number(m.pcnt.rhit);
      return out;
    }
    case "basic": {
      const b = a as FilterOptionsMap["basic"];
      const out: BasicOptions = {};
      if (b.classid !== undefined) out.classid = formatClassid(b.classid);
      if (b.ematches !== undefined) out.ematches = b.ematches;
      if (b.act !== undefined) out.actions = actionsFromWire(b.act);
      if (b.police !== undefined) out.police = policeFromWire(b.police);
      return out;
    }
    case "cgroup": {
      const b = a as FilterOptionsMap["cgroup"];
      const out: CgroupOptions = {};
      if (b.ematches !== undefined) out.ematches = b.ematches;
      if (b.act !== undefined) out.actions = actionsFromWire(b.act);
      if (b.police !== undefined) out.police = policeFromWire(b.police);
      return out;
    }
    case "bpf": {
      const b = a as FilterOptionsMap["bpf"];
      const out: BpfOptions = {};
      if (b.fd !== undefined) out.fd = b.fd;
      if (b.ops !== undefined && b.opsLen !== undefined) {
        const raw = fromHex(b.ops), dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
        out.bytecode = [];
        for (let i = 0; i < b.opsLen && 8 * i + 8 <= raw.length; i++) out.bytecode.push({ code: dv.getUint16(8 * i, HOST_LE), jt: raw[8 * i + 2]!, jf: raw[8 * i + 3]!, k: dv.getUint32(8 * i + 4, HOST_LE) });
      }
      if (b.name !== undefined) out.name = b.name;
      if (b.classid !== undefined) out.classid = formatClassid(b.classid);
      if (b.flags) out.directAction = true;
      flagsView(b.flagsGen, out);
      if (b.act !== undefined) out.actions = actionsFromWire(b.act);
      if (b.police !== undefined) out.police = policeFromWire(b.police);
      if (b.id !== undefined) out.id = b.id;
      if (b.tag !== undefined) out.tag = b.tag;
      return out;
    }
    case "flower": {
      const { act, classid, flags, unknown: _u, ...keys } = a;
      const out: FlowerOptions = { ...keys };
      if (classid !== undefined) out.classid = formatClassid(classid);
      if (act !== undefined) out.actions = actionsFromWire(act);
      flagsView(flags, out);
      return out;
    }
    case "fw": return fwFromWire(a as FilterOptionsMap["fw"]);
    case "route": return routeFromWire(a as FilterOptionsMap["route"]);
    case "flow": return flowFromWire(a as FilterOptionsMap["flow"]);
    default: return w;
  }
}
