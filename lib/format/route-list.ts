/**
 * A route listing (`ip route show` in text or `-json`) written while the
 * dump is read: `RouteListWriter.visit` is handed each answer of a dump
 * (RouteApi.dumpWith) and prints the route as it comes, straight from the
 * receive buffer, into a byte buffer handed to `write` every 64 KiB; no
 * object is made per route, so memory stays flat however many there are.
 *
 * With `bytes` (compact output, no -details/-stats, a filter on family and
 * table only), a plain IPv4/IPv6 FIB route (route-plain.ts) is written
 * from its bytes (route-walk.ts, in the words of route-json.ts or
 * route-text.ts); every other route is
 * decoded (decodeRoute, in place, so a DecodeError names the datagram's
 * byte) and printed by printRoute (route.ts). The output is byte for byte
 * the same either way (test/format/route-bytes.test.ts).
 *
 *   const w = new RouteListWriter({ json: true, ... , write: (b) => out(b) });
 *   w.begin();
 *   routes.dumpWith({ family: 2 }, w.visit);
 *   w.end();
 */
import { decodeRoute, type RouteMessage } from "../../codecs/route/decode.ts";
import { RouteScan } from "../../codecs/route/scan.ts";
import { checkMessage } from "../../codecs/core/header.ts";
import { writeIPv6 } from "../../codecs/ip/ipv6-format.ts";
import { neverTopTier } from "../sys/jit.ts";
import { Bytes } from "./bytes.ts";
import { jsonString } from "./json.ts";
import { Printer, type ColorScheme } from "./printer.ts";
import { printRoute, type RouteShowEnv } from "./route.ts";
import { JSON_ROUTE } from "./route-json.ts";
import { plainPaths, plainRoute } from "./route-plain.ts";
import { TEXT_ROUTE, TEXT_ROUTE_ONELINE } from "./route-text.ts";
import { TailMemo } from "./route-tail.ts";
import { writePaths, writePlainRoute, writeTail, type RouteStyle } from "./route-walk.ts";

/** Output is handed to `write` once this much is buffered. */
const CHUNK = 1 << 16;
const enc = new TextEncoder();

/** How a route listing is printed. */
export interface RouteListOptions {
  json: boolean;
  pretty?: boolean;
  oneline?: boolean;
  /** Write plain routes from their bytes; only for compact output without -details/-stats and a filter on family and table alone. */
  bytes: boolean;
  /** The filter's family (0: any) and table (0: all), applied to the routes written from bytes. */
  family: number;
  table: number;
  /** The whole filter, for decoded routes (ip's filter_nlmsg). */
  passes(m: RouteMessage): boolean;
  /** print_route's environment (names of links, the keys a filter hides). */
  show: RouteShowEnv;
  /** Where the output goes, in order. */
  write(b: Uint8Array): void;
  /** ip -color: the text's palette (routes are then printed from their decoded model, never from bytes). */
  color?: ColorScheme;
}

/** Prints a route dump as it is read; see the file comment. */
export class RouteListWriter {
  /** Routes that went through decodeRoute and printRoute (tests check the plain ones do not). */
  generics = 0;
  /** Prints the route payload at buf[off, end) (the visitor of RouteApi.dumpWith). */
  readonly visit: (buf: Uint8Array, dv: DataView, off: number, end: number) => void;
  private readonly out = new Bytes(CHUNK * 2);
  private readonly printer: Printer | undefined;
  private first = true;
  private readonly devs: Array<Uint8Array | undefined> = [];
  private readonly dev: (i: number) => Uint8Array;
  private readonly style: RouteStyle;
  private readonly tail = new TailMemo();

  constructor(private readonly o: RouteListOptions) {
    this.style = o.json ? JSON_ROUTE : o.oneline ? TEXT_ROUTE_ONELINE : TEXT_ROUTE;
    this.printer = o.bytes && o.color === undefined ? undefined : new Printer({ json: o.json, pretty: o.pretty ?? false, oneline: o.oneline ?? false, ...(o.color ? { color: o.color } : {}) });
    const prefix = o.json ? ',"dev":' : "dev ";
    this.dev = (i) => {
      let d = this.devs[i];
      if (d === undefined) {
        const name = o.show.nameOf(i);
        d = enc.encode(o.json ? prefix + jsonString(name) : `${prefix}${name} `);
        if (i >= 0 && i < 65536) this.devs[i] = d;
      }
      return d;
    };
    this.visit = (buf, dv, off, end) => this.route(buf, dv, off, end);
    neverTopTier([this.visit]); // see the end of the file
  }

  /** Start the listing (JSON: the array's `[`). */
  begin(): void {
    if (!this.o.json) return;
    if (this.printer) this.printer.arr(null);
    else this.out.byte(91);
  }

  /** End the listing (JSON: `]` and a newline) and hand everything over. */
  end(): void {
    if (this.o.json) {
      if (this.printer) {
        this.printer.endArr();
        this.putString(this.printer.take() + "\n");
      } else {
        this.out.byte(93);
        this.out.byte(10);
      }
    } else if (this.printer) this.putString(this.printer.take());
    this.flush();
  }

  /** Hand what is buffered to `write` (also before an error message, as ip has printed it by then). */
  flush(): void {
    if (this.printer) this.putString(this.printer.take());
    const out = this.out;
    if (out.pos === 0) return;
    this.o.write(out.buf.subarray(0, out.pos));
    out.pos = 0;
  }

  /** Print the route payload at buf[off, end). */
  route(buf: Uint8Array, dv: DataView, off: number, end: number): void {
    const o = this.o;
    const out = this.out;
    if (o.bytes && this.printer === undefined) {
      const r = plainRoute(buf, dv, off, end, o.family, o.table);
      if (r === 1) {
        if (o.json) {
          if (!this.first) out.byte(44);
          this.first = false;
        }
        writePlainRoute(buf, dv, off, out, this.style, this.dev, o.table, this.tail);
      } else if (r === -1) this.generic(buf, dv, off, end);
    } else this.generic(buf, dv, off, end);
    if (out.pos >= CHUNK) this.flush();
  }

  private generic(buf: Uint8Array, dv: DataView, off: number, end: number): void {
    this.generics++;
    const m = decodeRoute(buf, dv, off, end);
    const o = this.o;
    if (!o.passes(m)) return;
    const shared = this.printer;
    const p = shared ?? new Printer({ json: o.json, pretty: false, oneline: o.oneline ?? false });
    if (o.json) p.obj();
    printRoute(p, m, o.show);
    if (o.json) p.endObj();
    if (shared) {
      this.putString(shared.take());
      return;
    }
    if (o.json && !this.first) this.out.byte(44);
    this.first = false;
    this.putString(p.take());
  }

  private putString(s: string): void {
    if (s.length > 0) this.out.put(enc.encode(s));
  }
}

// A listing is one-shot work: its per-route code (and the dump's per-message check) stays in JSC's DFG tier
// (lib/sys/jit.ts). The FTL compiles of these functions cost a 100k-route listing (v4-ecmp, text) ~60 ms of CPU
// on a compiler thread, which competes with the printing and the read-ahead thread for the two cores of the
// benchmark's machine (wall 150 -> 130 ms); a 1M-route one is no slower without them.
neverTopTier([plainRoute, plainPaths, writePlainRoute, writeTail, writePaths, writeIPv6, checkMessage], [RouteListWriter, TailMemo, Bytes, RouteScan]);
