/**
 * TCA_OPTIONS of the typed classifier kinds (linux/pkt_cls.h): u32,
 * matchall, basic, cgroup, bpf, flower (flower.ts), fw, route and flow
 * (filter-classic.ts). Every classifier's action
 * list is decoded with actions.ts; its police nest with act-kinds.ts.
 * Kinds not listed keep raw options (kinds.ts).
 */
import { attrSet, nest, type AttrSet } from "../core/attrset.ts";
import { binary, string, u16, u32 } from "../core/fields.ts";
import { nestOrRaw } from "../link/fields.ts";
import { actionsField } from "./actions.ts";
import { policeAttrs } from "./act-kinds.ts";
import { flowerAttrs } from "./flower.ts";
import { flowAttrs, fwAttrs, routeAttrs } from "./filter-classic.ts";
import { struct, structField } from "../core/struct.ts";
import { u32PcntField, u32SelField } from "./u32.ts";

/** TCA_U32_*. */
export const TCA_U32 = { CLASSID: 1, HASH: 2, LINK: 3, DIVISOR: 4, SEL: 5, POLICE: 6, ACT: 7, INDEV: 8, PCNT: 9, MARK: 10, FLAGS: 11, PAD: 12 } as const;
/** TCA_MATCHALL_*. */
export const TCA_MATCHALL = { CLASSID: 1, ACT: 2, FLAGS: 3, PCNT: 4, PAD: 5 } as const;
/** TCA_BASIC_*. */
export const TCA_BASIC = { CLASSID: 1, EMATCHES: 2, ACT: 3, POLICE: 4, PCNT: 5, PAD: 6 } as const;
/** TCA_BPF_*. */
export const TCA_BPF = { ACT: 1, POLICE: 2, CLASSID: 3, OPS_LEN: 4, OPS: 5, FD: 6, NAME: 7, FLAGS: 8, FLAGS_GEN: 9, TAG: 10, ID: 11 } as const;

/** u32 options; `iproute2` selects iproute2's action layout. */
export function u32Attrs(iproute2: boolean) {
  return attrSet("u32", {
    classid: u32(TCA_U32.CLASSID),
    hash: u32(TCA_U32.HASH),
    link: u32(TCA_U32.LINK),
    divisor: u32(TCA_U32.DIVISOR),
    sel: u32SelField(TCA_U32.SEL),
    police: nest(TCA_U32.POLICE, policeAttrs),
    act: actionsField(TCA_U32.ACT, iproute2),
    indev: string(TCA_U32.INDEV),
    pcnt: u32PcntField(TCA_U32.PCNT),
    mark: structField(TCA_U32.MARK, struct("tc_u32_mark", [["val", "u32"], ["mask", "u32"], ["success", "u32"]] as const, { flexible: true })),
    flags: u32(TCA_U32.FLAGS),
    pad: binary(TCA_U32.PAD),
  });
}

/** matchall options. */
export function matchallAttrs(iproute2: boolean) {
  return attrSet("matchall", {
    classid: u32(TCA_MATCHALL.CLASSID),
    act: actionsField(TCA_MATCHALL.ACT, iproute2),
    flags: u32(TCA_MATCHALL.FLAGS),
    pcnt: structField(TCA_MATCHALL.PCNT, struct("tc_matchall_pcnt", [["rhit", "u64"]] as const, { flexible: true })),
    pad: binary(TCA_MATCHALL.PAD),
  });
}

/** basic options (ematches kept as hex). */
export function basicAttrs(iproute2: boolean) {
  return attrSet("basic", {
    classid: u32(TCA_BASIC.CLASSID),
    ematches: binary(TCA_BASIC.EMATCHES),
    act: actionsField(TCA_BASIC.ACT, iproute2),
    police: nest(TCA_BASIC.POLICE, policeAttrs),
    pcnt: structField(TCA_BASIC.PCNT, struct("tc_basic_pcnt", [["rcnt", "u64"], ["rhit", "u64"]] as const, { flexible: true })),
    pad: binary(TCA_BASIC.PAD),
  });
}

/** TCA_CGROUP_* (linux/pkt_cls.h). */
export const TCA_CGROUP = { ACT: 1, POLICE: 2, EMATCHES: 3 } as const;

/** cgroup options (ematches kept as hex). */
export function cgroupAttrs(iproute2: boolean) {
  return attrSet("cgroup", {
    act: actionsField(TCA_CGROUP.ACT, iproute2),
    police: nest(TCA_CGROUP.POLICE, policeAttrs),
    ematches: binary(TCA_CGROUP.EMATCHES),
  });
}

/** bpf options: a program by fd (requests; tc opens pinned paths into an fd) and what the kernel reports back. */
export function bpfAttrs(iproute2: boolean) {
  return attrSet("bpf", {
    act: actionsField(TCA_BPF.ACT, iproute2),
    police: nest(TCA_BPF.POLICE, policeAttrs),
    classid: u32(TCA_BPF.CLASSID),
    opsLen: u16(TCA_BPF.OPS_LEN),
    ops: binary(TCA_BPF.OPS),
    fd: u32(TCA_BPF.FD),
    name: string(TCA_BPF.NAME),
    flags: u32(TCA_BPF.FLAGS),
    flagsGen: u32(TCA_BPF.FLAGS_GEN),
    tag: binary(TCA_BPF.TAG),
    id: u32(TCA_BPF.ID),
  });
}

const OPT = 2;
function build(iproute2: boolean): Map<string, AttrSet<any>> {
  return new Map<string, AttrSet<any>>([
    ["u32", u32Attrs(iproute2)], ["matchall", matchallAttrs(iproute2)], ["basic", basicAttrs(iproute2)],
    ["bpf", bpfAttrs(iproute2)], ["flower", flowerAttrs(iproute2)], ["cgroup", cgroupAttrs(iproute2)],
    ["fw", fwAttrs(iproute2)], ["route", routeAttrs(iproute2)], ["flow", flowAttrs(iproute2)],
  ]);
}
const kernelSets = build(false);
const iproute2Sets = build(true);

/** Option attribute sets of the typed classifier kinds, in the kernel's (false) or iproute2's (true) layout. */
export function filterKindSets(iproute2: boolean): ReadonlyMap<string, AttrSet<any>> {
  return iproute2 ? iproute2Sets : kernelSets;
}

/** The TCA_OPTIONS field of a classifier kind (undefined for untyped kinds). */
export function filterOptionsField(kind: string, iproute2: boolean) {
  const s = filterKindSets(iproute2).get(kind);
  return s === undefined ? undefined : nestOrRaw(OPT, s);
}

/** The decoded options of each typed classifier kind. */
export interface FilterOptionsMap {
  u32: ReturnType<typeof u32Attrs>["_type"];
  matchall: ReturnType<typeof matchallAttrs>["_type"];
  basic: ReturnType<typeof basicAttrs>["_type"];
  bpf: ReturnType<typeof bpfAttrs>["_type"];
  flower: ReturnType<typeof flowerAttrs>["_type"];
  cgroup: ReturnType<typeof cgroupAttrs>["_type"];
  fw: ReturnType<typeof fwAttrs>["_type"];
  route: ReturnType<typeof routeAttrs>["_type"];
  flow: ReturnType<typeof flowAttrs>["_type"];
}
