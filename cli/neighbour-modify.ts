/**
 * `ip neigh add|change|replace|del` (ip/ipneigh.c ipneigh_modify of
 * iproute2 6.1) and the request both it and `neigh get` build: struct
 * ndmsg then the attributes in ip's order (NDA_PROTOCOL as each
 * `protocol` is read, NDA_DST, NDA_FLAGS_EXT, NDA_LLADDR), each checked
 * against ip's buffer as addattr_l does. The destination is read in the
 * family ip was given (-0: a link-layer address, sent as AF_PACKET for
 * the kernel to refuse); what the kernel answers is left to it.
 */
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../codecs/core/constants.ts";
import type { MessageCodec } from "../codecs/core/message.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { NDA } from "../codecs/neigh/index.ts";
import { PROTOS } from "../lib/format/names.ts";
import { Args, getUnsigned, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, duparg, duparg2, failed, invarg, isNetlinkError, kernelError, nodev } from "./errors.ts";
import { getAddr, llAddrA2n, type InetAddr } from "./neighbour-addr.ts";

/** NUD_* states (linux/neighbour.h). */
export const NUD = { INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, PROBE: 0x10, FAILED: 0x20, NOARP: 0x40, PERMANENT: 0x80 } as const;
/** NTF_* flags of ndm_flags (linux/neighbour.h). */
export const NTF = { USE: 0x01, PROXY: 0x08, EXT_LEARNED: 0x10, ROUTER: 0x80 } as const;
const NTF_EXT_MANAGED = 0x01;

/** nud_state_a2n's names: [name, state, matched by prefix (ip's matches) rather than exactly (strcmp)]. */
const NUD_WORDS: Array<[string, number, boolean]> = [
  ["permanent", NUD.PERMANENT, true], ["reachable", NUD.REACHABLE, true], ["noarp", NUD.NOARP, false], ["none", 0, false],
  ["stale", NUD.STALE, false], ["incomplete", NUD.INCOMPLETE, false], ["delay", NUD.DELAY, false], ["probe", NUD.PROBE, false],
  ["failed", NUD.FAILED, true],
];

/**
 * ip's nud_state_a2n: "permanent", "reachable" and "failed" by prefix, the
 * other names exactly ("none" is 0); else a number (get_unsigned base 0)
 * below 0x100 with at most one bit set.
 */
export function nudState(word: string): number | undefined {
  for (const [name, v, prefix] of NUD_WORDS) if (prefix ? matches(word, name) : word === name) return v;
  const n = getUnsigned(word);
  return n === undefined || n >= 0x100 || (n & (n - 1)) !== 0 ? undefined : n;
}

/** The payload codec of a request built here: the bytes as they are. */
const RAW: MessageCodec<Uint8Array> = {
  name: "ndmsg",
  encode(w, m) {
    w.bytes(m);
  },
  decode(buf, _dv, off, end) {
    return buf.slice(off, end);
  },
};

/** An RTM_*NEIGH request as ip fills its `req`: ndmsg, then attributes within `maxlen` bytes (sizeof(req)). */
export class NdRequest {
  family = 0;
  ifindex = 0;
  state = 0;
  flags = 0;
  private len = 16 + 12;
  private readonly attrs: Array<[number, Uint8Array]> = [];

  constructor(private readonly maxlen: number) {}

  /** addattr_l: false (and ip's message in `error`) when the attribute does not fit. */
  add(type: number, data: Uint8Array): boolean {
    const alen = (4 + data.length + 3) & ~3;
    if (((this.len + 3) & ~3) + alen > this.maxlen) {
      this.error = `addattr_l ERROR: message exceeded bound of ${this.maxlen}\n`;
      return false;
    }
    this.len = ((this.len + 3) & ~3) + alen;
    this.attrs.push([type, data]);
    return true;
  }

  /** The message of the last refused add. */
  error = "";

  /** ndmsg and the attributes, as the payload after struct nlmsghdr. */
  payload(): Uint8Array {
    const out = new Uint8Array(this.len - 16);
    const dv = new DataView(out.buffer);
    out[0] = this.family;
    dv.setInt32(4, this.ifindex, true);
    dv.setUint16(8, this.state, true);
    out[10] = this.flags;
    let p = 12;
    for (const [type, data] of this.attrs) {
      dv.setUint16(p, 4 + data.length, true);
      dv.setUint16(p + 2, type, true);
      out.set(data, p + 4);
      p += (4 + data.length + 3) & ~3;
    }
    return out;
  }

