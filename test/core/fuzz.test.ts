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
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  AttrSet, decodeDone, decodeError, DecodeError, encodeMessage, extAckSet, NLA_F_NESTED, NLA_F_NET_BYTEORDER,
  NlWriter, rawCodec, splitMessages, toHex, writeDoneMessage, writeErrorMessage, type MessageCodec,
} from "../../codecs/core/index.ts";
import { parseFixture } from "../../lib/transport/fixture.ts";
import { Prng } from "../helpers/prng.ts";
import { LEVELS } from "./schema.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SEED = 0xf022_2024;
const DATAGRAMS = 100_000;

// ---------------------------------------------------------------- corpus

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...fixtureFiles(p));
    else if (name.endsWith(".json")) out.push(p);
  }
  return out;
}

/** Every datagram (sent and received) of every fixture. */
function loadSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  for (const file of fixtureFiles(join(ROOT, "fixtures"))) {
    let f;
    try {
      f = parseFixture(readFileSync(file, "utf8"));
    } catch {
      continue; // not a fixture file
    }
    for (const ex of f.exchanges) for (const h of [ex.send, ...ex.recv]) if (h) seeds.push(Uint8Array.from(Buffer.from(h, "hex")));
  }
  return seeds;
}

/** Each message of each seed as a datagram of its own (mutations then stay local). */
function singleMessages(seeds: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const d of seeds) {
    try {
      for (const m of splitMessages(d)) out.push(d.slice(m.off, m.end));
    } catch {
      // recorded datagrams are well formed; ignore anything else
    }
  }
  return out;
}

// ---------------------------------------------------------------- codecs under test

/** rtnetlink message type -> family folder and fixed header size. */
function familyOf(type: number): { family: string; header: number } | undefined {
  if (type >= 16 && type <= 19) return { family: "link", header: 16 };
  if (type >= 20 && type <= 22) return { family: "addr", header: 8 };
  if (type >= 24 && type <= 26) return { family: "route", header: 12 };
  if (type >= 28 && type <= 30) return { family: "neigh", header: 12 };
  if (type >= 32 && type <= 34) return { family: "rule", header: 12 };
  if (type >= 88 && type <= 90) return { family: "nsid", header: 4 };
  if (type >= 104 && type <= 106) return { family: "nexthop", header: 8 };
  return undefined;
}

interface Family {
  family: string;
  codecs: Array<{ name: string; codec: MessageCodec<unknown> }>;
  sets: Array<{ name: string; set: AttrSet<object> }>;
  error?: string;
}

function isMessageCodec(v: unknown): v is MessageCodec<unknown> {
  if (v === null || typeof v !== "object" || v instanceof AttrSet) return false;
  const c = v as Record<string, unknown>;
  return typeof c.name === "string" && typeof c.decode === "function" && typeof c.encode === "function" && !("size" in c) && c.decode.length >= 4;
}

/** Import codecs/<family>/index.ts of every family folder and collect its message codecs and attribute sets. */
async function loadFamilies(): Promise<Family[]> {
  const dir = join(ROOT, "codecs");
  const out: Family[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === "core" || name === "ip" || !statSync(join(dir, name)).isDirectory()) continue;
    const fam: Family = { family: name, codecs: [], sets: [] };
    out.push(fam);
    const index = join(dir, name, "index.ts");
    if (!existsSync(index)) {
      fam.error = `codecs/${name} has no index.ts`;
      continue;
    }
    try {
      const mod = (await import(index)) as Record<string, unknown>;
      for (const [exp, v] of Object.entries(mod)) {
        if (v instanceof AttrSet) fam.sets.push({ name: `${name}.${exp}`, set: v as AttrSet<object> });
        else if (isMessageCodec(v)) fam.codecs.push({ name: `${name}.${exp}`, codec: v });
      }
    } catch (e) {
      fam.error = `import codecs/${name}/index.ts: ${(e as Error).message}`;
    }
  }
  return out;
}

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

// ---------------------------------------------------------------- mutations

