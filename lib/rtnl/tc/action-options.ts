/**
 * Typed actions (linux/tc_act/*.h, pkt_cls.h): the spec a caller writes
 * (`{ kind: "mirred", direction: "egress", action: "redirect", ifindex: 5 }`),
 * the TCA_ACT_* entry tc 6.1 builds for it (m_mirred.c, m_gact.c,
 * m_police.c, m_skbedit.c, m_pedit.c: same structs, same defaults,
 * same attribute order), and the same shape read back from the kernel
 * (with read-only counters). Other kinds pass `options` as hex.
 */
import { actBpfFromWire, actBpfToWire, type ActBpfProgram } from "./action-bpf.ts";
import type { TcAction } from "../../../codecs/tc/actions.ts";
import type { ActOptionsMap, PeditKey } from "../../../codecs/tc/act-kinds.ts";
import { formatClassid, parseClassid } from "../../../codecs/tc/tables.ts";
import { verdictName, verdictOf, type Verdict } from "./verdict.ts";
import { MORE_ACTIONS, type MoreActionSpec } from "./action-more.ts";
import { fromHex, toHex } from "../../../codecs/core/hex.ts";
import { int, obj, opt } from "./check.ts";
import { xmitsize, type Rate, type Size } from "./units.ts";
import { policeToWire } from "./action-police.ts";

export { verdictName, verdictOf, type Verdict } from "./verdict.ts";

/** A hardware statistics type (TCA_ACT_HW_STATS_*; "disabled" is the empty set). */
export type HwStats = "immediate" | "delayed" | "disabled";
const HW_BITS: Record<string, number> = { immediate: 1, delayed: 2, disabled: 0 };
const ACT_FLAG_BITS: Array<[keyof ActionCommon & string, number]> = [["noPercpu", 1], ["skipHw", 2], ["skipSw", 4]];

/** struct nla_bitfield32 (value, selector) as the codec's hex. */
function bitfieldHex(value: number, selector: number): string {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, value >>> 0, true);
  dv.setUint32(4, selector >>> 0, true);
  return toHex(b);
}
function bitfieldOf(hex: string): { value: number; selector: number } | undefined {
  if (hex.length !== 16) return undefined;
  const b = fromHex(hex, "bitfield");
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return { value: dv.getUint32(0, true), selector: dv.getUint32(4, true) };
}
/** print_hw_stats's names of a TCA_ACT_*HW_STATS bitfield (value & selector; none set is "disabled"). */
function hwStatsNames(hex: string): HwStats[] {
  const bf = bitfieldOf(hex);
  const v = bf === undefined ? 0 : bf.value & bf.selector;
  const out: HwStats[] = [];
  if (v & 1) out.push("immediate");
  if (v & 2) out.push("delayed");
  if (v === 0) out.push("disabled");
  return out;
}

/** Members every action has; the counters are read-only. */
export interface ActionCommon {
  /** The action's index in its kind's table (shared actions); assigned by the kernel when absent. */
  index?: number;
  /** Cookie bytes, hex. */
  cookie?: string;
  /** Read-only: position in the list (1-based). */
  order?: number;
  refcnt?: number;
  bindcnt?: number;
  /** Read-only: seconds since install / last use / first use, as tc -s prints them. */
  installed?: number;
  lastUsed?: number;
  firstUsed?: number;
  expires?: number;
  /** TCA_ACT_FLAGS bits (tc's skip_hw, skip_sw, no_percpu); read back only when the kernel reports the bit. */
  skipHw?: boolean;
  skipSw?: boolean;
  noPercpu?: boolean;
  /** TCA_ACT_HW_STATS: the hardware counter types asked for (tc's hw_stats; [] or ["disabled"] = none). */
  hwStats?: HwStats[];
  /** Read-only: TCA_ACT_USED_HW_STATS, the types the driver uses. */
  usedHwStats?: HwStats[];
  /** Read-only: TCA_ACT_IN_HW_COUNT (0: not in hardware), when the kernel sent it. */
  inHwCount?: number;
  /** Read-only statistics (see TcStats: each group only when the kernel sent it). */
  stats?: { bytes?: number; packets?: number; drops?: number; overlimits?: number; requeues?: number; backlog?: number; qlen?: number; bps?: number; pps?: number };
}

