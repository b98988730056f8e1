/**
 * `ip netconf show [dev NAME]` (ip/ipnetconf.c of iproute2 6.1): the
 * per-device IP settings through the library's NetconfApi. With a device
 * and a family (-4/-6) it asks for that one entry (printed as text even
 * with -j, as ip does); otherwise it dumps and filters by family and device.
 */
import { NetconfApi, type NetconfEntry } from "../lib/rtnl/netconf/api.ts";
import { printNetconf } from "../lib/format/netconf.ts";
import { matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, failed, incomplete, isNetlinkError, kernelError } from "./errors.ts";
import { Printer } from "../lib/format/printer.ts";

const print = (ctx: Ctx, p: Printer, e: NetconfEntry): void => printNetconf(p, e, { devName: (i) => ctx.names.nameOf(i) });

function show(ctx: Ctx, argv: string[]): number {
  const family = ctx.opts.family;
  let ifindex = 0;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== "dev") continue; // ip skips any other word
    if (++i >= argv.length) throw incomplete();
    ifindex = ctx.names.indexOf(argv[i]!);
    if (ifindex <= 0) throw failed(`Device "${argv[i]}" does not exist.`);
  }
  const api = new NetconfApi(ctx.conn);
  if (ifindex && family !== AF.UNSPEC) {
    let e: NetconfEntry;
    try {
      e = api.get(family, ifindex);
    } catch (err) {
      if (isNetlinkError(err)) throw new CliError(kernelError(err).message, 2, true);
      throw err;
    }
    // text even with -j (ip prints the one entry with json off), coloured only without -j (check_enable_color)
    const p = ctx.opts.json ? new Printer({ json: false, pretty: false, oneline: false }) : ctx.printer();
    if (e.family === family || !family) print(ctx, p, e);
    ctx.io.out(p.take());
    return 0;
  }
  let entries: NetconfEntry[];
  try {
    entries = api.list({ family });
  } catch (err) {
    if (!isNetlinkError(err)) throw err;
    if (ctx.opts.json) ctx.io.out("[");
    throw new CliError(kernelError(err).message + "Dump terminated\n", 1, true);
  }
  const p = ctx.printer();
  p.arr(null);
  for (const e of entries) {
    if (family && e.family !== family) continue;
    if (ifindex && (e.ifindex ?? 0) !== ifindex) continue;
    print(ctx, p, e);
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : p.take());
  return 0;
}

/** The `netconf` object (do_ipnetconf). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  if (cmd === undefined) return show(ctx, []);
  if (matches(cmd, "show") || matches(cmd, "lst") || matches(cmd, "list")) return show(ctx, argv.slice(1));
  if (matches(cmd, "help")) throw new CliError("Usage: ip netconf show [ dev STRING ]\n", 255, true);
  throw new CliError(`Command "${cmd}" is unknown, try "ip netconf help".\n`, 255, true);
}
