/**
 * `ip neighbour show|add|del|change|replace|flush` (ip/ipneigh.c of
 * iproute2 6.1): the same grammar, the default state filter (everything
 * but NOARP), print_neigh's keys; changes through the library's
 * NeighbourApi, flush as one pipelined batch of deletions.
 */
import { NeighbourApi, NTF_FLAGS, NUD_STATES, type NeighbourSpec, type NeighMessage } from "../lib/rtnl/neighbour/api.ts";
import { Args, getUnsigned, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, duparg, duparg2, invarg, isNetlinkError, kernelError, nodev, strerror } from "./errors.ts";
import type { LinkNames } from "./link-names.ts";
import { PROTOS } from "../lib/format/names.ts";
import { needAddr, parsePrefixArg, prefixMatch, refusePacketPrefix, type PrefixArg } from "./prefix.ts";
import type { Printer } from "../lib/format/printer.ts";
import { printNeighbour } from "../lib/format/neighbour.ts";
import { toNeighbour } from "../lib/rtnl/neighbour/model.ts";
import { NEIGH_USAGE } from "./usage-texts.ts";

const USAGE = NEIGH_USAGE;
const usage = () => new CliError(USAGE, 255, true);

const NUD = { INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, PROBE: 0x10, FAILED: 0x20, NOARP: 0x40, PERMANENT: 0x80 };
/** nud_state_a2n's names: [name, state, matched by prefix (ip's matches) rather than exactly (strcmp)]. */
const NUD_WORDS: Array<[string, number, boolean]> = [
  ["permanent", NUD.PERMANENT, true], ["reachable", NUD.REACHABLE, true], ["noarp", NUD.NOARP, false], ["none", 0, false],
  ["stale", NUD.STALE, false], ["incomplete", NUD.INCOMPLETE, false], ["delay", NUD.DELAY, false], ["probe", NUD.PROBE, false],
  ["failed", NUD.FAILED, true],
];
const NTF_PROXY = 0x08, NTF_EXT_LEARNED = 0x10;

/**
 * ip's nud_state_a2n: "permanent", "reachable" and "failed" by prefix, the
 * other names exactly ("none" is 0), case-sensitively; else a number
 * (get_unsigned base 0) below 0x100 with at most one bit set.
 */
function nudState(word: string): number | undefined {
  for (const [name, v, prefix] of NUD_WORDS) if (prefix ? matches(word, name) : word === name) return v;
  const n = getUnsigned(word);
  return n === undefined || n >= 0x100 || (n & (n - 1)) !== 0 ? undefined : n;
}

interface NeighFilter {
  family: number;
  index: number;
  state: number;
  pfx?: PrefixArg;
  proxy: boolean;
  unused: boolean;
}

function parseFilter(ctx: Ctx, argv: string[], names: LinkNames, flush: boolean): NeighFilter {
  const f: NeighFilter = { family: ctx.opts.family, index: 0, state: 0xff & ~NUD.NOARP, proxy: false, unused: false };
  let dev: string | undefined;
  let stateGiven = false;
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (w === "dev") {
      const v = a.value();
      if (dev !== undefined) throw duparg("dev", v);
      dev = v;
    } else if (w === "unused") f.unused = true;
    else if (w === "nud") {
      const v = a.value();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let s = nudState(v);
      if (s === undefined) {
        if (v !== "all") throw invarg("nud state is bad", v);
        s = ~0 >>> 0;
        if (flush) s &= ~NUD.NOARP;
      }
      if (s === 0) s = 0x100;
      f.state |= s;
    } else if (w === "proxy") f.proxy = true;
    else {
      let v = w;
      if (v === "to") v = a.value();
      if (matches(v, "help")) throw usage();
      refusePacketPrefix(v, f.family);
      const p = parsePrefixArg(v, f.family);
      if (!p) throw invarg("to value is invalid\n", v);
      f.pfx = p;
      if (f.family === AF.UNSPEC) f.family = p.family;
    }
  }
  if (dev !== undefined) {
    f.index = names.indexOf(dev);
    if (!f.index) throw nodev(dev);
  }
  return f;
}

function dump(ctx: Ctx, f: NeighFilter): NeighMessage[] {
  return new NeighbourApi(ctx.conn).dumpMessages({ family: f.family, ifindex: f.index, proxy: f.proxy });
}

function passes(f: NeighFilter, m: NeighMessage): boolean {
  const state = NUD_STATES.value(m.state, "state");
  const flags = NTF_FLAGS.value(m.flags, "flags");
  if (f.family && m.family !== f.family) return false;
  if (f.index && f.index !== m.ifindex) return false;
  if (!(f.state & state) && !(flags & NTF_PROXY) && !(flags & NTF_EXT_LEARNED) && (state || !(f.state & 0x100))) return false;
  if (f.pfx && m.attrs.dst !== undefined && !prefixMatch(m.attrs.dst, f.pfx)) return false;
  if (f.unused && m.attrs.cacheinfo && m.attrs.cacheinfo.refcnt) return false;
  return true;
}

/** print_neigh of ip 6.1 for a decoded message: lib/format/neighbour.ts renders its model (caller opens/closes the JSON object). */
export function printNeigh(
  p: Printer, m: NeighMessage, o: { nameOf(i: number): string; filterIndex: number; stats: number; brief?: boolean }, kind: "new" | "del" | "get" = "new",
): void {
  printNeighbour(p, toNeighbour(m), { devName: (i) => o.nameOf(i), hideDev: o.filterIndex !== 0, stats: o.stats, kind, brief: o.brief === true });
}

