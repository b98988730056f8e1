/**
 * The listing side of `ip neighbour` (ip/ipneigh.c of iproute2 6.1),
 * shared by show, get and flush: do_show_or_flush's filter and its
 * grammar (to PREFIX, dev, nud STATE, proxy, master / vrf / nomaster,
 * protocol, unused), the dump request ip sends (ndm_family, NTF_PROXY,
 * NDA_IFINDEX, NDA_MASTER), print_neigh's filter chain, and the printers.
 */
import { neighMessage, NDA, type NeighMessage } from "../codecs/neigh/index.ts";
import { RT_PROTOCOLS } from "../codecs/rule/tables.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { parseIP } from "../lib/ip.ts";
import { LinkApi } from "../lib/rtnl/link/api.ts";
import { Args, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, dumpErrorText, duparg, invarg, isNetlinkError, nodev } from "./errors.ts";
import { PROTOS } from "../lib/format/names.ts";
import { Printer } from "../lib/format/printer.ts";
import { printNeighbour } from "../lib/format/neighbour.ts";
import { toNeighbour } from "../lib/rtnl/neighbour/model.ts";
import { getPrefix, prefixPasses, type InetAddr } from "./neighbour-addr.ts";
import { NdRequest, NTF, NUD, nudState } from "./neighbour-modify.ts";
import { NEIGH_USAGE } from "./usage-texts.ts";

/** `ip neigh help`: the usage text, status 255. */
export const usage = (): CliError => new CliError(NEIGH_USAGE, 255, true);

/** ip's `filter` of do_show_or_flush (32-bit state mask as ip keeps it in an int). */
export interface NeighFilter {
  family: number;
  index: number;
  state: number;
  pfx?: InetAddr;
  /** ndm_flags of the dump request: NTF_PROXY with `proxy`. */
  ndmFlags: number;
  /** NDA_MASTER of the dump request: an ifindex, -1 for `nomaster`, 0 for none. */
  master: number;
  protocol: number;
  unused: boolean;
}

/** One dumped message: its payload bytes (what flush sends back), nlmsg flags and decoded form. */
export interface DumpedNeigh {
  payload: Uint8Array;
  nlFlags: number;
  msg: NeighMessage;
}

/** do_show_or_flush's argument loop (`flush`: the flush defaults, "nud all" without NOARP). */
export function parseFilter(ctx: Ctx, argv: string[], flush: boolean): NeighFilter {
  const f: NeighFilter = {
    family: ctx.opts.family, index: 0, state: flush ? ~(NUD.PERMANENT | NUD.NOARP) : 0xff & ~NUD.NOARP,
    ndmFlags: 0, master: 0, protocol: 0, unused: false,
  };
  let dev: string | undefined;
  let stateGiven = false;
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (w === "dev") {
      const v = a.value();
      if (dev !== undefined) throw duparg("dev", v);
      dev = v;
    } else if (w === "master") {
      const v = a.value();
      const i = ctx.names.indexOf(v);
      if (!i) throw invarg("Device does not exist\n", v);
      f.master = i;
    } else if (w === "vrf") {
      const v = a.value();
      const i = ctx.names.indexOf(v);
      if (!i || new LinkApi(ctx.conn).get(i).kind !== "vrf") throw invarg("Not a valid VRF name\n", v);
      f.master = i;
    } else if (w === "nomaster") f.master = -1;
    else if (w === "unused") f.unused = true;
    else if (w === "nud") {
      const v = a.value();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let s = nudState(v);
      if (s === undefined) {
        if (v !== "all") throw invarg("nud state is bad", v);
        s = ~0;
        if (flush) s &= ~NUD.NOARP;
      }
      if (s === 0) s = 0x100;
      f.state |= s;
    } else if (w === "proxy") f.ndmFlags = NTF.PROXY;
    else if (matches(w, "protocol")) {
      const v = a.value();
      let pr = PROTOS.id(v);
      if (pr === undefined || pr > 255) {
        if (v !== "all") throw invarg('invalid "protocol"\n', v);
        pr = 0;
      }
      f.protocol = pr;
    } else {
      let v = w;
      if (v === "to") v = a.value();
      if (matches(v, "help")) throw usage();
      f.pfx = getPrefix(v, f.family);
      if (f.family === AF.UNSPEC) f.family = f.pfx.family;
    }
  }
  if (dev !== undefined) {
    f.index = ctx.names.indexOf(dev);
    if (!f.index) throw nodev(dev);
  }
  return f;
}

