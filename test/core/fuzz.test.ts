/**
 * Seeded fuzzing of every decoder: the protocol core (splitMessages,
 * decodeError, decodeDone, attribute sets, rawCodec) and every family
 * codec exported from codecs/<family>/index.ts (message codecs and
 * attribute sets, discovered at run time).
 *
 * Inputs: 100,000+ datagrams, mostly real kernel and iproute2 datagrams
 * from fixtures/** mutated (bit flips, nlmsg_len and nla_len that lie,
 * nla_len below 4, nesting past its parent's end, truncation, type
 * changes, splices, inserted bytes), plus random datagrams and very deep
 * nesting.
 *
 * Properties: a decoder either returns or throws DecodeError (nothing
 * else: no RangeError, no TypeError, no hang); a decoded value encodes
 * without error and decodes back to an equal value; the core's own
 * decoders are byte-exact (encode(decode(x)) == x).
 */
import { describe, expect, it } from "vitest";
import {
  AttrSet, decodeDone, decodeError, DecodeError, encodeMessage, extAckSet, NlWriter, rawCodec, splitMessages, toHex,
  writeDoneMessage, writeErrorMessage, type MessageCodec,
} from "../../codecs/core/index.ts";
import { Prng } from "../helpers/prng.ts";
import { deepNesting, familyOf, loadFamilies, loadSeeds, mutate, randomDatagram, singleMessages, TYPES } from "./fuzz-inputs.ts";
import { LEVELS } from "./schema.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

const SEED = 0xf022_2024;
const DATAGRAMS = fuzzBudget(100_000);

// ---------------------------------------------------------------- equality

