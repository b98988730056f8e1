/**
 * Seeded decoder fuzzing shared by the family fuzz tests.
 *
 * fuzz() runs one target through the one fuzz loop, test/fuzz/engine.ts:
 * inputs are random bytes, random well-formed "fixed header + attributes"
 * streams (generated here or by the family), and the engine's mutations
 * (bit flips, truncation, lying lengths, splices, duplicated attributes) of
 * real message payloads. Only DecodeError may escape decode; whatever decodes
 * must encode, decode(encode(decode(x))) must equal decode(x), and the API
 * view of it must build. Seeds come from the captured scenario fixtures
 * (fixturePayloads) and the iproute2 strace captures (capturePayloads).
 * mutateAligned is the attribute-aligned mutator of the route and nexthop
 * fuzzers, which run their own loops (they compare more than one decoder).
 */
import { expect } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { run } from "../fuzz/engine.ts";
import { Prng } from "./prng.ts";
import { fixtureNames, loadFixture } from "./replay.ts";

/** A uniform random number in [0, 1). */
export type Rand = () => number;

/** Payloads of the messages of `types` in the captured fixtures of `family` (requests and answers, or answers only). */
export function fixturePayloads(family: string, types: readonly number[], from: "both" | "answers" = "both"): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of fixtureNames(family)) {
    for (const ex of loadFixture(family, name).exchanges) {
      for (const d of from === "both" ? [ex.send, ...ex.recv] : ex.recv) {
        for (const m of splitMessages(fromHex(d))) if (types.includes(m.type)) out.push(m.buf.slice(m.payload, m.end));
      }
    }
  }
  return out;
}

/** Payloads of the messages of `types` that iproute2 sent in the strace captures fixtures/iproute2/<name>.json. */
export function capturePayloads(names: readonly string[], types: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of names) {
    for (const h of readIpCapture(name).requests) {
      for (const m of splitMessages(fromHex(h))) if (types.includes(m.type)) out.push(m.buf.slice(m.payload, m.end));
    }
  }
  return out;
}

/** What to fuzz. */
export interface FuzzTarget<T> {
  codec: MessageCodec<T>;
  /** Bytes before the attributes (NLMSG_ALIGN of the fixed header). */
  headerSpace: number;
  /** Real payloads to mutate; each must also re-encode to itself. */
  seeds: Uint8Array[];
  /** Attribute types to generate (0..maxType + 1) and the payload sizes each decodes with (unless `wellFormed` is given). */
  maxType?: number;
  sizes?: Record<number, number[]>;
  /** Types whose payload is a NUL-terminated string. */
  strings?: number[];
  /** Types that are nests (payload generated as a small attribute stream). */
  nests?: number[];
  /** The API view of a decoded message; must not throw. */
  view?: (m: T) => unknown;
  /** A family's own generator of well-formed inputs, instead of the one driven by maxType/sizes/strings/nests. */
  wellFormed?: (r: Rand) => Uint8Array;
}

function randomWellFormed<T>(r: Rand, t: FuzzTarget<T>): Uint8Array {
  const w = new NlWriter(256);
  for (let i = 0; i < t.headerSpace; i++) w.u8(r() < 0.5 ? 0 : Math.floor(r() * 256));
  const n = Math.floor(r() * 10);
  for (let i = 0; i < n; i++) {
    const type = Math.floor(r() * ((t.maxType ?? 0) + 2));
    const s = w.beginAttr(type | (r() < 0.05 ? 0x8000 : 0) | (r() < 0.03 ? 0x4000 : 0));
    if (t.nests?.includes(type) && r() < 0.8) {
      const k = Math.floor(r() * 3);
      for (let j = 0; j < k; j++) {
        const inner = w.beginAttr(1 + Math.floor(r() * 3));
        const len = [0, 1, 4][Math.floor(r() * 3)]!;
        for (let q = 0; q < len; q++) w.u8(Math.floor(r() * 4));
        w.endAttr(inner);
      }
    } else {
      const want = t.sizes?.[type];
      const len = want && r() < 0.85 ? want[Math.floor(r() * want.length)]! : [0, 1, 2, 3, 5, 8, 12, 16][Math.floor(r() * 8)]!;
      for (let j = 0; j < len; j++) w.u8(r() < 0.3 ? 0 : Math.floor(r() * 256));
      if (t.strings?.includes(type) && len > 0) {
        for (let j = w.pos - len; j < w.pos - 1; j++) if (w.buf[j] === 0 && r() < 0.9) w.buf[j] = 0x61;
        if (r() < 0.9) w.buf[w.pos - 1] = 0;
      }
    }
    w.endAttr(s);
  }
  return w.toBytes();
}