/** mirred: redirect or mirror to a link. */
export interface MirredAction extends ActionCommon {
  kind: "mirred";
  direction: "egress" | "ingress";
  action: "redirect" | "mirror";
  /** Target link index. */
  ifindex: number;
  /** Control verdict (redirect: stolen; mirror: pipe by default). */
  verdict?: Verdict;
}

/**
 * mirred by index alone (tc's `mirred index N` without a direction): a reference to the
 * existing mirred action N; tc sends its parameters all zero but the index, and the kernel
 * binds the action N it has (it refuses when there is none).
 */
export interface MirredRefAction extends ActionCommon {
  kind: "mirred";
  index: number;
  direction?: undefined;
  action?: undefined;
  ifindex?: undefined;
  verdict?: undefined;
}

/** gact: a fixed verdict, optionally random. */
export interface GactAction extends ActionCommon {
  kind: "gact";
  verdict: Verdict;
  random?: { type: "netrand" | "determ"; value: number; verdict: Verdict };
}

/** police: a token-bucket policer. */
export interface PoliceAction extends ActionCommon {
  kind: "police";
  rate?: Rate;
  burst?: Size;
  mtu?: Size;
  peakrate?: Rate;
  avrate?: Rate;
  mpu?: number;
  overhead?: number;
  /** Verdict when exceeding (tc's default reclassify). */
  exceed?: Verdict;
  /** Verdict when conforming (absent: the kernel's default, pass). */
  conform?: Verdict;
  /** The rates' link layer (tc's linklayer: "ethernet", the default, or "atm"); read back only when not ethernet ("unaware" without a rate). */
  linklayer?: string;
  /** Bytes per rate-table cell, a power of two (tc's `burst SIZE/CELL`; default: the smallest that fits mtu in 256 cells). Sent only. */
  burstCell?: number;
  /** Bytes per peak-rate-table cell, a power of two (tc's `mtu SIZE/CELL`). Sent only. */
  mtuCell?: number;
  /** Packet-rate policer (tc's pkts_rate, packets per second); not with rate. */
  pktsRate?: number;
  /** Burst of the packet-rate policer in packets (tc's pkts_burst), required with pktsRate. */
  pktsBurst?: number;
}

/** skbedit: set packet metadata. */
export interface SkbeditAction extends ActionCommon {
  kind: "skbedit";
  /** A class id ("1:10") or its number. */
  priority?: string | number;
  queueMapping?: number;
  mark?: number;
  mask?: number;
  /** PACKET_* number: 0 host, 1 broadcast, 2 multicast, 3 otherhost. */
  ptype?: number;
  /** tc's inheritdsfield: the DS field mapped to skb->priority (SKBEDIT_F_INHERITDSFIELD). */
  inheritDsfield?: boolean;
  verdict?: Verdict;
}

/**
 * pedit: rewrite 32-bit words (keys as tc builds them: `val`/`mask` are the
 * struct's network-order words read in host order). Default verdict pass, as tc.
 */
export interface PeditAction extends ActionCommon {
  kind: "pedit";
  /**
   * With `extended` (tc's `pedit ex`: TCA_PEDIT_PARMS_EX and TCA_PEDIT_KEYS_EX) each key also has
   * `htype` (0 network, 1 eth, 2 ip4, 3 ip6, 4 tcp, 5 udp) and `cmd` (0 set, 1 add), default 0.
   * May be empty (tc sends `pedit pass` so; the kernel refuses it).
   */
  keys: Array<PeditKey & { htype?: number; cmd?: number }>;
  /** Send the extended layout; defaults to true when a key has `htype` or `cmd`. Read back true when the kernel answered so. */
  extended?: boolean;
  verdict?: Verdict;
}

/** Any other kind: its TCA_ACT_OPTIONS payload as hex. */
export interface RawAction extends ActionCommon {
  kind: string;
  options?: string;
}

/** An action spec (input) or read-back action (output). */
/** bpf: run a classic BPF program or a loaded eBPF program (by fd) on the packet. */
export interface BpfAction extends ActionCommon, ActBpfProgram {
  kind: "bpf";
  /** Default pipe, as tc. */
  verdict?: Verdict;
}

export type TcActionSpec = MirredAction | MirredRefAction | GactAction | PoliceAction | SkbeditAction | PeditAction | BpfAction | MoreActionSpec | RawAction;

