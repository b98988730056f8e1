/**
 * `ip neighbour show|add|del|change|replace|get|flush` (ip/ipneigh.c of
 * iproute2 6.1): the commands. The filters, the dump and the printers are
 * in neighbour-list.ts, modifications in neighbour-modify.ts, `get` in
 * neighbour-get.ts, flush's rounds in neighbour-flush.ts.
 */
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, failed } from "./errors.ts";
import { modify } from "./neighbour-modify.ts";
import { dumpNeigh, masterWarning, parseFilter, passes, printNeigh, usage } from "./neighbour-list.ts";

function show(ctx: Ctx, argv: string[]): number {
  const f = parseFilter(ctx, argv, false);
  const list = dumpNeigh(ctx, f, "Dump terminated\n").filter((d) => passes(f, d));
  const warn = masterWarning(f, list);
  if (warn) ctx.io.out(warn);
  printRows(ctx, list, (p, d) => printNeigh(p, d.msg, { nameOf: (i) => ctx.names.nameOf(i), filterIndex: f.index, stats: ctx.opts.stats, brief: ctx.opts.brief }));
  return 0;
}

/** The `neighbour` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === undefined) return show(ctx, []);
  const rest = argv.slice(1);
  if (matches(cmd, "add")) return modify(ctx, rest, "add", usage);
  if (matches(cmd, "change") || cmd === "chg") return modify(ctx, rest, "change", usage);
  if (matches(cmd, "replace")) return modify(ctx, rest, "replace", usage);
  if (matches(cmd, "delete")) return modify(ctx, rest, "del", usage);
  if (matches(cmd, "get")) return (await import("./neighbour-get.ts")).get(ctx, rest, usage, printNeigh);
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return show(ctx, rest);
  if (matches(cmd, "flush")) {
    if (rest.length === 0) throw failed("Flush requires arguments.");
    return (await import("./neighbour-flush.ts")).flush(ctx, parseFilter(ctx, rest, true));
  }
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip neigh help".\n`, 255, true);
}