/** Deep equality of decoded values (plain objects, arrays, primitives, bigint); key order ignored. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array) return b instanceof Uint8Array && toHex(a) === toHex(b);
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------- harness

interface Stats { decoded: number; rejected: number; inexact: number; seedInexact: number }

class Harness {
  readonly stats = new Map<string, Stats>();
  readonly failures: string[] = [];
  iteration = 0;
  input: Uint8Array = new Uint8Array(0);
  /** True while the unmutated fixture datagrams run. */
  seedPass = false;

  private stat(label: string): Stats {
    let s = this.stats.get(label);
    if (!s) this.stats.set(label, (s = { decoded: 0, rejected: 0, inexact: 0, seedInexact: 0 }));
    return s;
  }

  fail(label: string, what: string, e?: unknown): void {
    if (this.failures.length >= 20) return;
    const err = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 4).join("\n")}` : String(e ?? "");
    this.failures.push(`[${label}] iteration ${this.iteration} (seed ${SEED}): ${what} ${err}\n  input ${toHex(this.input).slice(0, 600)}`);
  }

  /**
   * decode buf[off, end) with `decode`; on success encode it again with
   * `encode` and decode that: must be equal. `exact`: the bytes must come back.
   */
  check<T>(label: string, decode: (buf: Uint8Array, dv: DataView, off: number, end: number) => T, encode: (w: NlWriter, v: T) => void,
    buf: Uint8Array, dv: DataView, off: number, end: number, exact: boolean, redecode = decode): void {
    const s = this.stat(label);
    let v: T;
    try {
      v = decode(buf, dv, off, end);
    } catch (e) {
      if (e instanceof DecodeError) s.rejected++;
      else this.fail(label, "decode threw something other than DecodeError:", e);
      return;
    }
    s.decoded++;
    const w = new NlWriter(Math.max(64, end - off + 64));
    try {
      encode(w, v);
    } catch (e) {
      this.fail(label, "encoding a decoded value threw:", e);
      return;
    }
    const b2 = w.toBytes();
    let v2: T;
    try {
      v2 = redecode(b2, new DataView(b2.buffer), 0, b2.length);
    } catch (e) {
      this.fail(label, `decoding the re-encoded bytes threw (re-encoded ${toHex(b2).slice(0, 300)}):`, e);
      return;
    }
    if (!same(v, v2)) this.fail(label, `decode(encode(decode(x))) differs from decode(x): ${stringify(v).slice(0, 400)} vs ${stringify(v2).slice(0, 400)}`);
    if (!bytesEqual(b2, buf.subarray(off, end))) {
      s.inexact++;
      if (this.seedPass) s.seedInexact++;
      if (exact) this.fail(label, `not byte-exact: in ${toHex(buf.subarray(off, end)).slice(0, 300)} out ${toHex(b2).slice(0, 300)}`);
    }
  }
}

function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
}

// ---------------------------------------------------------------- the test

const families = await loadFamilies();
const allCodecs = families.flatMap((f) => f.codecs);
const allSets = [{ name: "core.extAckSet", set: extAckSet as AttrSet<object> }, { name: "schema.level2", set: LEVELS[2]!.set as AttrSet<object> }, ...families.flatMap((f) => f.sets)];
const raws = new Map<number, MessageCodec<unknown>>();
const rawFor = (size: number): MessageCodec<unknown> => {
  let c = raws.get(size);
  if (!c) raws.set(size, (c = rawCodec(`raw${size}`, size) as MessageCodec<unknown>));
  return c;
};

/**
 * Run one datagram through every applicable decoder. `exact`: the input is
 * real kernel/iproute2 bytes (zero padding), so the core decoders must give
 * them back byte for byte; mutated inputs may have nonzero padding, which
 * encoding writes as zeros.
 */
function runDatagram(h: Harness, r: Prng, d: Uint8Array, exact = false): void {
  h.input = d;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  // splitMessages: DecodeError or messages that re-encode to the same headers and payloads
  try {
    const ms = splitMessages(d);
    const re = new Uint8Array(ms.reduce((n, m) => n + ((m.len + 3) & ~3), 0));
    let p = 0;
    for (const m of ms) {
      re.set(encodeMessage(m, d.subarray(m.payload, m.end)), p);
      p += (m.len + 3) & ~3;
    }
    const again = splitMessages(re);
    const differs = again.length !== ms.length || again.some((m, i) => {
      const o = ms[i]!;
      return m.len !== o.len || m.type !== o.type || m.flags !== o.flags || m.seq !== o.seq || m.pid !== o.pid || !bytesEqual(re.subarray(m.payload, m.end), d.subarray(o.payload, o.end));
    });
    if (differs) h.fail("splitMessages", "re-encoded messages split differently");
  } catch (e) {
    if (!(e instanceof DecodeError)) h.fail("splitMessages", "threw something other than DecodeError:", e);
  }
  // each message that fits, whether or not the whole datagram split cleanly; its payload may be cut short
  let off = 0;
  while (off + 16 <= d.length) {
    const len = dv.getUint32(off, true);
    if (len < 16) break;
    const end = Math.min(d.length, off + len);
    const next = off + Math.ceil(len / 4) * 4;
    const type = dv.getUint16(off + 4, true);
    const flags = dv.getUint16(off + 6, true);
    const payload = off + 16;
    if (type === 2 || type === 3) {
      // re-encode the whole message, compare its payload; decode it again with the flags the writer chose
      let wroteFlags = 0;
      const payloadOf = (write: (w: NlWriter) => void) => (w: NlWriter): void => {
        const whole = new NlWriter();
        write(whole);
        wroteFlags = whole.dv.getUint16(6, true);
        w.bytes(whole.view().subarray(16));
      };
      if (type === 2) {
        h.check("core.decodeError", (b, v, o, e) => decodeError(b, v, o, e, flags), (w, x) => payloadOf((m) => writeErrorMessage(m, 1, 1, x))(w), d, dv, payload, end, exact,
          (b, v, o, e) => decodeError(b, v, o, e, wroteFlags));
      } else {
        h.check("core.decodeDone", (b, v, o, e) => decodeDone(b, v, o, e, flags), (w, x) => payloadOf((m) => writeDoneMessage(m, 1, 1, x, flags & ~0x200))(w), d, dv, payload, end, exact && end - payload >= 4,
          (b, v, o, e) => decodeDone(b, v, o, e, wroteFlags));
      }
    }
    const fam = familyOf(type);
    const hdr = fam?.header ?? r.pick([0, 4, 8, 12, 16]);
    // byte-exact only under the message's own header size: a header size picked at random reads
    // arbitrary bytes (an error's echoed request, say) as attributes whose "padding" need not be zero
    h.check(`core.rawCodec(${hdr})`, rawFor(hdr).decode, rawFor(hdr).encode, d, dv, payload, end, exact && fam !== undefined && hdr % 4 === 0 && (end - payload) % 4 === 0);
    const attrStart = Math.min(end, payload + ((hdr + 3) & ~3));
    const set = r.pick(allSets);
    h.check(set.name, (b, v, o, e) => set.set.decode(b, v, o, e), (w, x) => set.set.encode(w, x), d, dv, attrStart, end, exact && (set.name.startsWith("core.") || set.name.startsWith("schema.")));
    const own = fam ? families.find((f) => f.family === fam.family)?.codecs ?? [] : [];
    const cross = allCodecs.length && r.chance(0.15) ? [r.pick(allCodecs)] : [];
    for (const c of [...own, ...cross]) h.check(c.name, c.codec.decode, c.codec.encode, d, dv, payload, end, false);
    off = next;
  }
}

describe("fuzzing every decoder (seeded)", () => {
  it("finds the family codecs", () => {
    const broken = families.filter((f) => f.error).map((f) => f.error);
    expect(broken).toEqual([]);
    for (const f of families) expect(f.codecs.length, `codecs/${f.family}/index.ts exports no message codec`).toBeGreaterThan(0);
  });

  it(`only DecodeError escapes, and decode(encode(decode(x))) == decode(x), over ${DATAGRAMS.toLocaleString("en")} datagrams`, () => {
    const seeds = loadSeeds();
    expect(seeds.length).toBeGreaterThan(100);
    const singles = singleMessages(seeds);
    const r = new Prng(SEED);
    const h = new Harness();
    const t0 = performance.now();
    let count = 0;
    // the unmutated seeds first: real kernel bytes must decode and round-trip
    h.seedPass = true;
    for (const d of seeds) { h.iteration = count++; runDatagram(h, r, d, true); }
    h.seedPass = false;
    for (; count < DATAGRAMS; count++) {
      h.iteration = count;
      const roll = r.below(100);
      const d = roll < 10 ? randomDatagram(r) : roll < 11 ? deepNesting(r, r.pick(TYPES.filter((t) => t > 3)), r.pick([50, 500, 5000, 16000])) : mutate(r, r.chance(0.95) ? r.pick(singles) : r.pick(seeds), singles);
      runDatagram(h, r, d);
      if (h.failures.length >= 20) break;
    }
    const ms = performance.now() - t0;
    const table = [...h.stats].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => `${k.padEnd(40)} decoded ${String(s.decoded).padStart(7)}  rejected ${String(s.rejected).padStart(7)}  not byte-exact ${String(s.inexact).padStart(5)} (unmutated fixtures: ${s.seedInexact})`);
    console.log(`fuzz: ${count} datagrams in ${(ms / 1000).toFixed(1)} s\n${table.join("\n")}`);
    expect(h.failures, h.failures.join("\n\n")).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(DATAGRAMS);
    // the inputs reached past the first checks: every family codec decoded many of them, and rejected many
    for (const { name } of allCodecs) {
      const s = h.stats.get(name);
      if (name.includes("Header") || !s) continue;
      expect(s.decoded + s.rejected, name).toBeGreaterThan(DATAGRAMS / 1000);
    }
    for (const core of ["core.decodeError", "core.decodeDone", "core.extAckSet", "schema.level2"]) {
      expect(h.stats.get(core)!.decoded, core).toBeGreaterThan(DATAGRAMS / 2000);
      expect(h.stats.get(core)!.rejected, core).toBeGreaterThan(DATAGRAMS / 2000);
    }
  }, 120_000);
});