/** Resolves a link name to its index (for mirred `dev`). */
export type LinkResolver = (name: string, field: string) => number;

function mirred(a: Record<string, unknown>, p: string, resolve: LinkResolver): unknown {
  if (a.index !== undefined && a.direction === undefined && a.action === undefined && a.ifindex === undefined && a.dev === undefined && a.verdict === undefined) {
    // m_mirred.c parse_direction with `index N` first: all parameters zero but the index (MirredRefAction)
    return { parms: { index: int(a.index, 0, 0xffffffff, `${p}.index`), capab: 0, action: 0, refcnt: 0, bindcnt: 0, eaction: 0, ifindex: 0 } };
  }
  const dir = a.direction ?? "egress";
  if (dir !== "egress" && dir !== "ingress") throw new TypeError(`${p}.direction: expected "egress" or "ingress", got ${JSON.stringify(dir)}`);
  const act = a.action;
  if (act !== "redirect" && act !== "mirror") throw new TypeError(`${p}.action: expected "redirect" or "mirror", got ${JSON.stringify(act)}`);
  let ifindex: number;
  if (typeof a.dev === "string") ifindex = resolve(a.dev, `${p}.dev`);
  else ifindex = int(a.ifindex, 1, 0x7fffffff, `${p}.ifindex`);
  const eaction = dir === "egress" ? (act === "redirect" ? 1 : 2) : act === "redirect" ? 3 : 4;
  const dflt = act === "redirect" ? 4 : 3;
  const verdict = act === "mirror" ? opt(a.verdict, (v) => verdictOf(v, `${p}.verdict`)) ?? dflt : opt(a.verdict, (v) => verdictOf(v, `${p}.verdict`)) ?? dflt;
  return { parms: { index: opt(a.index, (v) => int(v, 0, 0xffffffff, `${p}.index`)) ?? 0, capab: 0, action: verdict, refcnt: 0, bindcnt: 0, eaction, ifindex } };
}

function gact(a: Record<string, unknown>, p: string): unknown {
  const out: Record<string, unknown> = { parms: { index: opt(a.index, (v) => int(v, 0, 0xffffffff, `${p}.index`)) ?? 0, capab: 0, action: verdictOf(a.verdict ?? "pass", `${p}.verdict`), refcnt: 0, bindcnt: 0 } };
  if (a.random !== undefined) {
    const r = obj(a.random, `${p}.random`);
    if (r.type !== "netrand" && r.type !== "determ") throw new TypeError(`${p}.random.type: expected "netrand" or "determ"`);
    out.prob = { ptype: r.type === "netrand" ? 1 : 2, pval: int(r.value, 0, 10000, `${p}.random.value`), paction: verdictOf(r.verdict, `${p}.random.verdict`) };
  }
  return out;
}

function skbedit(a: Record<string, unknown>, p: string): unknown {
  const out: Record<string, unknown> = { parms: { index: opt(a.index, (v) => int(v, 0, 0xffffffff, `${p}.index`)) ?? 0, capab: 0, action: opt(a.verdict, (v) => verdictOf(v, `${p}.verdict`)) ?? 3, refcnt: 0, bindcnt: 0 } };
  if (a.queueMapping !== undefined) out.queueMapping = int(a.queueMapping, 0, 0xffff, `${p}.queueMapping`);
  if (a.priority !== undefined) {
    const pr = typeof a.priority === "string" ? parseClassid(a.priority) : a.priority;
    if (pr === undefined) throw new TypeError(`${p}.priority: ${JSON.stringify(a.priority)} is not a class id`);
    out.priority = int(pr, 0, 0xffffffff, `${p}.priority`);
  }
  if (a.mark !== undefined) out.mark = int(a.mark, 0, 0xffffffff, `${p}.mark`);
  if (a.mask !== undefined) out.mask = int(a.mask, 0, 0xffffffff, `${p}.mask`);
  if (a.ptype !== undefined) out.ptype = int(a.ptype, 0, 0xffff, `${p}.ptype`);
  if (a.inheritDsfield !== undefined && typeof a.inheritDsfield !== "boolean") throw new TypeError(`${p}.inheritDsfield: expected a boolean`);
  if (a.inheritDsfield) out.flags = 0x20n; // SKBEDIT_F_INHERITDSFIELD
  return out;
}

