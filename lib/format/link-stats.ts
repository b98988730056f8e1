/**
 * `-s` link statistics (IFLA_STATS64, struct rtnl_link_stats64,
 * linux/if_link.h) with ip 6.1's JSON keys ("stats64": rx/tx objects,
 * error details with -s -s) and its column layout in text.
 */
import type { Printer } from "./printer.ts";

type Stats = Record<string, number | bigint>;

const n = (s: Stats, k: string): bigint => BigInt(s[k] ?? 0);


/** Print the stats64 block; `level` is the number of -s given (1 or more); `human`: -human (with -iec or not). */
export function printStats64(p: Printer, s: Stats, carrierChanges: number | undefined, level: number, human?: { iec: boolean }): void {
  if (p.json) {
    p.obj("stats64");
    p.obj("rx");
    p.num("bytes", null, n(s, "rxBytes"));
    p.num("packets", null, n(s, "rxPackets"));
    p.num("errors", null, n(s, "rxErrors"));
    p.num("dropped", null, n(s, "rxDropped"));
    p.num("over_errors", null, n(s, "rxOverErrors"));
    p.num("multicast", null, n(s, "multicast"));
    if (n(s, "rxCompressed")) p.num("compressed", null, n(s, "rxCompressed"));
    if (level > 1) {
      p.num("length_errors", null, n(s, "rxLengthErrors"));
      p.num("crc_errors", null, n(s, "rxCrcErrors"));
      p.num("frame_errors", null, n(s, "rxFrameErrors"));
      p.num("fifo_errors", null, n(s, "rxFifoErrors"));
      p.num("missed_errors", null, n(s, "rxMissedErrors"));
      if (n(s, "rxNohandler")) p.num("nohandler", null, n(s, "rxNohandler"));
      if (n(s, "rxOtherhostDropped")) p.num("otherhost", null, n(s, "rxOtherhostDropped"));
    }
    p.endObj();
    p.obj("tx");
    p.num("bytes", null, n(s, "txBytes"));
    p.num("packets", null, n(s, "txPackets"));
    p.num("errors", null, n(s, "txErrors"));
    p.num("dropped", null, n(s, "txDropped"));
    p.num("carrier_errors", null, n(s, "txCarrierErrors"));
    p.num("collisions", null, n(s, "collisions"));
    if (n(s, "txCompressed")) p.num("compressed", null, n(s, "txCompressed"));
    if (level > 1) {
      p.num("aborted_errors", null, n(s, "txAbortedErrors"));
      p.num("fifo_errors", null, n(s, "txFifoErrors"));
      p.num("window_errors", null, n(s, "txWindowErrors"));
      p.num("heartbeat_errors", null, n(s, "txHeartbeatErrors"));
      if (carrierChanges !== undefined) p.num("carrier_changes", null, carrierChanges);
    }
    p.endObj();
    p.endObj();
    return;
  }
  // ip 6.1 print_stats64: columns at least as wide as these words, grown to the widest number (not with -human)
  const cols = [10, 7, 6, 7, 7, 7, 10, 9];
  const size = (v: bigint[]) => {
    if (!human) v.forEach((x, i) => (cols[i] = Math.max(cols[i]!, String(x).length)));
  };
  const rx = [n(s, "rxBytes"), n(s, "rxPackets"), n(s, "rxErrors"), n(s, "rxDropped"), n(s, "rxMissedErrors"), n(s, "multicast"), n(s, "rxCompressed")];
  const rxe = [n(s, "rxLengthErrors"), n(s, "rxCrcErrors"), n(s, "rxFrameErrors"), n(s, "rxFifoErrors"), n(s, "rxOverErrors"), n(s, "rxNohandler"), n(s, "rxOtherhostDropped")];
  const tx = [n(s, "txBytes"), n(s, "txPackets"), n(s, "txErrors"), n(s, "txDropped"), n(s, "txCarrierErrors"), n(s, "collisions"), n(s, "txCompressed")];
  const txe = [n(s, "txAbortedErrors"), n(s, "txFifoErrors"), n(s, "txWindowErrors"), n(s, "txHeartbeatErrors")];
  const cc = carrierChanges !== undefined ? BigInt(carrierChanges) : undefined;
  size([...rx, 0n]);
  if (level > 1) size([0n, ...rxe]);
  size([...tx, 0n]);
  if (level > 1) size([0n, 0n, ...txe, cc ?? 0n, 0n]); // ip sizes this row one column to the right of where it prints it
  const sl = p.sl;
  const pad = (w: number, t: string) => t.padStart(w);
  const num = (i: number, x: bigint) => printNum(cols[i]!, x, human);
  const [c0, c1, c2, c3, c4, c5, c6, c7] = cols as [number, number, number, number, number, number, number, number];
  let out = `    RX: ${pad(c0 - 4, "bytes")} ${pad(c1, "packets")} ${pad(c2, "errors")} ${pad(c3, "dropped")} ${pad(c4, "missed")} ${pad(c5, "mcast")} ${pad(c6, rx[6] ? "compressed" : "")}${sl}`;
  out += "    " + rx.slice(0, 6).map((x, i) => num(i, x)).join("") + (rx[6] ? num(6, rx[6]) : "");
  if (level > 1) {
    out += sl + `    RX errors:${pad(c0 - 10, "")} ${pad(c1, "length")} ${pad(c2, "crc")} ${pad(c3, "frame")} ${pad(c4, "fifo")} ${pad(c5, "overrun")}`;
    out += (rxe[5] ? pad(c6 + 1, " nohandler") : "") + (rxe[6] ? pad(c7 + 1, " otherhost") : "") + sl;
    out += " ".repeat(c0 + 5) + rxe.slice(0, 5).map((x, i) => num(i + 1, x)).join("") + (rxe[5] ? num(6, rxe[5]) : "") + (rxe[6] ? num(7, rxe[6]) : "");
  }
  out += sl + `    TX: ${pad(c0 - 4, "bytes")} ${pad(c1, "packets")} ${pad(c2, "errors")} ${pad(c3, "dropped")} ${pad(c4, "carrier")} ${pad(c5, "collsns")} ${pad(c6, tx[6] ? "compressed" : "")}${sl}`;
  out += "    " + tx.slice(0, 6).map((x, i) => num(i, x)).join("") + (tx[6] ? num(6, tx[6]) : "");
  if (level > 1) {
    out += sl + `    TX errors:${pad(c0 - 10, "")} ${pad(c1, "aborted")} ${pad(c2, "fifo")} ${pad(c3, "window")} ${pad(c4, "heartbt")} ${pad(c5, cc !== undefined ? "transns" : "")}${sl}`;
    out += " ".repeat(c0 + 5) + txe.map((x, i) => num(i + 1, x)).join("") + (cc !== undefined ? num(5, cc) : "");
  }
  p.text(out);
}

