/**
 * `-s` link statistics (IFLA_STATS64, struct rtnl_link_stats64,
 * linux/if_link.h) with ip 6.1's JSON keys ("stats64": rx/tx objects,
 * error details with -s -s) and its column layout in text.
 */
import type { Printer } from "./printer.ts";

type Stats = Record<string, number | bigint>;

const n = (s: Stats, k: string): bigint => BigInt(s[k] ?? 0);

function cols(values: bigint[][], mins: number[]): number[] {
  return mins.map((m, i) => Math.max(m, ...values.map((row) => String(row[i] ?? 0n).length)));
}

/** Print the stats64 block; `level` is the number of -s given (1 or more). */
export function printStats64(p: Printer, s: Stats, carrierChanges: number | undefined, level: number): void {
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
  const sl = p.sl;
  const rx = [n(s, "rxBytes"), n(s, "rxPackets"), n(s, "rxErrors"), n(s, "rxDropped"), n(s, "rxMissedErrors"), n(s, "multicast")];
  const tx = [n(s, "txBytes"), n(s, "txPackets"), n(s, "txErrors"), n(s, "txDropped"), n(s, "txCarrierErrors"), n(s, "collisions")];
  const w = cols([rx, tx], [6, 7, 6, 7, 7, 7]);
  const head = (label: string, names: string[]) =>
    `    ${label}: ${names.map((h, i) => h.padStart(w[i]!)).join(" ")}           ${sl}`;
  let out = head("RX", ["bytes", "packets", "errors", "dropped", "missed", "mcast"]) + valueLine(rx, w) + sl;
  if (level > 1) {
    const e = [n(s, "rxLengthErrors"), n(s, "rxCrcErrors"), n(s, "rxFrameErrors"), n(s, "rxFifoErrors"), n(s, "rxOverErrors")];
    out += `    RX errors:  length    crc   frame    fifo overrun${sl}` + errLine(e) + sl;
  }
  out += head("TX", ["bytes", "packets", "errors", "dropped", "carrier", "collsns"]) + valueLine(tx, w);
  if (level > 1) {
    const e = [n(s, "txAbortedErrors"), n(s, "txFifoErrors"), n(s, "txWindowErrors"), n(s, "txHeartbeatErrors")];
    // Without a carrier change count (ip stats) ip leaves the column blank.
    if (carrierChanges !== undefined) e.push(BigInt(carrierChanges));
    out += sl + `    TX errors: aborted   fifo  window heartbt ${carrierChanges !== undefined ? "transns" : "       "}${sl}` + errLine(e);
  }
  p.text(out);
}

/** "    " then the bytes column 4 wider than its header (the header carries "RX: "). */
function valueLine(v: bigint[], w: number[]): string {
  return "    " + String(v[0]).padStart(w[0]! + 4) + " " + v.slice(1).map((x, i) => String(x).padStart(w[i + 1]!)).join(" ") + " ";
}

function errLine(v: bigint[]): string {
  const widths = [22, 7, 8, 8, 8];
  return v.map((x, i) => String(x).padStart(widths[i]!)).join("") + " ";
}
