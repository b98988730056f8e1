/**
 * TCA_OPTIONS and extended statistics of the classful schedulers drr, ets,
 * multiq and mqprio (linux/pkt_sched.h: TCA_DRR_*, struct tc_drr_stats,
 * TCA_ETS_*, struct tc_multiq_qopt, struct tc_mqprio_qopt + TCA_MQPRIO_*). One layout serves the qdisc and its classes: an
 * ets class carries TCA_ETS_QUANTA_BAND directly in TCA_OPTIONS, the qdisc
 * nests the bands' quanta and priomap. qdisc-aqm-kinds.ts registers these
 * layouts with the others; hfsc's and qfq's (qdisc-fair.ts) come with
 * these.
 *
 * Deviation: tc sets NLA_F_NESTED on ets's TCA_OPTIONS, TCA_ETS_QUANTA and
 * TCA_ETS_PRIOMAP, and on mqprio's rate nests; the layouts encode them so.
 * mqprio's struct is decoded by hand (arrays of u8 and u16).
 */
import { attrSet, nest } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { custom, multi, u16, u32, u64, u8, type Field } from "../core/fields.ts";
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { FAIR_KIND_LAYOUTS, type FairOptionsMap } from "./qdisc-fair.ts";
import { struct, structField } from "../core/struct.ts";

const OPT = 2; // TCA_OPTIONS
const XSTATS = 4; // TCA_XSTATS

/** TCA_DRR_*. */
export const TCA_DRR = { QUANTUM: 1 } as const;
/** TCA_ETS_*. */
export const TCA_ETS = { NBANDS: 1, NSTRICT: 2, QUANTA: 3, QUANTA_BAND: 4, PRIOMAP: 5, PRIOMAP_BAND: 6 } as const;

/** drr class options. */
export const drrAttrs = attrSet("drr", () => ({ quantum: u32(TCA_DRR.QUANTUM) }));
/** struct tc_drr_stats (class xstats). */
export const tcDrrStats = struct("tc_drr_stats", [["deficit", "u32"]] as const, { flexible: true });

const etsQuanta = attrSet("ets-quanta", () => ({ band: multi(u32(TCA_ETS.QUANTA_BAND)) }));
const etsPriomap = attrSet("ets-priomap", () => ({ band: multi(u8(TCA_ETS.PRIOMAP_BAND)) }));
/** ets options: the qdisc's bands, strict bands, quanta and priomap; a class's quantum (quantaBand). */
export const etsAttrs = attrSet("ets", () => ({
  nbands: u8(TCA_ETS.NBANDS), nstrict: u8(TCA_ETS.NSTRICT),
  quanta: nest(TCA_ETS.QUANTA, etsQuanta, { wireFlags: NLA_F_NESTED }),
  quantaBand: u32(TCA_ETS.QUANTA_BAND),
  priomap: nest(TCA_ETS.PRIOMAP, etsPriomap, { wireFlags: NLA_F_NESTED }),
}));

/** struct tc_multiq_qopt. */
export const tcMultiqQopt = struct("tc_multiq_qopt", [["bands", "u16"], ["maxBands", "u16"]] as const, { flexible: true });

/** TCA_MQPRIO_*. */
export const TCA_MQPRIO = { MODE: 1, SHAPER: 2, MIN_RATE64: 3, MAX_RATE64: 4 } as const;
const mqprioRates = (type: number) => attrSet("mqprio-rates", () => ({ rate: multi(u64(type)) }));
/** The attributes after mqprio's struct. */
export const mqprioAttrs = attrSet("mqprio", () => ({
  mode: u16(TCA_MQPRIO.MODE), shaper: u16(TCA_MQPRIO.SHAPER),
  minRate64: nest(TCA_MQPRIO.MIN_RATE64, mqprioRates(TCA_MQPRIO.MIN_RATE64), { wireFlags: NLA_F_NESTED }),
  maxRate64: nest(TCA_MQPRIO.MAX_RATE64, mqprioRates(TCA_MQPRIO.MAX_RATE64), { wireFlags: NLA_F_NESTED }),
}));

/** struct tc_mqprio_qopt, then (after NLA_ALIGN) the attributes when there are any. */
export interface MqprioWire {
  numTc: number;
  prioTcMap: number[];
  hw: number;
  count: number[];
  offset: number[];
  /** Present when the payload goes on past the aligned struct (tc then prints mode and shaper). */
  attrs?: typeof mqprioAttrs._type;
}

/** sizeof(struct tc_mqprio_qopt) (82) and its NLA_ALIGN (84). */
const MQPRIO_SIZE = 82, MQPRIO_ALIGNED = 84;

/** mqprio's TCA_OPTIONS: the struct padded to 84 bytes (tc and the kernel both pad), then attributes. */
function mqprioOptions(): Field<MqprioWire> {
  return custom<MqprioWire>(OPT, (b, dv, off, len, path) => {
    if (len < MQPRIO_SIZE) throw new DecodeError(`mqprio options need ${MQPRIO_SIZE} bytes, got ${len}`, path, off);
    const arr = (at: number, n: number, size: 1 | 2) => Array.from({ length: n }, (_, i) => (size === 1 ? b[at + i]! : dv.getUint16(at + 2 * i, HOST_LE)));
    const q: MqprioWire = { numTc: b[off]!, prioTcMap: arr(off + 1, 16, 1), hw: b[off + 17]!, count: arr(off + 18, 16, 2), offset: arr(off + 50, 16, 2) };
    if (len > MQPRIO_ALIGNED) q.attrs = mqprioAttrs.decode(b, dv, off + MQPRIO_ALIGNED, off + len);
    return q;
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected mqprio options`);
    w.u8(v.numTc);
    for (let i = 0; i < 16; i++) w.u8(v.prioTcMap[i] ?? 0);
    w.u8(v.hw);
    for (let i = 0; i < 16; i++) w.u16(v.count[i] ?? 0);
    for (let i = 0; i < 16; i++) w.u16(v.offset[i] ?? 0);
    w.zeros(MQPRIO_ALIGNED - MQPRIO_SIZE);
    if (v.attrs !== undefined) mqprioAttrs.encode(w, v.attrs, `${path}.attrs`);
  });
}

/** These kinds' QDISC_KINDS entries. */
export const SCHED_KIND_LAYOUTS: ReadonlyArray<readonly [string, { options: Field<any>; xstats?: Field<any> }]> = [
  ["drr", { options: nest(OPT, drrAttrs), xstats: structField(XSTATS, tcDrrStats) }],
  ["ets", { options: nest(OPT, etsAttrs, { wireFlags: NLA_F_NESTED }) }],
  ["multiq", { options: structField(OPT, tcMultiqQopt) }],
  ["mqprio", { options: mqprioOptions() }],
  ...FAIR_KIND_LAYOUTS,
];

/** The decoded options of these kinds. */
export interface SchedOptionsMap extends FairOptionsMap {
  drr: typeof drrAttrs._type;
  ets: typeof etsAttrs._type;
  multiq: { bands: number; maxBands: number };
  mqprio: MqprioWire;
}
