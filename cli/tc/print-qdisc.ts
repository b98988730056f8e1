/**
 * `tc qdisc show` and `tc class show` output, as tc 6.1 prints it
 * (tc_qdisc.c print_qdisc, tc_class.c print_class, and the kinds'
 * print_qopt/print_copt/print_xstats in q_htb.c, q_tbf.c, q_fifo.c,
 * q_prio.c, q_ingress.c). tc 6.1 prints classes with fprintf even under
 * -json, so class output is always text.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { TcClass, TcQdisc } from "../../lib/rtnl/tc/model.ts";
import type { FifoOptions, FqCodelOptions, FqOptions, HtbClassOptions, HtbQdiscOptions, NetemOptions, PrioOptions, SfqOptions, TbfOptions } from "../../lib/rtnl/tc/qdisc-options.ts";
import { fq, fqCodel, netem, sfq } from "./print-qdisc-aqm.ts";
import { printAqmMoreOptions, printAqmMoreXstats } from "./print-qdisc-aqm-more.ts";
import { formatRate, formatSize, formatTime } from "../../lib/rtnl/tc/units.ts";
import { printDev, printStats, type TcShowCtx } from "./print-common.ts";

function htbQdisc(p: Printer, o: HtbQdiscOptions, c: TcShowCtx): void {
  if (o.r2q !== undefined) {
    p.num("r2q", "r2q %s", o.r2q);
    const d = o.defaultClass ?? 0;
    p.str("default", " default %s", d === 0 ? "0" : `0x${d.toString(16)}`);
    p.num("direct_packets_stat", " direct_packets_stat %s", o.directPacketsStat ?? 0);
    if (c.details) p.str("ver", " ver %s", o.version ?? "");
  }
  if (o.directQlen !== undefined) p.num("direct_qlen", " direct_qlen %s", o.directQlen);
  if (o.offload) p.null("offload", " offload");
}

/** q_htb.c htb_print_opt for a class (text only: print_copt runs outside any JSON context). */
export function htbClass(p: Printer, o: HtbClassOptions, c: TcShowCtx): void {
  const rate = o.rate as number, ceil = (o.ceil ?? o.rate) as number;
  if (!o.level) {
    p.text(`prio ${o.prio ?? 0} `);
    if (c.details) p.text(`quantum ${o.quantum ?? 0} `);
  }
  p.text(`rate ${formatRate(rate, c.iec)} `);
  if (o.overhead) p.text(`overhead ${o.overhead} `);
  p.text(`ceil ${formatRate(ceil, c.iec)} `);
  const ll = o.linklayer ?? "ethernet";
  if (ll !== "ethernet" || c.details) p.text(`linklayer ${ll} `);
  if (c.details) {
    p.text(`burst ${formatSize(o.burst as number)}/${1 << (o.cellLog ?? 0)} mpu ${formatSize(o.mpu ?? 0)} `);
    p.text(`cburst ${formatSize(o.cburst as number)}/${1 << (o.ccellLog ?? 0)} mpu ${formatSize(o.mpu ?? 0)} `);
    p.text(`level ${o.level ?? 0} `);
  } else {
    p.text(`burst ${formatSize(o.burst as number)} cburst ${formatSize(o.cburst as number)} `);
  }
}

function tbf(p: Printer, o: TbfOptions, c: TcShowCtx): void {
  const rate = o.rate as number;
  p.num("rate", "rate %s ", rate, formatRate(rate, c.iec));
  const burst = o.burst as number;
  if (c.details) {
    p.str("burst", "burst %s ", `${formatSize(burst)}/${1 << (o.cellLog ?? 0)}`);
    p.num("mpu", "mpu %s ", (o.mpu as number) ?? 0, formatSize((o.mpu as number) ?? 0));
  } else {
    p.num("burst", "burst %s ", burst, formatSize(burst));
  }
  if (o.peakrate !== undefined) {
    p.text(`peakrate ${formatRate(o.peakrate as number, c.iec)} `);
    if (o.mtu !== undefined) {
      const mtu = o.mtu as number;
      if (c.details) {
        p.str("mtu", "mtu %s ", `${formatSize(mtu)}/${1 << (o.pcellLog ?? 0)}`);
        p.num("mpu", "mpu %s ", (o.mpu as number) ?? 0, formatSize((o.mpu as number) ?? 0));
      } else p.num("minburst", "minburst %s ", mtu, formatSize(mtu));
    }
  }
  if (o.latency !== undefined) {
    p.num("lat", null, o.latency as number);
    p.text(`lat ${formatTime(o.latency as number)} `);
  }
  if (c.raw || o.latency === undefined) p.num("limit", "limit %s ", o.limit as number, formatSize(o.limit as number));
  if (o.overhead) p.num("overhead", "overhead %s ", o.overhead);
  const ll = o.linklayer ?? "ethernet";
  if (ll !== "ethernet" || c.details) p.str("linklayer", "linklayer %s ", ll);
}

function fifo(p: Printer, kind: string, o: FifoOptions): void {
  if (o.limit === undefined) return;
  if (kind === "bfifo") p.num("limit", "limit %s", o.limit as number, formatSize(o.limit as number));
  else p.num("limit", "limit %sp", o.limit as number);
}

function prio(p: Printer, o: PrioOptions): void {
  p.num("bands", "bands %s ", o.bands ?? 0);
  p.arr("priomap", "priomap");
  for (const b of o.priomap ?? []) p.num(null, " %s", b);
  p.endArr("");
  p.bool("multiqueue", null, false);
}