/**
 * rtnl_neighdump_req with ipneigh_dump_filter: ndm_family, ndm_flags,
 * NDA_IFINDEX and NDA_MASTER; every answer with its bytes. A dump error
 * ends as ip's does: the kernel's message, then `terminated` (exit 1).
 */
export function dumpNeigh(ctx: Ctx, f: NeighFilter, terminated: string): DumpedNeigh[] {
  const req = new NdRequest(16 + 12 + 256);
  req.family = f.family & 0xff;
  req.flags = f.ndmFlags;
  const u32 = (v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return b;
  };
  if (f.index) req.add(NDA.IFINDEX, u32(f.index));
  if (f.master) req.add(NDA.MASTER, u32(f.master));
  const payload = req.payload();
  const out: DumpedNeigh[] = [];
  try {
    ctx.conn.raw(RTM.GETNEIGH, 0, (w) => w.bytes(payload), (buf, dv, off, end, type, flags) => {
      if (type !== RTM.NEWNEIGH) return;
      out.push({ payload: buf.slice(off, end), nlFlags: flags, msg: neighMessage.decode(buf, dv, off, end) });
    }, true);
  } catch (e) {
    if (isNetlinkError(e)) throw new CliError(dumpErrorText(e) + terminated, 1, true);
    throw e;
  }
  return out;
}

/** print_neigh's filters (family, dev, state, to PREFIX, protocol, unused) for one dumped message. */
export function passes(f: NeighFilter, d: DumpedNeigh): boolean {
  const m = d.msg;
  const state = new DataView(d.payload.buffer, d.payload.byteOffset).getUint16(8, true);
  const flags = d.payload[10]!;
  if (f.family && f.family !== m.family) return false;
  if (f.index && f.index !== m.ifindex) return false;
  if (!(f.state & state) && !(flags & NTF.PROXY) && !(flags & NTF.EXT_LEARNED) && (state || !(f.state & 0x100))) return false;
  if (!prefixPasses(f.pfx, m.attrs.dst === undefined ? undefined : parseIP(m.attrs.dst).bytes)) return false;
  const protocol = m.attrs.protocol === undefined ? 0 : RT_PROTOCOLS.value(m.attrs.protocol, "protocol", 0xff);
  if (f.protocol && f.protocol !== protocol) return false;
  if (f.unused && m.attrs.cacheinfo && m.attrs.cacheinfo.refcnt) return false;
  return true;
}

/** ip's "WARNING: Kernel does not support filtering by master device", once, when a kept entry was not filtered by the kernel. */
export function masterWarning(f: NeighFilter, list: readonly DumpedNeigh[]): string {
  return f.master && list.some((d) => !(d.nlFlags & 0x20)) ? "\nWARNING: Kernel does not support filtering by master device\n\n" : "";
}

/** print_neigh of ip 6.1 for a decoded message: lib/format/neighbour.ts renders its model (caller opens/closes the JSON object). */
export function printNeigh(
  p: Printer, m: NeighMessage, o: { nameOf(i: number): string; filterIndex: number; stats: number; brief?: boolean }, kind: "new" | "del" | "get" = "new",
): void {
  printNeighbour(p, toNeighbour(m), { devName: (i) => o.nameOf(i), hideDev: o.filterIndex !== 0, stats: o.stats, kind, brief: o.brief === true });
}

/** A text printer with the run's colour and oneline settings (ip prints text where it sets up no JSON writer). */
export function textPrinter(ctx: Ctx): Printer {
  const color = ctx.opts.color === "never" || ctx.opts.json ? undefined : ctx.color;
  return new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline, ...(color ? { color } : {}) });
}