/**
 * ip's print_num: the count right-aligned in `width` and a blank; with
 * -human a count of at least 1000 (1024 with -iec) is scaled to k/M/G/T/P/E
 * with up to two decimals (printf's %.*f of the quotient), "i" after with -iec.
 */
export function printNum(width: number, count: bigint, human?: { iec: boolean }): string {
  const base = human?.iec ? 1024n : 1000n;
  if (!human || count < base) return String(count).padStart(width) + " ";
  const prefix = "kMGTPE";
  let k = 0;
  let powi = 1n;
  for (;;) {
    powi *= base;
    if (count / base < powi || k + 1 >= prefix.length) break;
    k++;
  }
  let precision = 2;
  for (let powj = 10n; precision > 0; precision--, powj *= 10n) if (count / powi < powj) break;
  // printf rounds the double count/powi; toFixed does too, but takes an exact tie up where printf takes it to even.
  // The quotient is a double tie only when it is one exactly and dyadic (-iec, or 5^precision divides 2q+1).
  const scale = 10n ** BigInt(precision);
  const q = (count * scale) / powi;
  let text = (Number(count) / Number(powi)).toFixed(precision);
  if (((count * scale) % powi) * 2n === powi && (human.iec || (2n * q + 1n) % 5n ** BigInt(precision) === 0n)) {
    const digits = String(q % 2n === 1n ? q + 1n : q).padStart(precision + 1, "0");
    text = precision ? `${digits.slice(0, -precision)}.${digits.slice(-precision)}` : digits;
  }
  return `${text}${prefix[k]}${human.iec ? "i" : ""}`.padStart(width) + " ";
}