/** A qdisc kind's print_qopt (the kinds this kernel lacks in print-qdisc-aqm.ts). */
function qdiscOptions(p: Printer, q: TcQdisc, c: TcShowCtx): void {
  const o = q.options as Record<string, unknown> | string | undefined;
  switch (q.kind) {
    case "htb": if (o && typeof o === "object") htbQdisc(p, o as HtbQdiscOptions, c); break;
    case "tbf": if (o && typeof o === "object") tbf(p, o as unknown as TbfOptions, c); break;
    case "pfifo": case "bfifo": case "pfifo_head_drop": if (o && typeof o === "object") fifo(p, q.kind, o as FifoOptions); break;
    case "pfifo_fast": case "prio": if (o && typeof o === "object") prio(p, o as PrioOptions); break;
    case "netem": if (o && typeof o === "object") netem(p, o as NetemOptions, c); break;
    case "fq_codel": if (o && typeof o === "object") fqCodel(p, o as FqCodelOptions); break;
    case "fq": if (o && typeof o === "object") fq(p, o as FqOptions, c); break;
    case "sfq": if (o && typeof o === "object") sfq(p, o as SfqOptions, c); break;
    case "ingress": p.text("---------------- "); break;
    default: printAqmMoreOptions(p, q.kind, o, c); break;
  }
}

/** One qdisc (print_qdisc); `dev` false when the listing was for one link. */
export function printQdisc(p: Printer, q: TcQdisc, c: TcShowCtx, dev: boolean): void {
  p.obj();
  p.str("kind", "qdisc %s", q.kind);
  p.str("handle", " %s", q.handle);
  if (c.raw) p.text(`[${(Number.parseInt(q.handle, 16) * 0x10000).toString(16).padStart(8, "0")}]`); // show_raw: tcm_handle in hex
  p.text(" ");
  if (dev) printDev(p, c.name(q.ifindex));
  if (q.parent === "root") p.bool("root", "root ", true);
  else if (q.parent !== "none") p.str("parent", "parent %s ", q.parent);
  if (q.refcnt !== 1) p.num("refcnt", "refcnt %s ", q.refcnt);
  if (q.offloaded) p.bool("offloaded", "offloaded ", true);
  if (q.ingressBlock) p.num("ingress_block", "ingress_block %s ", q.ingressBlock);
  if (q.egressBlock) p.num("egress_block", "egress_block %s ", q.egressBlock);
  p.obj("options");
  if (q.options !== undefined) qdiscOptions(p, q, c);
  p.endObj();
  p.nl();
  if (c.details && q.stab) {
    // print_size_table
    const st = q.stab;
    p.obj("stab");
    p.text(" ");
    if (st.linklayer) p.str("linklayer", "linklayer %s ", st.linklayer);
    if (st.overhead) p.num("overhead", "overhead %s ", st.overhead);
    if (st.mpu) p.num("mpu", "mpu %s ", st.mpu);
    if (st.mtu) p.num("mtu", "mtu %s ", st.mtu);
    if (st.tsize) p.num("tsize", "tsize %s ", st.tsize);
    p.endObj();
    p.nl();
  }
  if (c.stats && q.stats) {
    printStats(p, q.stats, " ", c.iec);
    p.nl();
  }
  if (c.stats && q.xstats !== undefined && printAqmMoreXstats(p, q.kind, q.xstats, c)) p.nl();
  p.endObj();
}

/** One class (print_class), always text. */
export function printClass(c: TcClass, ctx: TcShowCtx, dev: boolean, p: Printer, minorsOnly = false): string {
  // `tc class show qdisc X` (filter_qdisc): the class and its parent as print_tc_classid(TC_H_MIN(...))
  const minor = (h: string): string => {
    const m = h.includes(":") ? h.slice(h.indexOf(":") + 1) : "";
    return m === "" || Number.parseInt(m, 16) === 0 ? "none" : `:${m}`;
  };
  const handle = minorsOnly && c.handle !== "none" ? minor(c.handle) : c.handle;
  let s = `class ${c.kind} ${handle === "none" && !minorsOnly ? "" : handle} `;
  if (dev) s += `dev ${ctx.name(c.ifindex)} `;
  s += c.parent === "root" ? "root " : `parent ${minorsOnly ? minor(c.parent) : c.parent} `;
  if (c.leaf !== undefined) s += `leaf ${c.leaf} `;
  if (c.options !== undefined && c.kind === "htb" && typeof c.options === "object") {
    htbClass(p, c.options as HtbClassOptions, ctx);
    s += p.take();
  } else if (c.options !== undefined && printAqmMoreOptions(p, c.kind, c.options, ctx)) s += p.take();
  s += "\n";
  if (ctx.stats) {
    if (c.stats) {
      printStats(p, c.stats, " ", ctx.iec);
      s += p.take() + "\n";
    }
    const x = c.xstats;
    if (c.kind === "htb" && x && typeof x === "object") {
      const h = x as { lends: number; borrows: number; giants: number; tokens: number; ctokens: number };
      s += ` lended: ${h.lends} borrowed: ${h.borrows} giants: ${h.giants}\n tokens: ${h.tokens} ctokens: ${h.ctokens}\n\n`;
    }
    if (x !== undefined && c.kind !== "htb" && printAqmMoreXstats(p, c.kind, x, ctx)) s += p.take() + "\n";
  }
  return s;
}

