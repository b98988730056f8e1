/**
 * `ip neigh get ADDRESS dev NAME` / `ip neigh get proxy ADDRESS dev NAME`
 * (ip/ipneigh.c ipneigh_get of iproute2 6.1): one RTM_GETNEIGH request,
 * the answer printed as `show` prints an entry, with its device.
 */
import { NeighbourApi, type NeighMessage } from "../lib/rtnl/neighbour/api.ts";
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, duparg, duparg2, failed, incomplete, isNetlinkError, kernelError } from "./errors.ts";
import { Printer } from "../lib/format/printer.ts";
import { needAddr } from "./prefix.ts";

/** How neighbour.ts prints an entry (passed in: no import back). */
type PrintNeigh = (p: Printer, m: NeighMessage, o: { nameOf(i: number): string; filterIndex: number; stats: number; brief?: boolean }) => void;

/** Run `neigh get`; `usage` is the object's usage error, `printNeigh` its entry printer. */
export function get(ctx: Ctx, argv: string[], usage: () => CliError, printNeigh: PrintNeigh): number {
  let dev: string | undefined;
  let dst: { family: number; text: string } | undefined;
  let proxy = false;
  const fam = ctx.opts.family;
  for (let i = 0; i < argv.length; i++) {
    let w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (w === "dev") dev = next();
    else if (matches(w, "proxy")) {
      const v = next();
      if (matches(v, "help")) throw usage();
      if (dst) throw duparg("address", v);
      dst = needAddr(v, fam);
      proxy = true;
      dev ??= "";
    } else {
      if (w === "to") w = next();
      if (matches(w, "help")) throw usage();
      if (dst) throw duparg2("to", w);
      dst = needAddr(w, fam);
    }
  }
  if (dev === undefined || dst === undefined) throw failed("Device and address are required arguments.");
  let ifindex = 0;
  if (dev !== "") {
    ifindex = ctx.names.indexOf(dev);
    if (!ifindex) throw failed(`Cannot find device "${dev}"`);
  }
  let m: NeighMessage;
  try {
    m = new NeighbourApi(ctx.conn).getMessage({ family: dst.family, ifindex, dst: dst.text, proxy });
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  // ip prints text here even with -j (ipneigh_get sets up no JSON writer)
  const p = new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline });
  printNeigh(p, m, { nameOf: (i) => ctx.names.nameOf(i), filterIndex: 0, stats: ctx.opts.stats, brief: ctx.opts.brief });
  ctx.io.out(p.take());
  return 0;
}
