/**
 * TCA_OPTIONS and extended statistics of the classful schedulers drr, ets
 * and multiq (linux/pkt_sched.h: TCA_DRR_*, struct tc_drr_stats, TCA_ETS_*,
 * struct tc_multiq_qopt). One layout serves the qdisc and its classes: an
 * ets class carries TCA_ETS_QUANTA_BAND directly in TCA_OPTIONS, the qdisc
 * nests the bands' quanta and priomap. qdisc-aqm-kinds.ts registers these
 * layouts with the others.
 *
 * Deviation: tc sets NLA_F_NESTED on ets's TCA_OPTIONS, TCA_ETS_QUANTA and
 * TCA_ETS_PRIOMAP; the layouts encode them so.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { multi, u32, u8, type Field } from "../core/fields.ts";
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

/** These kinds' QDISC_KINDS entries. */
export const SCHED_KIND_LAYOUTS: ReadonlyArray<readonly [string, { options: Field<any>; xstats?: Field<any> }]> = [
  ["drr", { options: nest(OPT, drrAttrs), xstats: structField(XSTATS, tcDrrStats) }],
  ["ets", { options: nest(OPT, etsAttrs, { wireFlags: NLA_F_NESTED }) }],
  ["multiq", { options: structField(OPT, tcMultiqQopt) }],
];

/** The decoded options of these kinds. */
export interface SchedOptionsMap {
  drr: typeof drrAttrs._type;
  ets: typeof etsAttrs._type;
  multiq: { bands: number; maxBands: number };
}
