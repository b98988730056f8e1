/**
 * The all-family fuzz loop: seeded mutations of real message payloads (and
 * some pure noise) through one decoder, checking for every input that
 *
 * - decode throws nothing but DecodeError,
 * - no decode takes more than `slowMs` (an input slow on the wall clock is
 *   re-timed three times in CPU time, so neither a GC pause nor a busy
 *   machine is mistaken for a slow decoder),
 * - whatever decodes encodes, and decode(encode(decode(x))) deep-equals
 *   decode(x), and encoding that again gives the same bytes.
 *
 * Built for volume (a million inputs in well under a minute): mutations
 * work on copies of the seed bytes in place, the equality check is a
 * hand-written structural compare, and assertions are only made once per
 * run on the collected failures. This is the one fuzz loop: the family fuzz
 * tests reach it through test/helpers/fuzz-harness.ts (which adds their
 * well-formed generators and API views); budgets come from ./budget.ts.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { Prng } from "../helpers/prng.ts";

/** One decoder under test. */
export interface Target {
  name: string;
  codec: MessageCodec<unknown>;
  /** Bytes before the attributes (NLMSG_ALIGN of the fixed header). */
  headerSpace: number;
  seeds: Uint8Array[];
  /** A generator of well-formed inputs; when given, 30% of the inputs come from it. */
  wellFormed?: (r: Prng) => Uint8Array;
  /** The API view of a decoded value; must not throw. */
  view?: (decoded: unknown) => unknown;
}

/** What a run saw. */
export interface RunStats {
  inputs: number;
  decoded: number;
  rejected: number;
  maxDecodeMs: number;
  failures: string[];
}

const LIES = [0, 1, 3, 4, 5, 7, 8, 0xff, 0xffff];
const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 4, 8, 16];

/** Top-level attribute offsets of `b` after `hs` (as far as they parse). */
function attrOffsets(b: Uint8Array, dv: DataView, hs: number): number[] {
  const out: number[] = [];
  let off = hs;
  while (off + 4 <= b.length) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4 || off + len > b.length) break;
    out.push(off);
    off += (len + 3) & ~3;
  }
  return out;
}

/** A mutated copy of `src`: 1-4 operations on bytes, lengths, types and whole attributes. */
export function mutate(r: Prng, src: Uint8Array, pool: Uint8Array[], hs: number): Uint8Array {
  let b = src.slice();
  const ops = 1 + r.below(4);
  for (let k = 0; k < ops; k++) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    switch (r.below(10)) {
      case 0: // bit flip
        if (b.length) b[r.below(b.length)]! ^= 1 << r.below(8);
        break;
      case 1: // interesting byte
        if (b.length) b[r.below(b.length)] = r.pick(INTERESTING);
        break;
      case 2: // truncate
        b = b.slice(0, r.below(b.length + 1));
        break;
      case 3: { // lying nla_len at an attribute or any aligned offset
        const offs = attrOffsets(b, dv, hs);
        const at = offs.length && r.chance(0.7) ? r.pick(offs) : hs + 4 * r.below(Math.max(1, (b.length - hs) >> 2));
        if (at + 2 <= b.length) dv.setUint16(at, r.chance(0.5) ? r.pick(LIES) : (dv.getUint16(at, HOST_LE) + r.int(-8, 8)) & 0xffff, HOST_LE);
        break;
      }
      case 4: { // another attribute type, maybe with NLA_F_NESTED / NLA_F_NET_BYTEORDER
        const offs = attrOffsets(b, dv, hs);
        if (offs.length) dv.setUint16(r.pick(offs) + 2, r.below(80) | (r.chance(0.1) ? 0x8000 : 0) | (r.chance(0.05) ? 0x4000 : 0), HOST_LE);
        break;
      }
      case 5: { // drop an attribute
        const offs = attrOffsets(b, dv, hs);
        if (offs.length) {
          const at = r.pick(offs);
          const len = (dv.getUint16(at, HOST_LE) + 3) & ~3;
          const c = new Uint8Array(b.length - Math.min(len, b.length - at));
          c.set(b.subarray(0, at));
          c.set(b.subarray(at + len), at);
          b = c;
        }
        break;
      }
      case 6: { // duplicate an attribute at the end
        const offs = attrOffsets(b, dv, hs);
        if (offs.length) {
          const at = r.pick(offs);
          const chunk = b.slice(at, Math.min(b.length, at + ((dv.getUint16(at, HOST_LE) + 3) & ~3)));
          const c = new Uint8Array(b.length + chunk.length);
          c.set(b);
          c.set(chunk, b.length);
          b = c;
        }
        break;
      }
      case 7: { // splice another seed's attributes after ours
        const o = r.pick(pool);
        if (o.length > hs) {
          const c = new Uint8Array(b.length + o.length - hs);
          c.set(b);
          c.set(o.subarray(hs), b.length);
          b = c;
        }
        break;
      }
      case 8: { // random bytes appended
        const n = r.below(24);
        const c = new Uint8Array(b.length + n);
        c.set(b);
        for (let i = b.length; i < c.length; i++) c[i] = r.u32() & 0xff;
        b = c;
        break;
      }
      default: // header byte
        if (hs > 0 && b.length >= hs) b[r.below(hs)] = r.chance(0.5) ? r.pick(INTERESTING) : r.u32() & 0xff;
    }
  }
  return b;
}

