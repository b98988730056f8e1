/**
 * `ip neigh get ADDRESS dev NAME` / `ip neigh get proxy ADDRESS dev NAME`
 * (ip/ipneigh.c ipneigh_get of iproute2 6.1): one RTM_GETNEIGH request
 * without NLM_F_ACK, ndm_family the address's (in the family ip was given:
 * -0 reads a link-layer address, which the kernel refuses), the answer
 * printed as `show` prints an entry, with its device.
 */
import { NDA, neighMessage, type NeighMessage } from "../codecs/neigh/index.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, duparg, duparg2, failed, incomplete, isNetlinkError, kernelError } from "./errors.ts";
import type { Printer } from "../lib/format/printer.ts";
import { textPrinter } from "./neighbour-list.ts";
import { getAddr, type InetAddr } from "./neighbour-addr.ts";
import { NdRequest, NTF } from "./neighbour-modify.ts";

/** How neighbour.ts prints an entry (its printNeigh, passed in). */
type PrintNeigh = (p: Printer, m: NeighMessage, o: { nameOf(i: number): string; filterIndex: number; stats: number; brief?: boolean }) => void;

/** Run `neigh get`; `usage` is the object's usage error, `printNeigh` its entry printer. */
export function get(ctx: Ctx, argv: string[], usage: () => CliError, printNeigh: PrintNeigh): number {
  const req = new NdRequest(16 + 12 + 1024);
  let dev: string | undefined;
  let devOk = false;
  let dst: InetAddr | undefined;
  const pf = ctx.opts.family;
  for (let i = 0; i < argv.length; i++) {
    let w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (w === "dev") {
      dev = next();
      devOk = true;
    } else if (matches(w, "proxy")) {
      const v = next();
      if (matches(v, "help")) throw usage();
      if (dst) throw duparg("address", v);
      dst = getAddr(v, pf);
      devOk = true;
      req.flags |= NTF.PROXY;
    } else {
      if (w === "to") w = next();
      if (matches(w, "help")) throw usage();
      if (dst) throw duparg2("to", w);
      dst = getAddr(w, pf);
    }
  }
  if (!devOk || !dst || dst.family === AF.UNSPEC) throw failed("Device and address are required arguments.");
  req.family = dst.family;
  if (!req.add(NDA.DST, dst.bytes)) throw failed(req.error);
  if (dev !== undefined) {
    req.ifindex = ctx.names.indexOf(dev);
    if (!req.ifindex) throw failed(`Cannot find device "${dev}"`);
  }
  let m: NeighMessage;
  try {
    m = req.ask(ctx, RTM.GETNEIGH, neighMessage);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  // ip prints text here even with -j (ipneigh_get sets up no JSON writer), coloured with -c
  const p = textPrinter(ctx);
  printNeigh(p, m, { nameOf: (i) => ctx.names.nameOf(i), filterIndex: 0, stats: ctx.opts.stats, brief: ctx.opts.brief });
  ctx.io.out(p.take());
  return 0;
}