function show(ctx: Ctx, argv: string[]): number {
  const names = ctx.names;
  const f = parseFilter(ctx, argv, names, false);
  const list = dump(ctx, f).filter((m) => passes(f, m));
  printRows(ctx, list, (p, m) => printNeigh(p, m, { nameOf: (i) => names.nameOf(i), filterIndex: f.index, stats: ctx.opts.stats, brief: ctx.opts.brief }));
  return 0;
}

function flush(ctx: Ctx, argv: string[]): number {
  if (argv.length === 0) throw new CliError("Flush requires arguments.\n", 255, true);
  const names = ctx.names;
  const f = parseFilter(ctx, argv, names, true);
  const victims = dump(ctx, f).filter((m) => passes(f, m) && !(NUD_STATES.value(m.state, "state") & NUD.PERMANENT && !argv.includes("nud")));
  if (victims.length === 0) return 0;
  const r = new NeighbourApi(ctx.conn).deleteMessages(victims);
  if (ctx.opts.stats) ctx.io.out(`\n*** Round 1, deleting ${victims.length} entries ***\n*** Flush is complete after 1 round ***\n`);
  const bad = r.errors.find((e) => e.error.code !== "ENOENT");
  if (bad) {
    ctx.io.err(`Failed to send flush request: ${strerror(bad.error.errno)}\n`);
    return 1;
  }
  return 0;
}

function modify(ctx: Ctx, argv: string[], cmd: "add" | "change" | "replace" | "del"): number {
  const a = new Args(argv);
  const fam = ctx.opts.family === AF.INET || ctx.opts.family === AF.INET6 ? ctx.opts.family : AF.UNSPEC;
  let lla: string | undefined;
  let state: number | undefined;
  let dst: string | undefined;
  let dev: string | undefined;
  let devOk = false;
  let proxy = false;
  const flags: string[] = [];
  let protocol: number | undefined;
  while (!a.done) {
    const w = a.word();
    if (matches(w, "lladdr")) {
      const v = a.value();
      if (lla !== undefined) throw duparg("lladdr", v);
      lla = v;
    } else if (w === "nud") {
      const v = a.value();
      const s = nudState(v);
      if (s === undefined) throw invarg("nud state is bad", v);
      state = s;
    } else if (matches(w, "proxy")) {
      const v = a.value();
      if (matches(v, "help")) throw usage();
      if (dst !== undefined) throw duparg("address", v);
      dst = needAddr(v, fam).text;
      devOk = true;
      proxy = true;
    } else if (w === "router") flags.push("router");
    else if (matches(w, "extern_learn")) flags.push("extern_learn");
    else if (w === "dev") {
      dev = a.value();
      devOk = true;
    } else if (matches(w, "protocol")) {
      const v = a.value();
      const pr = PROTOS.id(v);
      if (pr === undefined || pr > 255) throw invarg('"protocol" value is invalid\n', v);
      protocol = pr;
    } else {
      let v = w;
      if (v === "to") v = a.value();
      if (matches(v, "help")) v = a.value();
      if (dst !== undefined) throw duparg2("to", v);
      dst = needAddr(v, fam).text;
    }
  }
  if (!devOk || dst === undefined || dev === undefined && !proxy) {
    throw new CliError("Device and destination are required arguments.\n", 255, true);
  }
  const names = ctx.names;
  let index = 0;
  if (dev !== undefined) {
    index = names.indexOf(dev);
    if (!index) throw nodev(dev);
  }
  if (lla !== undefined && lla !== "null" && !/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(lla)) {
    throw new CliError(`"${lla}" is invalid lladdr.\n`, 1, false); // ll_addr_a2n: ipneigh_modify returns -1
  }
  const api = new NeighbourApi(ctx.conn);
  try {
    if (cmd === "del") {
      api.delete({ dst, dev: index, ...(proxy ? { proxy: true } : {}) });
      return 0;
    }
    const spec: NeighbourSpec = { dst, dev: index };
    if (lla !== undefined && lla !== "null") spec.lladdr = lla;
    const names2 = state === undefined ? ["permanent"] : NUD_STATES.names(state);
    spec.state = names2.length === 0 ? "none" : names2;
    if (flags.length) spec.flags = flags;
    if (proxy) spec.proxy = true;
    if (protocol !== undefined) spec.protocol = protocol;
    if (cmd === "add") api.add(spec, { echo: false });
    else if (cmd === "replace") api.replace(spec);
    else api.change(spec);
  } catch (e) {
    // ipneigh_modify exits 2 when the kernel refuses: a batch ends there, even with -force
    if (isNetlinkError(e)) throw new CliError(kernelError(e).message, 2, true);
    throw e;
  }
  return 0;
}

/** The `neighbour` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === undefined) return show(ctx, []);
  const rest = argv.slice(1);
  if (matches(cmd, "add")) return modify(ctx, rest, "add");
  if (matches(cmd, "change") || cmd === "chg") return modify(ctx, rest, "change");
  if (matches(cmd, "replace")) return modify(ctx, rest, "replace");
  if (matches(cmd, "delete")) return modify(ctx, rest, "del");
  if (matches(cmd, "get")) return (await import("./neighbour-get.ts")).get(ctx, rest, usage, printNeigh);
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return show(ctx, rest);
  if (matches(cmd, "flush")) return flush(ctx, rest);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip neigh help".\n`, 255, true);
}
