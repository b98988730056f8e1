/**
 * TCA_OPTIONS of three classic classifiers (linux/pkt_cls.h): fw
 * (TCA_FW_*, cls_fw: the packet mark against the filter handle under an
 * optional TCA_FW_MASK), route (TCA_ROUTE4_*, cls_route: the route's
 * realms or input interface) and flow (TCA_FLOW_*, cls_flow: a key set
 * mapped or hashed into a class). Every attribute is a u32 but the indev
 * name (NUL-terminated string), the police nest (act-kinds.ts), the action
 * list (actions.ts) and flow's ematch tree (kept as hex, ematch.ts decodes
 * it). Encoding follows the object's key order: tc 6.1 (f_fw.c, f_route.c,
 * f_flow.c) sends the attributes in command-line order.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { binary, string, u32 } from "../core/fields.ts";
import { actionsField } from "./actions.ts";
import { policeAttrs } from "./act-kinds.ts";

/** TCA_FW_*. */
export const TCA_FW = { CLASSID: 1, POLICE: 2, INDEV: 3, ACT: 4, MASK: 5 } as const;
/** TCA_ROUTE4_*. */
export const TCA_ROUTE4 = { CLASSID: 1, TO: 2, FROM: 3, IIF: 4, POLICE: 5, ACT: 6 } as const;
/** TCA_FLOW_*. */
export const TCA_FLOW = { KEYS: 1, MODE: 2, BASECLASS: 3, RSHIFT: 4, ADDEND: 5, MASK: 6, XOR: 7, DIVISOR: 8, ACT: 9, POLICE: 10, EMATCHES: 11, PERTURB: 12 } as const;
/** FLOW_MODE_*. */
export const FLOW_MODE = { MAP: 0, HASH: 1 } as const;
/** FLOW_KEY_* names by bit number (f_flow.c flow_keys, the words tc reads and prints). */
export const FLOW_KEYS = [
  "src", "dst", "proto", "proto-src", "proto-dst", "iif", "priority", "mark", "nfct", "nfct-src", "nfct-dst",
  "nfct-proto-src", "nfct-proto-dst", "rt-classid", "sk-uid", "sk-gid", "vlan-tag", "rxhash",
] as const;

/** fw options; `iproute2` selects iproute2's action layout. */
export function fwAttrs(iproute2: boolean) {
  return attrSet("fw", {
    classid: u32(TCA_FW.CLASSID),
    police: nest(TCA_FW.POLICE, policeAttrs),
    indev: string(TCA_FW.INDEV),
    act: actionsField(TCA_FW.ACT, iproute2),
    mask: u32(TCA_FW.MASK),
  });
}

/** route (route4) options. */
export function routeAttrs(iproute2: boolean) {
  return attrSet("route", {
    classid: u32(TCA_ROUTE4.CLASSID),
    to: u32(TCA_ROUTE4.TO),
    from: u32(TCA_ROUTE4.FROM),
    iif: u32(TCA_ROUTE4.IIF),
    police: nest(TCA_ROUTE4.POLICE, policeAttrs),
    act: actionsField(TCA_ROUTE4.ACT, iproute2),
  });
}

/** flow options (ematches kept as hex). */
export function flowAttrs(iproute2: boolean) {
  return attrSet("flow", {
    keys: u32(TCA_FLOW.KEYS),
    mode: u32(TCA_FLOW.MODE),
    baseclass: u32(TCA_FLOW.BASECLASS),
    rshift: u32(TCA_FLOW.RSHIFT),
    addend: u32(TCA_FLOW.ADDEND),
    mask: u32(TCA_FLOW.MASK),
    xor: u32(TCA_FLOW.XOR),
    divisor: u32(TCA_FLOW.DIVISOR),
    act: actionsField(TCA_FLOW.ACT, iproute2),
    police: nest(TCA_FLOW.POLICE, policeAttrs),
    ematches: binary(TCA_FLOW.EMATCHES),
    perturb: u32(TCA_FLOW.PERTURB),
  });
}