function pedit(a: Record<string, unknown>, p: string): unknown {
  if (!Array.isArray(a.keys)) throw new TypeError(`${p}.keys: expected an array of pedit keys`);
  if (a.keys.length > 128) throw new RangeError(`${p}.keys: at most 128 keys (tc's MAX_OFFS)`);
  if (a.extended !== undefined && typeof a.extended !== "boolean") throw new TypeError(`${p}.extended: expected a boolean`);
  const ex = (a.keys as unknown[]).map((k, i) => {
    const o = obj(k, `${p}.keys[${i}]`);
    return { htype: opt(o.htype, (v) => int(v, 0, 5, `${p}.keys[${i}].htype`)), cmd: opt(o.cmd, (v) => int(v, 0, 1, `${p}.keys[${i}].cmd`)) };
  });
  const extended = (a.extended as boolean | undefined) ?? ex.some((k) => k.htype !== undefined || k.cmd !== undefined);
  if (!extended) {
    const i = ex.findIndex((k) => (k.htype ?? 0) !== 0 || (k.cmd ?? 0) !== 0);
    if (i >= 0) throw new TypeError(`${p}.keys[${i}].${(ex[i]!.htype ?? 0) !== 0 ? "htype" : "cmd"}: needs extended: true`);
  }
  const keys = (a.keys as unknown[]).map((k, i) => {
    const o = obj(k, `${p}.keys[${i}]`);
    return { mask: int(o.mask, 0, 0xffffffff, `${p}.keys[${i}].mask`), val: int(o.val, 0, 0xffffffff, `${p}.keys[${i}].val`), off: int(o.off ?? 0, -0x80000000, 0x7fffffff, `${p}.keys[${i}].off`), at: int(o.at ?? 0, -0x80000000, 0x7fffffff, `${p}.keys[${i}].at`), offmask: int(o.offmask ?? 0, -0x80000000, 0x7fffffff, `${p}.keys[${i}].offmask`), shift: int(o.shift ?? 0, -0x80000000, 0x7fffffff, `${p}.keys[${i}].shift`) };
  });
  const sel = { index: opt(a.index, (v) => int(v, 0, 0xffffffff, `${p}.index`)) ?? 0, capab: 0, action: opt(a.verdict, (v) => verdictOf(v, `${p}.verdict`)) ?? 0, refcnt: 0, bindcnt: 0, flags: 0, keys };
  if (!extended) return { parms: sel };
  return { parmsEx: sel, keysEx: { keyEx: ex.map((k) => ({ htype: k.htype ?? 0, cmd: k.cmd ?? 0 })) } };
}

/** Build codec action entries from specs (orders 1, 2, ...). */
export function actionsToWire(list: unknown, p: string, resolve: LinkResolver): TcAction[] {
  if (!Array.isArray(list)) throw new TypeError(`${p}: expected an array of actions`);
  return list.map((x, i) => {
    const f = `${p}[${i}]`;
    const a = obj(x, f);
    if (typeof a.kind !== "string" || a.kind === "") throw new TypeError(`${f}.kind: expected an action kind`);
    let options: unknown;
    switch (a.kind) {
      case "mirred": options = mirred(a, f, resolve); break;
      case "gact": options = gact(a, f); break;
      case "police": options = policeToWire(a, f); break;
      case "skbedit": options = skbedit(a, f); break;
      case "pedit": options = pedit(a, f); break;
      case "bpf": options = actBpfToWire(a as ActBpfProgram, f, opt(a.verdict, (v) => verdictOf(v, `${f}.verdict`)) ?? 3, opt(a.index, (v) => int(v, 0, 0xffffffff, `${f}.index`)) ?? 0); break;
      default:
        if (MORE_ACTIONS.has(a.kind)) { options = MORE_ACTIONS.get(a.kind)!.toWire(a, f); break; }
        if (a.options !== undefined && typeof a.options !== "string") throw new TypeError(`${f}.options: kind ${a.kind} takes its options as hex`);
        options = a.options;
    }
    const e: TcAction = { order: i + 1, kind: a.kind } as TcAction;
    if (options !== undefined) e.options = options as TcAction["options"];
    if (a.cookie !== undefined) {
      if (typeof a.cookie !== "string" || !/^([0-9a-f]{2}){1,16}$/i.test(a.cookie)) throw new TypeError(`${f}.cookie: expected 1..16 bytes as hex`);
      e.cookie = a.cookie.toLowerCase();
    }
    // m_action.c parse_action: cookie, then hw_stats, then the flags bitfield (value = selector = the bits given).
    if (a.hwStats !== undefined) {
      if (!Array.isArray(a.hwStats)) throw new TypeError(`${f}.hwStats: expected an array of "immediate", "delayed", "disabled"`);
      let bits = 0;
      a.hwStats.forEach((h, j) => { if (typeof h !== "string" || !(h in HW_BITS)) throw new TypeError(`${f}.hwStats[${j}]: expected "immediate", "delayed" or "disabled", got ${JSON.stringify(h)}`); bits |= HW_BITS[h]!; });
      e.hwStats = bitfieldHex(bits, bits);
    }
    let value = 0, selector = 0;
    for (const [k, bit] of ACT_FLAG_BITS) {
      if (a[k] === undefined) continue;
      if (typeof a[k] !== "boolean") throw new TypeError(`${f}.${k}: expected a boolean, got ${String(a[k])}`);
      if (a[k]) { value |= bit; selector |= bit; }
    }
    if (a.skipHw === true && a.skipSw === true) throw new TypeError(`${f}.skipSw: skipHw and skipSw are mutually exclusive`);
    if (selector) e.flags = bitfieldHex(value, selector);
    return e;
  });
}

