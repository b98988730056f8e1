/**
 * `ip ntable show|change` (ip/ipntable.c of iproute2 6.1): the kernel's
 * neighbour tables through the library's NeighbourTableApi
 * (nl.neighbours.tables). show dumps with ip's family and filters by name
 * and device as ip does; change parses ip's words in ip's order, sends ip's
 * RTM_SETNEIGHTBL and leaves every other check to the kernel.
 */
import { NeighbourTableApi, type NtableMessage } from "../lib/rtnl/ntable/api.ts";
import { toNeighbourTable } from "../lib/rtnl/ntable/model.ts";
import { printNtable } from "../lib/format/ntable.ts";
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, dumpErrorText, duparg, incomplete, invarg, isNetlinkError, kernelError, missarg, nodev } from "./errors.ts";
import { printRows } from "./rows.ts";
import { NTABLE_USAGE } from "./usage-texts.ts";

const ULONG_MAX = 0xffffffffffffffffn;

type NtableAttrs = NtableMessage["attrs"];
type NdtParmsAttrs = NonNullable<NtableAttrs["parms"]>;

/**
 * C's strtoul/strtoull with base 0 as ip's get_u32/get_u64 use them: leading
 * white space, a sign ("-N" wraps to 2^64-N), 0x hex or leading-0 octal,
 * the whole word; undefined on no digits, trailing characters, overflow of
 * unsigned long or a value above `max`.
 */
export function cUnsigned(v: string, max: bigint): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(v);
  if (!m) return undefined;
  const t = m[2]!;
  let n = /^0[xX]/.test(t) ? BigInt(t) : t.length > 1 && t[0] === "0" ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
  if (n > ULONG_MAX) return undefined;
  if (m[1] === "-") n = (ULONG_MAX + 1n - n) & ULONG_MAX;
  return n > max ? undefined : n;
}

/** The u32 words of `change` and their NDTPA_* keys (parameters) or NDTA_* keys (thresholds). */
const PARM_U32: Record<string, keyof NdtParmsAttrs> = {
  queue: "queueLen", app_probes: "appProbes", ucast_probes: "ucastProbes", mcast_probes: "mcastProbes", proxy_queue: "proxyQlen",
};
/** The u64 (milliseconds) parameter words of `change`. */
const PARM_U64: Record<string, keyof NdtParmsAttrs> = {
  base_reachable: "baseReachableTime", retrans: "retransTime", gc_stale: "gcStaletime", delay_probe: "delayProbeTime",
  anycast_delay: "anycastDelay", proxy_delay: "proxyDelay", locktime: "locktime",
};
const THRESH = ["thresh1", "thresh2", "thresh3"] as const;

function show(ctx: Ctx, argv: string[]): number {
  let index: number | undefined; // -1: "none", only entries without a device
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (w === "dev") {
      const d = next();
      if (d === "none") index = -1;
      else if ((index = ctx.names.indexOf(d)) === 0) throw invarg('"DEV" is invalid', d);
    } else if (w === "name") name = next();
    else throw invarg("unknown", w);
  }
  const family = ctx.opts.family;
  let msgs;
  try {
    msgs = new NeighbourTableApi(ctx.conn).dumpMessages(family);
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    if (ctx.opts.json) ctx.io.out("[");
    throw new CliError(dumpErrorText(e) + "Dump terminated\n", 1, true);
  }
  const rows = msgs.filter((m) => {
    if (family && m.family !== family) return false;
    if (name !== undefined && m.attrs.name !== undefined && m.attrs.name !== name) return false;
    const parms = m.attrs.parms;
    if (parms !== undefined && index) return parms.ifindex !== undefined ? parms.ifindex === index : index === -1;
    return true;
  });
  const now = Date.now();
  printRows(ctx, rows.map(toNeighbourTable), (p, t) =>
    printNtable(p, t, { devName: (i) => ctx.names.nameOf(i), stats: ctx.opts.stats > 0, now }));
  return 0;
}

function change(ctx: Ctx, argv: string[]): number {
  const attrs: Partial<NtableAttrs> = {};
  const parms: NdtParmsAttrs = {};
  let changes = false;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    const num = (word: string, max: bigint): bigint => {
      const v = next();
      const n = cUnsigned(v, max);
      if (n === undefined) throw invarg(`"${word}" value is invalid`, v);
      return n;
    };
    if (w === "name") {
      const v = next();
      if (attrs.name !== undefined) throw duparg("NAME", v);
      attrs.name = v;
    } else if ((THRESH as readonly string[]).includes(w)) {
      attrs[w as (typeof THRESH)[number]] = Number(num(w, 0xffffffffn));
      changes = true;
    } else if (w === "gc_int") {
      attrs.gcInterval = num(w, ULONG_MAX);
      changes = true;
    } else if (w === "dev") {
      const d = next();
      const ifindex = ctx.names.indexOf(d);
      if (!ifindex) throw nodev(d);
      parms.ifindex = ifindex;
    } else if (PARM_U32[w] !== undefined) {
      (parms as Record<string, number>)[PARM_U32[w]!] = Number(num(w, 0xffffffffn));
      changes = true;
    } else if (PARM_U64[w] !== undefined) {
      (parms as Record<string, bigint>)[PARM_U64[w]!] = num(w, ULONG_MAX);
      changes = true;
    } else throw invarg("unknown", w);
  }
  if (attrs.name === undefined) throw missarg("NAME");
  if (!changes) throw new CliError("Not enough information: changeable attributes required.\n", 255, true);
  if (Object.keys(parms).length > 0) attrs.parms = parms;
  try {
    new NeighbourTableApi(ctx.conn).sendUnchecked({ family: ctx.opts.family, attrs: attrs as NtableAttrs });
  } catch (e) {
    if (isNetlinkError(e)) throw new CliError(kernelError(e).message, 2, true); // ip exits at once (exit(2))
    throw e;
  }
  return 0;
}

/** The `ntable` object (do_ipntable). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  const rest = argv.slice(1);
  if (cmd === undefined) return show(ctx, []);
  if (matches(cmd, "change") || matches(cmd, "chg")) return change(ctx, rest);
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return show(ctx, rest);
  if (matches(cmd, "help")) throw new CliError(NTABLE_USAGE, 255, true);
  throw new CliError(`Command "${cmd}" is unknown, try "ip ntable help".\n`, 255, true);
}