/**
 * Fuzz one family target with the one fuzz loop (test/fuzz/engine.ts): each
 * seed must first re-encode to itself; then `runs` inputs (30% well-formed,
 * the rest mutated seeds and noise) may only throw DecodeError, must
 * round-trip losslessly and build the API view. Returns the counts.
 */
export function fuzz<T>(t: FuzzTarget<T>, seed: number, runs: number): { decoded: number; rejected: number } {
  const dec = (b: Uint8Array): T => t.codec.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
  const w = new NlWriter(1024);
  const enc = (m: T): Uint8Array => { w.reset(); t.codec.encode(w, m); return w.toBytes(); };
  for (const s of t.seeds) expect(Buffer.from(enc(dec(s))).toString("hex")).toBe(Buffer.from(s).toString("hex"));
  const gen = t.wellFormed ?? ((q: Rand) => randomWellFormed(q, t));
  const st = run({
    name: "fuzz",
    codec: t.codec as MessageCodec<unknown>,
    headerSpace: t.headerSpace,
    seeds: t.seeds,
    wellFormed: (p: Prng) => gen(() => p.u32() / 0x100000000),
    ...(t.view ? { view: t.view as (m: unknown) => unknown } : {}),
  }, seed, runs, Infinity);
  expect(st.failures).toEqual([]);
  return { decoded: st.decoded, rejected: st.rejected };
}

/** How mutateAligned lies and how much it may do. */
export interface AlignedMutation {
  /** Size of the fixed header before the attributes. */
  header: number;
  /** nla_len low bytes to write at an attribute-aligned spot (the old value + 4 is always a choice too). */
  lies: readonly number[];
  /** Also duplicate the attributes from an aligned spot to the end. */
  duplicate: boolean;
}

/**
 * 1 to 4 mutations of `src` that keep 4-byte alignment where it matters:
 * a bit flip, a random byte, truncation, aligned random tail, a lying
 * nla_len, another seed's attributes grafted on, repeated attributes.
 */
export function mutateAligned(r: Prng, src: Uint8Array, pool: readonly Uint8Array[], m: AlignedMutation): Uint8Array {
  let b = src.slice();
  const hs = m.header;
  for (let k = r.int(1, 4); k > 0; k--) {
    const op = r.below(m.duplicate ? 7 : 6);
    if (op === 0 && b.length) b[r.below(b.length)]! ^= 1 << r.below(8);
    else if (op === 1 && b.length) b[r.below(b.length)] = r.below(256);
    else if (op === 2) b = b.slice(0, r.below(b.length + 1));
    else if (op === 3) {
      const c = new Uint8Array(b.length + 4 * r.int(1, 6));
      c.set(b);
      c.set(r.bytes(c.length - b.length), b.length);
      b = c;
    } else if (op === 4 && b.length > hs + 4) {
      const at = hs + 4 * r.below((b.length - hs) >> 2);
      b[at] = r.pick([...m.lies, b[at]! + 4]);
    } else if (op === 5) {
      const o = r.pick(pool);
      const c = new Uint8Array(b.length + Math.max(0, o.length - hs));
      c.set(b);
      c.set(o.subarray(hs), b.length);
      b = c;
    } else if (op === 6 && b.length > hs) {
      const from = hs + 4 * r.below((b.length - hs) >> 2);
      const c = new Uint8Array(b.length + (b.length - from));
      c.set(b);
      c.set(b.subarray(from), b.length);
      b = c;
    }
  }
  return b;
}
