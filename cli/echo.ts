/**
 * `ip -echo` (iproute2 6.1's rtnl_echo_talk): the request that makes a
 * change, in the modify commands of `route`, `address`, `link`, `rule` and
 * `nexthop`, goes out with NLM_F_ECHO|NLM_F_ACK, and the first answer the
 * kernel sends for it (its echo of the change) is printed by the object's
 * print function, "Deleted " before a removal. With -j the print goes
 * between a JSON array and object, `[{...}]`; route, rule and nexthop open
 * their own object inside it as ip's print functions do (`[{{...}}]`).
 * Where the kernel echoes nothing (`link set`: only the ACK) text prints
 * nothing and -j `[{}]`.
 *
 * The tap sits on the run's transport (Ctx wraps it when -echo is given)
 * and changes only the first modify request sent while a command is armed;
 * every other request and answer passes as it is.
 */
import { HOST_LE } from "../codecs/core/align.ts";
import { NLM_F_ACK, NLM_F_ECHO, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP } from "../codecs/core/constants.ts";
import { decodeDatagram } from "../lib/monitor/decode-event.ts";
import type { Transport } from "../lib/transport/transport.ts";
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";

/** RTM_NEWLINK/DELLINK/SETLINK, NEWADDR/DELADDR, NEWROUTE/DELROUTE, NEWRULE/DELRULE, NEWNEXTHOP/DELNEXTHOP. */
const MODIFY_TYPES = new Set([16, 17, 19, 20, 21, 24, 25, 32, 33, 104, 105]);

/** The modify verbs of the objects ip echoes (their *_modify functions), by dispatch.ts's object names. */
const ECHOED: Readonly<Record<string, readonly string[]>> = {
  route: ["add", "change", "chg", "replace", "prepend", "append", "test", "delete"],
  address: ["add", "change", "chg", "replace", "delete"],
  link: ["add", "set", "change", "replace", "delete"],
  rule: ["add", "delete"],
  nexthop: ["add", "replace", "delete"],
};

/** Objects that print their own JSON object inside rtnl_echo_talk's. */
const OWN_OBJECT = new Set(["route", "rule", "nexthop"]);

/** The echo tap of one run: arms per command, changes one request, keeps the kernel's echo of it. */
export class EchoTap {
  private armed = false;
  /** The sequence number of the request sent with NLM_F_ECHO (-1: none since armed). */
  private seq = -1;
  private captured: Uint8Array | undefined;

  /** `t` with this tap on the requests it sends and the answers it returns. */
  wrap(t: Transport): Transport {
    return {
      get portId() {
        return t.portId;
      },
      get closed() {
        return t.closed;
      },
      send: (data) => t.send(this.outgoing(data)),
      recv: (opts) => {
        const r = t.recv(opts);
        if (r !== null && this.seq >= 0 && this.captured === undefined) this.incoming(r);
        return r;
      },
      waitReadable: (ms) => t.waitReadable(ms),
      ...(t.receiveBufferSize ? { receiveBufferSize: () => t.receiveBufferSize!() } : {}),
      ...(t.readAhead ? { readAhead: (seq, engine) => t.readAhead!(seq, engine) } : {}),
      setNetlinkOption: (o, on) => t.setNetlinkOption(o, on),
      close: () => t.close(),
      [Symbol.dispose]: () => t.close(),
    };
  }

  /** Echo the next modify request. */
  arm(): void {
    this.armed = true;
    this.seq = -1;
    this.captured = undefined;
  }

  /** Disarm: whether a request went out with NLM_F_ECHO, and the kernel's echo of it (nlmsghdr included) if one came. */
  take(): { sent: boolean; echo: Uint8Array | undefined } {
    const r = { sent: this.seq >= 0, echo: this.captured };
    this.armed = false;
    this.seq = -1;
    this.captured = undefined;
    return r;
  }

  private outgoing(data: Uint8Array): Uint8Array {
    if (!this.armed || data.length < 16) return data;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    if (!MODIFY_TYPES.has(dv.getUint16(4, HOST_LE))) return data;
    const out = data.slice();
    const odv = new DataView(out.buffer);
    odv.setUint16(6, odv.getUint16(6, HOST_LE) | NLM_F_ECHO | NLM_F_ACK, HOST_LE);
    this.armed = false;
    this.seq = odv.getUint32(8, HOST_LE);
    return out;
  }

  private incoming(buf: Uint8Array): void {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let off = 0; off + 16 <= buf.length; ) {
      const len = dv.getUint32(off, HOST_LE);
      if (len < 16 || off + len > buf.length) return;
      const type = dv.getUint16(off + 4, HOST_LE);
      if (dv.getUint32(off + 8, HOST_LE) === this.seq && type !== NLMSG_ERROR && type !== NLMSG_DONE && type !== NLMSG_NOOP) {
        this.captured = buf.slice(off, off + len);
        return;
      }
      off += (len + 3) & ~3;
    }
  }
}

/**
 * Run the command (`object` as dispatch.ts names it, `verb` the word after
 * it) with the run's echo tap armed when ip echoes that command, then print
 * what the kernel echoed. Nothing is printed when the command fails or sent
 * no change.
 */
export async function withEcho(ctx: Ctx, tap: EchoTap, object: string, verb: string | undefined, command: () => number | Promise<number>): Promise<number> {
  const verbs = ECHOED[object];
  if (verbs === undefined || verb === undefined || !verbs.some((v) => matches(verb, v) || (v === "delete" && verb === "del"))) return command();
  tap.arm();
  let code: number;
  try {
    code = await command();
  } catch (e) {
    tap.take();
    throw e;
  }
  const { sent, echo } = tap.take();
  if (code !== 0 || !sent) return code;
  const p = ctx.printer();
  p.arr(null);
  p.obj();
  const own = OWN_OBJECT.has(object) && p.json;
  if (echo !== undefined) {
    const { printEvent } = await import("./monitor-format.ts");
    decodeDatagram(echo, (ev) => {
      if (ev.kind !== "new" && ev.kind !== "del") return;
      if (own) p.obj();
      printEvent(p, ctx, ev);
      if (own) p.endObj();
    });
  }
  p.endObj();
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : p.take());
  return code;
}
