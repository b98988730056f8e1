/**
 * `ip neigh flush` (ip/ipneigh.c do_show_or_flush of iproute2 6.1): up to
 * 10 rounds of dump, filter and delete, until a dump finds nothing left;
 * each entry goes back to the kernel as the message it was dumped as, with
 * type RTM_DELNEIGH and NLM_F_REQUEST only (no ACK), packed into ip's
 * 3584-byte buffer per send; an error the kernel queued after a send is
 * "Failed to send flush request" (rtnl_send_check; exit 1). With -s the
 * rounds are reported ("Nothing to flush." when there was nothing), with
 * -s -s every entry flushed is printed too; after the first round FAILED
 * entries are left alone.
 */
import { RTM } from "../codecs/rtnetlink.ts";
import type { Ctx } from "./context.ts";
import { CliError, strerror } from "./errors.ts";
import { NUD } from "./neighbour-modify.ts";
import { dumpNeigh, masterWarning, passes, printNeigh, textPrinter, type DumpedNeigh, type NeighFilter } from "./neighbour-list.ts";

const MAX_ROUNDS = 10;
/** sizeof(flushb): char flushb[4096-512]. */
const FLUSH_BUFFER = 4096 - 512;
const NLM_F_REQUEST = 0x01, NLMSG_ERROR = 0x02;

/** The victims' RTM_DELNEIGH messages in ip's send buffers (a new one when the next message would not fit). */
function chunks(victims: readonly DumpedNeigh[], portId: number, seq: { n: number }): Uint8Array[] {
  const out: Uint8Array[] = [];
  let buf = new Uint8Array(FLUSH_BUFFER);
  let used = 0;
  for (const v of victims) {
    const len = 16 + v.payload.length;
    let at = (used + 3) & ~3;
    if (at + len > FLUSH_BUFFER) {
      out.push(buf.slice(0, used));
      buf = new Uint8Array(FLUSH_BUFFER);
      used = 0;
      at = 0;
    }
    const dv = new DataView(buf.buffer);
    dv.setUint32(at, len, true);
    dv.setUint16(at + 4, RTM.DELNEIGH, true);
    dv.setUint16(at + 6, NLM_F_REQUEST, true);
    seq.n = (seq.n + 1) >>> 0;
    dv.setUint32(at + 8, seq.n, true);
    dv.setUint32(at + 12, portId, true);
    buf.set(v.payload, at + 16);
    used = at + len;
  }
  if (used) out.push(buf.slice(0, used));
  return out;
}

/** rtnl_send_check: send, then the errno of the first error the kernel queued (0: none); what was queued is read away. */
function sendCheck(ctx: Ctx, chunk: Uint8Array): number {
  const t = ctx.conn.transport;
  t.send(chunk);
  let errno = 0;
  for (let d = t.recv({ dontWait: true }); d !== null; d = t.recv({ dontWait: true })) {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    for (let off = 0; off + 16 <= d.length && errno === 0;) {
      const len = dv.getUint32(off, true);
      if (len < 16) break;
      if (dv.getUint16(off + 4, true) === NLMSG_ERROR && off + 20 <= d.length) errno = -dv.getInt32(off + 16, true);
      off += (len + 3) & ~3;
    }
  }
  return errno;
}

/** Flush the entries `f` selects (parsed with the flush defaults); the exit status. */
export function flush(ctx: Ctx, f: NeighFilter): number {
  const stats = ctx.opts.stats;
  const seq = { n: Math.floor(Date.now() / 1000) >>> 0 };
  let warned = false;
  for (let round = 0; round < MAX_ROUNDS;) {
    const victims = dumpNeigh(ctx, f, "Flush terminated\n").filter((d) => passes(f, d));
    const warn = warned ? "" : masterWarning(f, victims);
    if (warn) {
      warned = true;
      ctx.io.out(warn);
    }
    if (stats >= 2) {
      const p = textPrinter(ctx);
      for (const d of victims) {
        p.obj();
        printNeigh(p, d.msg, { nameOf: (i) => ctx.names.nameOf(i), filterIndex: f.index, stats, brief: ctx.opts.brief });
        p.endObj();
      }
      ctx.io.out(p.take());
    }
    if (victims.length === 0) {
      if (stats) ctx.io.out(round === 0 ? "Nothing to flush.\n" : `*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
      return 0;
    }
    round++;
    for (const c of chunks(victims, ctx.conn.portId, seq)) {
      const errno = sendCheck(ctx, c);
      if (errno) throw new CliError(`Failed to send flush request: ${strerror(errno)}\n`, 1, true);
    }
    if (stats) ctx.io.out(`\n*** Round ${round}, deleting ${victims.length} entries ***\n`);
    f.state &= ~NUD.FAILED;
  }
  ctx.io.out(`*** Flush not complete bailing out after ${MAX_ROUNDS} rounds\n`);
  return 1;
}