interface AttrPos { off: number; len: number; parentEnd: number; depth: number }

/** Attribute headers found by walking each message's attributes (and anything that looks nested). */
function attrPositions(d: Uint8Array): AttrPos[] {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: AttrPos[] = [];
  const walk = (off: number, end: number, depth: number): void => {
    while (off + 4 <= end && out.length < 4000) {
      const len = dv.getUint16(off, true);
      if (len < 4 || off + len > end) return;
      out.push({ off, len, parentEnd: end, depth });
      if (len >= 8 && depth < 6) {
        const inner = dv.getUint16(off + 4, true);
        if (inner >= 4 && inner <= len - 4) walk(off + 4, off + len, depth + 1);
      }
      off += (len + 3) & ~3;
    }
  };
  let off = 0;
  while (off + 16 <= d.length) {
    const len = dv.getUint32(off, true);
    if (len < 16 || len > d.length - off) break;
    const fam = familyOf(dv.getUint16(off + 4, true));
    const type = dv.getUint16(off + 4, true);
    const start = type === 2 ? off + 36 : off + 16 + (fam ? (fam.header + 3) & ~3 : 4);
    walk(start, off + len, 0);
    off += (len + 3) & ~3;
  }
  return out;
}

const TYPES = [2, 3, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 28, 29, 30, 32, 33, 34, 88, 89, 90, 104, 105, 106];

function mutate(r: Prng, input: Uint8Array, seeds: Uint8Array[]): Uint8Array {
  let d = input.slice();
  const rounds = 1 + r.below(3);
  for (let k = 0; k < rounds; k++) {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const attrs = attrPositions(d);
    switch (r.below(10)) {
      case 0: { // bit flips
        for (let i = r.int(1, 8); i > 0 && d.length > 0; i--) d[r.below(d.length)]! ^= 1 << r.below(8);
        break;
      }
      case 1: { // nlmsg_len lies
        if (d.length >= 4) {
          const len = dv.getUint32(0, true);
          dv.setUint32(0, r.pick([0, 4, 15, 16, 17, len - 1, len + 1, len + 4, d.length + 1, r.u32(), r.below(d.length + 32)]) >>> 0, true);
        }
        break;
      }
      case 2: case 3: { // nla_len lies, nla_len below 4
        if (attrs.length === 0) break;
        const a = r.pick(attrs);
        dv.setUint16(a.off, r.pick([0, 1, 2, 3, 4, a.len - 1, a.len + 1, a.len + 4, a.parentEnd - a.off + 1, a.parentEnd - a.off + 4, 0xffff, r.below(0x10000)]) & 0xffff, true);
        break;
      }
      case 4: { // nesting past the parent's end (still inside the datagram)
        const nested = attrs.filter((a) => a.depth > 0);
        if (nested.length === 0) break;
        const a = r.pick(nested);
        dv.setUint16(a.off, Math.min(0xffff, a.parentEnd - a.off + 4 * r.int(1, 8)), true);
        break;
      }
      case 5: { // truncation, with or without nlmsg_len following
        const cut = r.below(d.length + 1);
        d = d.slice(0, cut);
        if (cut >= 4 && r.chance(0.5)) new DataView(d.buffer).setUint32(0, cut, true);
        break;
      }
      case 6: { // message or attribute type changes, NLA_F_* bits
        if (d.length >= 6 && r.chance(0.4)) dv.setUint16(4, r.pick(TYPES), true);
        else if (attrs.length) {
          const a = r.pick(attrs);
          const t = dv.getUint16(a.off + 2, true);
          dv.setUint16(a.off + 2, r.chance(0.5) ? t ^ r.pick([NLA_F_NESTED, NLA_F_NET_BYTEORDER]) : (t & 0xc000) | r.below(64), true);
        }
        break;
      }
      case 7: { // splice with another seed (a second message, or a cross-family payload)
        const o = r.pick(seeds);
        const out = new Uint8Array(d.length + o.length);
        out.set(d);
        out.set(o, d.length);
        d = out;
        if (r.chance(0.3) && d.length >= 4) new DataView(d.buffer).setUint32(0, d.length, true); // one message swallowing the other
        break;
      }
      case 8: { // insert or delete bytes in the middle (shifts every later field)
        const at = r.below(d.length + 1);
        const n = r.int(1, 7);
        const out = r.chance(0.5) ? new Uint8Array([...d.subarray(0, at), ...r.bytes(n), ...d.subarray(at)]) : new Uint8Array([...d.subarray(0, at), ...d.subarray(Math.min(d.length, at + n))]);
        d = out;
        break;
      }
      default: { // overwrite a byte range with random bytes
        if (d.length === 0) break;
        const at = r.below(d.length);
        d.set(r.bytes(Math.min(d.length - at, r.int(1, 16))), at);
      }
    }
  }
  return d;
}