const HZ_TICKS = 100; // struct tcf_t is in jiffies converted to clock_t (USER_HZ)

/** Read decoded actions back into specs (with read-only counters). */
export function actionsFromWire(list: TcAction[] | undefined): TcActionSpec[] | undefined {
  if (list === undefined) return undefined;
  return list.map((e) => {
    const o = e.options as Record<string, any> | string | undefined;
    let spec: TcActionSpec;
    const parms = typeof o === "object" ? (o.parms ?? o.tbf ?? o.parmsEx) : undefined; // pedit ex: its tc_gen is in PARMS_EX
    switch (typeof o === "object" ? e.kind : undefined) { // a flush notification carries no options
      case "mirred": {
        const m = (o as ActOptionsMap["mirred"]).parms!;
        spec = { kind: "mirred", direction: m.eaction <= 2 ? "egress" : "ingress", action: m.eaction % 2 === 1 ? "redirect" : "mirror", ifindex: m.ifindex, verdict: verdictName(m.action) };
        break;
      }
      case "gact": {
        const g = o as ActOptionsMap["gact"];
        spec = { kind: "gact", verdict: verdictName(g.parms!.action) };
        if (g.prob && g.prob.ptype) spec.random = { type: g.prob.ptype === 1 ? "netrand" : "determ", value: g.prob.pval, verdict: verdictName(g.prob.paction) };
        break;
      }
      case "police": {
        const pl = o as ActOptionsMap["police"];
        const t = pl.tbf!;
        const rate = pl.rate64 !== undefined ? Number(pl.rate64) : t.rate.rate;
        const s: PoliceAction = { kind: "police", exceed: verdictName(t.action) };
        if (rate) { s.rate = rate; s.burst = xmitsize(rate, t.burst); }
        if (t.mtu) s.mtu = t.mtu;
        const prate = pl.peakrate64 !== undefined ? Number(pl.peakrate64) : t.peakrate.rate;
        if (prate) s.peakrate = prate;
        if (pl.avrate) s.avrate = pl.avrate;
        if (t.rate.mpu) s.mpu = t.rate.mpu;
        if (t.rate.overhead) s.overhead = t.rate.overhead;
        if (pl.result !== undefined) s.conform = verdictName(pl.result | 0);
        if (pl.pktrate64 !== undefined && pl.pktburst64 !== undefined) {
          s.pktsRate = Number(pl.pktrate64);
          s.pktsBurst = xmitsize(s.pktsRate, Number(pl.pktburst64 & 0xffffffffn));
        }
        const ll = t.rate.linklayer & 0x0f;
        if (ll !== 1) s.linklayer = ["unaware", "ethernet", "atm"][ll] ?? String(ll);
        spec = s;
        break;
      }
      case "skbedit": {
        const k = o as ActOptionsMap["skbedit"];
        const s: SkbeditAction = { kind: "skbedit", verdict: verdictName(k.parms!.action) };
        if (k.queueMapping !== undefined) s.queueMapping = k.queueMapping;
        if (k.priority !== undefined) s.priority = formatClassid(k.priority);
        if (k.mark !== undefined) s.mark = k.mark;
        if (k.mask !== undefined) s.mask = k.mask;
        if (k.ptype !== undefined) s.ptype = k.ptype;
        if (k.flags !== undefined && (k.flags & 0x20n)) s.inheritDsfield = true;
        spec = s;
        break;
      }
      case "pedit": {
        const pd = o as ActOptionsMap["pedit"];
        const sel = pd.parms ?? pd.parmsEx!; // tc reads TCA_PEDIT_PARMS first, and the extended keys only without it
        const ex = pd.parms === undefined ? pd.keysEx?.keyEx : undefined;
        // With TCA_PEDIT_KEYS_EX each key also has a header type and command (m_pedit.c print_pedit).
        const keys = ex === undefined ? sel.keys : sel.keys.map((k, i) => ({ ...k, htype: ex[i]?.htype ?? 0, cmd: ex[i]?.cmd ?? 0 }));
        spec = { kind: "pedit", keys, ...(ex !== undefined ? { extended: true } : {}), verdict: verdictName(sel.action) } as PeditAction;
        break;
      }
      case "bpf": {
        const k = o as ActOptionsMap["bpf"];
        spec = { kind: "bpf", ...actBpfFromWire(k), verdict: verdictName(k.parms!.action) } as BpfAction;
        break;
      }
      default:
        if (typeof o === "object" && MORE_ACTIONS.has(e.kind ?? "")) { spec = MORE_ACTIONS.get(e.kind!)!.fromWire(o) as TcActionSpec; break; }
        spec = { kind: e.kind ?? "", ...(typeof o === "string" ? { options: o } : {}) };
    }
    spec.order = e.order;
    const idx = e.index ?? (parms as { index?: number } | undefined)?.index;
    if (idx !== undefined) spec.index = idx;
    if (parms && typeof parms.refcnt === "number") { spec.refcnt = parms.refcnt; spec.bindcnt = parms.bindcnt; }
    const tm = typeof o === "object" ? (o as { tm?: { install: bigint; lastuse: bigint; expires: bigint; firstuse: bigint } }).tm : undefined;
    if (tm) {
      // tc prints each timer only when it is nonzero (print_tm).
      if (tm.install) spec.installed = Math.trunc(Number(tm.install) / HZ_TICKS);
      if (tm.lastuse) spec.lastUsed = Math.trunc(Number(tm.lastuse) / HZ_TICKS);
      if (tm.firstuse) spec.firstUsed = Math.trunc(Number(tm.firstuse) / HZ_TICKS);
      if (tm.expires) spec.expires = Math.trunc(Number(tm.expires) / HZ_TICKS);
    }
    if (e.cookie !== undefined) spec.cookie = e.cookie;
    const fl = e.flags === undefined ? undefined : bitfieldOf(e.flags);
    if (fl) for (const [k, bit] of ACT_FLAG_BITS) if (fl.selector & bit) (spec as unknown as Record<string, boolean>)[k] = (fl.value & bit) !== 0;
    if (e.hwStats !== undefined) spec.hwStats = hwStatsNames(e.hwStats);
    if (e.usedHwStats !== undefined) spec.usedHwStats = hwStatsNames(e.usedHwStats);
    if (e.inHwCount !== undefined) spec.inHwCount = e.inHwCount;
    const st = typeof e.stats === "object" ? e.stats : undefined;
    if (st) {
      const s: NonNullable<ActionCommon["stats"]> = {};
      if (st.basic) { s.bytes = Number(st.basic.bytes ?? 0n); s.packets = st.basic.packets ?? 0; }
      if (st.queue) { s.drops = st.queue.drops; s.overlimits = st.queue.overlimits; s.requeues = st.queue.requeues; s.backlog = st.queue.backlog; s.qlen = st.queue.qlen; }
      const re = st.rateEst64 ?? st.rateEst;
      if (re) { s.bps = Number(re.bps); s.pps = Number(re.pps); }
      spec.stats = s;
    }
    return spec;
  });
}

/** Whether `a` carries options the spec builder can read (for callers that pass hex through). */
export function isRawAction(a: TcActionSpec): a is RawAction {
  return !["mirred", "gact", "police", "skbedit", "pedit", "bpf"].includes(a.kind) && !MORE_ACTIONS.has(a.kind);
}