/** Structural equality of decoded values (objects, arrays, Uint8Array, bigint, primitives). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** CPU time this process has used, in ms (user + system; time spent descheduled does not count). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * The smallest of three CPU-time measurements of `fn` (exceptions ignored):
 * a decode that looked slow on the wall clock is re-timed this way, so neither
 * a GC pause nor a busy machine's scheduler is mistaken for a slow decoder.
 */
export function retimed(fn: () => unknown): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = cpuMs();
    try {
      fn();
    } catch {
      // timing only
    }
    best = Math.min(best, cpuMs() - t);
  }
  return best;
}

/**
 * Run `inputs` seeded inputs through `t`: 90% mutations of seeds, 10%
 * random bytes (with a `wellFormed` generator, 30% of the inputs are its). Returns stats with up to 10 failure descriptions (each
 * naming the seed, iteration and input bytes to reproduce it).
 */
export function run(t: Target, seed: number, inputs: number, slowMs: number): RunStats {
  const r = new Prng(seed);
  const w = new NlWriter(4096);
  const stats: RunStats = { inputs, decoded: 0, rejected: 0, maxDecodeMs: 0, failures: [] };
  const fail = (i: number, input: Uint8Array, what: string) => {
    if (stats.failures.length < 10) stats.failures.push(`${t.name} seed ${seed} input #${i}: ${what}; bytes ${hex(input)}`);
  };
  const decode = (b: Uint8Array) => t.codec.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
  const encode = (m: unknown) => {
    w.reset();
    t.codec.encode(w, m);
    return w.toBytes();
  };
  for (let i = 0; i < inputs; i++) {
    const input = t.wellFormed && r.below(10) < 3
      ? t.wellFormed(r)
      : r.below(10) === 0 || t.seeds.length === 0 ? r.bytes(r.below(t.headerSpace + 64)) : mutate(r, r.pick(t.seeds), t.seeds, t.headerSpace);
    let d: unknown;
    const t0 = performance.now();
    try {
      d = decode(input);
    } catch (e) {
      if (!(e instanceof DecodeError)) fail(i, input, `decode threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
      d = undefined;
    }
    let dt = performance.now() - t0;
    if (dt > slowMs) dt = retimed(() => decode(input));
    if (dt > slowMs) fail(i, input, `decode took ${dt.toFixed(2)} ms of CPU time`);
    if (dt > stats.maxDecodeMs) stats.maxDecodeMs = dt;
    if (d === undefined) {
      stats.rejected++;
      continue;
    }
    stats.decoded++;
    try {
      const e1 = encode(d);
      const d2 = decode(e1);
      if (!same(d, d2)) {
        fail(i, input, `decode(encode(decode(x))) differs from decode(x): ${JSON.stringify(d, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))} vs ${JSON.stringify(d2, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`);
        continue;
      }
      const e2 = encode(d2);
      if (!bytesEqual(e1, e2)) fail(i, input, `encode is not stable: ${hex(e1)} then ${hex(e2)}`);
      t.view?.(d);
    } catch (e) {
      fail(i, input, `round trip or view threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
  }
  return stats;
}
