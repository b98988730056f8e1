/**
 * One run of bun-netlink-tc: tc's global options, the output streams and
 * the rtnetlink connection (opened on first use, inside the -n namespace).
 */
import { openRtnl, type Rtnl } from "../../lib/rtnl/rtnl.ts";
import type { Io } from "../io.ts";
import { Printer, type ColorScheme } from "../../lib/format/printer.ts";
import { enabledColor, type ColorOpt } from "../options.ts";
import type { TcShowCtx } from "./print-common.ts";
import { bpfProgInfo, type BpfProgInfo } from "../../lib/sys/bpf.ts";

/** tc 6.1's global options. */
export interface TcOptions {
  stats: number;
  details: number;
  raw: number;
  pretty: boolean;
  json: boolean;
  oneline: boolean;
  iec: boolean;
  force: boolean;
  /** -graph: class show draws the class tree. */
  graph?: boolean;
  /** -timestamp ("long") or -tshort ("short"): print_timestamp before each monitor message. */
  timestamp?: "long" | "short";
  netns?: string;
  batch?: string;
  /** -color[=always|auto|never] (tc.c matches_color); only "dev NAME" of qdisc and filter listings is coloured. */
  color?: ColorOpt;
  /** -brief: terse filter and action dumps (TCA_DUMP_FLAGS_TERSE, TCA_ACT_FLAG_TERSE_DUMP), action indexes printed. */
  brief?: boolean;
}

/** The state commands share. */
export class TcCtx implements TcShowCtx {
  private nl: Rtnl | undefined;
  private names: Map<number, string> | undefined;
  constructor(readonly opts: TcOptions, readonly io: Io) {}

  get stats(): number { return this.opts.stats; }
  get details(): number { return this.opts.details; }
  get raw(): number { return this.opts.raw; }
  get iec(): boolean { return this.opts.iec; }
  get pretty(): boolean { return this.opts.pretty; }
  get brief(): boolean { return this.opts.brief ?? false; }

  /** The connection (opened once). */
  rtnl(): Rtnl {
    this.nl ??= openRtnl(this.opts.netns === undefined ? {} : { netns: this.opts.netns });
    return this.nl;
  }

  /** Interface name of an index (ll_index_to_name: "if%d" when unknown). */
  name(ifindex: number): string {
    if (this.names === undefined) {
      this.names = new Map();
      for (const l of this.rtnl().links.list() as unknown as Array<Record<string, any>>) {
        const idx = l.ifindex ?? l.index;
        const nm = l.name ?? l.attrs?.ifname;
        if (typeof idx === "number" && typeof nm === "string") this.names.set(idx, nm);
      }
    }
    return this.names.get(ifindex) ?? `if${ifindex}`;
  }

  /** Index of a link name; undefined when there is none. */
  index(name: string): number | undefined {
    this.name(0);
    for (const [i, n] of this.names!) if (n === name) return i;
    return undefined;
  }

  /** bpf_dump_prog_info's source: the program's name, tag and JIT state (lib/sys/bpf.ts, loaded on first use). */
  progInfo(id: number): BpfProgInfo | undefined {
    return bpfProgInfo(id);
  }

  /** Forget cached link names (after a batch line changed links). */
  refresh(): void {
    this.names = undefined;
  }

  /** A printer for the output mode. */
  printer(json = this.opts.json): Printer {
    const color = this.opts.color === undefined || this.opts.color === "never" ? undefined : this.colorScheme();
    return new Printer({ json, pretty: this.opts.pretty, oneline: this.opts.oneline, ...(color ? { color } : {}) });
  }

  private colorOnce: { v: ColorScheme | undefined } | undefined;
  /** tc's check_enable_color, decided once per run. */
  private colorScheme(): ColorScheme | undefined {
    return (this.colorOnce ??= { v: enabledColor(this.opts.color ?? "never", this.opts.json, this.io) }).v;
  }

  close(): void {
    this.nl?.close();
    this.nl = undefined;
  }
}
