/**
 * Output pieces every tc object shares, as tc 6.1 prints them
 * (tc/tc_util.c print_tcstats2_attr, print_action_control, print_tm; the
 * qdisc/class/filter headers): the same calls make the text and -json
 * output (lib/format/printer.ts, iproute2's print_*(PRINT_ANY, ...) model).
 */
import { COLOR, type Printer } from "../../lib/format/printer.ts";
import type { BpfProgInfo } from "../../lib/sys/bpf.ts";
import type { TcStats } from "../../lib/rtnl/tc/model.ts";
import { formatRate, formatSize } from "../../lib/rtnl/tc/units.ts";
import type { Verdict } from "../../lib/rtnl/tc/action-options.ts";

/** What the printers need of the run: flags and link names. */
export interface TcShowCtx {
  stats: number;
  details: number;
  raw: number;
  iec: boolean;
  pretty: boolean;
  /** -brief: an action's index after its terse entry. */
  brief?: boolean;
  /** Interface name of an index ("if%d"-style fallback like ll_index_to_name). */
  name(ifindex: number): string;
  /** A bpf program's info by id (bpf(2)); absent or undefined: tc prints the tag the kernel sent instead. */
  progInfo?(id: number): BpfProgInfo | undefined;
}

/** print_tcstats2_attr with `prefix` (" " for qdiscs/classes, "\t" for actions). */
export function printStats(p: Printer, s: TcStats, prefix: string, iec: boolean): void {
  if (s.bytes !== undefined) {
    p.text(prefix);
    p.num("bytes", "Sent %s bytes", s.bytes);
    p.num("packets", " %s pkt", s.packets ?? 0);
  }
  if (s.drops !== undefined) {
    p.num("drops", " (dropped %s", s.drops);
    p.num("overlimits", ", overlimits %s", s.overlimits ?? 0);
    p.num("requeues", " requeues %s) ", s.requeues ?? 0);
  }
  if (s.bps !== undefined) {
    p.text(`\n${prefix}`);
    p.num("rate", null, s.bps);
    p.text(`rate ${formatRate(s.bps, iec)}`);
    p.num("pps", " %spps", s.pps ?? 0);
  }
  if (s.drops !== undefined) {
    if (s.bps === undefined) p.nl();
    p.text(prefix);
    p.num("backlog", "backlog %s", s.backlog ?? 0, formatSize(s.backlog ?? 0));
    p.num("qlen", " %sp", s.qlen ?? 0);
    p.text(` requeues ${s.requeues ?? 0}`);
  }
}

/** print_action_control: prefix, { type [chain|jump] }, suffix. */
export function printControl(p: Printer, prefix: string, v: Verdict, suffix: string): void {
  p.text(prefix);
  p.obj("control_action");
  if (typeof v === "string" && v.startsWith("goto chain ")) {
    p.str("type", "%s", "goto");
    p.num("chain", " chain %s", Number(v.slice(11)));
  } else if (typeof v === "string" && v.startsWith("jump ")) {
    p.str("type", "%s", "jump");
    p.num("jump", " %s", Number(v.slice(5)));
  } else {
    p.str("type", "%s", String(v));
  }
  p.endObj();
  p.text(suffix);
}

/** print_devname: "dev NAME " (JSON "dev"). */
export function printDev(p: Printer, name: string): void {
  p.text("dev ");
  p.str("dev", "%s ", name, COLOR.IFNAME);
}