/** A datagram of random messages with random or attribute-shaped payloads. */
function randomDatagram(r: Prng): Uint8Array {
  const w = new NlWriter(256);
  for (let n = r.int(1, 3); n > 0; n--) {
    const type = r.pick(TYPES);
    const m = w.beginMessage(type, r.below(0x10000), r.u32(), r.u32());
    if (type === 2) { w.s32(-r.below(200)); w.bytes(encodeMessage({ type: r.pick(TYPES), flags: r.below(0x1000), seq: r.u32(), pid: 0 }, r.bytes(r.below(24)))); }
    else if (type !== 3) w.bytes(r.bytes(((familyOf(type)?.header ?? 4) + 3) & ~3));
    else w.s32(-r.below(200));
    for (let a = r.below(8); a > 0; a--) {
      const s = w.beginAttr(r.below(40) | r.pick([0, 0, NLA_F_NESTED, NLA_F_NET_BYTEORDER]));
      if (r.chance(0.3)) for (let b = r.below(4); b > 0; b--) { const t = w.beginAttr(r.below(40)); w.bytes(r.bytes(r.below(20))); w.endAttr(t); }
      else w.bytes(r.bytes(r.pick([0, 1, 2, 4, 4, 8, 16, r.below(40)])));
      w.endAttr(s);
    }
    w.endMessage(m);
  }
  const d = w.toBytes();
  return r.chance(0.3) ? mutate(r, d, [d]) : d;
}

/** One message whose payload nests `depth` attributes, each the only child of its parent. */
function deepNesting(r: Prng, type: number, depth: number): Uint8Array {
  const hdr = ((familyOf(type)?.header ?? 4) + 3) & ~3;
  const total = 16 + hdr + depth * 4 + 4;
  const d = new Uint8Array(total);
  const dv = new DataView(d.buffer);
  dv.setUint32(0, total, true);
  dv.setUint16(4, type, true);
  let off = 16 + hdr;
  for (let i = 0; i <= depth; i++) {
    dv.setUint16(off, total - off, true);
    dv.setUint16(off + 2, r.below(40) | NLA_F_NESTED, true);
    off += 4;
  }
  return d;
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
    if (!same(again.map((m) => [m.len, m.type, m.flags, m.seq, m.pid, toHex(m.buf.subarray(m.payload, m.end))]), ms.map((m) => [m.len, m.type, m.flags, m.seq, m.pid, toHex(d.subarray(m.payload, m.end))]))) {
      h.fail("splitMessages", "re-encoded messages split differently");
    }
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
    h.check(`core.rawCodec(${hdr})`, rawFor(hdr).decode, rawFor(hdr).encode, d, dv, payload, end, exact && hdr % 4 === 0 && (end - payload) % 4 === 0);
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
      expect(s.decoded + s.rejected, name).toBeGreaterThan(100);
    }
    for (const core of ["core.decodeError", "core.decodeDone", "core.extAckSet", "schema.level2"]) {
      expect(h.stats.get(core)!.decoded, core).toBeGreaterThan(50);
      expect(h.stats.get(core)!.rejected, core).toBeGreaterThan(50);
    }
  }, 120_000);
});