  /** Send with NLM_F_ACK (rtnl_talk without an answer). */
  talk(ctx: Ctx, type: number, flags: number): void {
    ctx.conn.ack(type, flags, RAW, this.payload());
  }

  /** Send without NLM_F_ACK and decode the one answer with `answer` (rtnl_talk with an answer). */
  ask<R>(ctx: Ctx, type: number, answer: MessageCodec<R>): R {
    return ctx.conn.get(type, RAW, this.payload(), answer);
  }
}

/** How an ip neigh modification ends: `cmd` picks ip's nlmsg flags. */
export type ModifyCommand = "add" | "change" | "replace" | "del";

const FLAGS: Record<ModifyCommand, number> = {
  add: NLM_F_CREATE | NLM_F_EXCL, change: NLM_F_REPLACE, replace: NLM_F_CREATE | NLM_F_REPLACE, del: 0,
};

/** ipneigh_modify: parse as ip does (get_addr in the -4/-6/-0/-M/-B family), build its request, let the kernel judge it. */
export function modify(ctx: Ctx, argv: string[], cmd: ModifyCommand, usage: () => CliError): number {
  const req = new NdRequest(16 + 12 + 256);
  req.state = NUD.PERMANENT;
  const pf = ctx.opts.family;
  const a = new Args(argv);
  let ext = 0;
  let dev: string | undefined;
  let dst: InetAddr | undefined;
  let devOk = false;
  let lla: string | undefined;
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
      req.state = s;
    } else if (matches(w, "proxy")) {
      const v = a.value();
      if (matches(v, "help")) throw usage();
      if (dst) throw duparg("address", v);
      dst = getAddr(v, pf);
      devOk = true;
      req.flags |= NTF.PROXY;
    } else if (w === "router") req.flags |= NTF.ROUTER;
    else if (w === "use") req.flags |= NTF.USE;
    else if (w === "managed") {
      ext |= NTF_EXT_MANAGED;
      req.state = 0;
    } else if (matches(w, "extern_learn")) req.flags |= NTF.EXT_LEARNED;
    else if (w === "dev") {
      dev = a.value();
      devOk = true;
    } else if (matches(w, "protocol")) {
      const v = a.value();
      const pr = PROTOS.id(v);
      if (pr === undefined || pr > 255) throw invarg('"protocol" value is invalid\n', v);
      if (!req.add(NDA.PROTOCOL, Uint8Array.of(pr))) throw failed(req.error);
    } else {
      let v = w;
      if (v === "to") v = a.value();
      if (matches(v, "help")) v = a.value();
      if (dst) throw duparg2("to", v);
      dst = getAddr(v, pf);
    }
  }
  if (!devOk || !dst || dst.family === AF.UNSPEC) throw new CliError("Device and destination are required arguments.\n", 255, true);
  req.family = dst.family;
  if (!req.add(NDA.DST, dst.bytes)) throw failed(req.error);
  if (ext) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, ext, true);
    if (!req.add(NDA.FLAGS_EXT, b)) throw failed(req.error);
  }
  if (lla !== undefined && lla !== "null") {
    const l = llAddrA2n(lla, 20);
    if (!l.bytes) throw failed(l.stderr); // ll_addr_a2n printed why; ipneigh_modify returns -1
    if (!req.add(NDA.LLADDR, l.bytes)) throw failed(req.error);
  }
  if (dev !== undefined) {
    req.ifindex = ctx.names.indexOf(dev);
    if (!req.ifindex) throw nodev(dev);
  }
  try {
    req.talk(ctx, cmd === "del" ? RTM.DELNEIGH : RTM.NEWNEIGH, FLAGS[cmd]);
  } catch (e) {
    // ipneigh_modify exits 2 when the kernel refuses: a batch ends there, even with -force
    if (isNetlinkError(e)) throw new CliError(kernelError(e).message, 2, true);
    throw e;
  }
  return 0;
}
