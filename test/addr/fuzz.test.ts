/**
 * Seeded fuzzing of the address decoder: 120,000 inputs, random and
 * mutated from the kernel's own RTM_NEWADDR answers (fixtures/addr) and
 * from random well-formed attribute streams. Only DecodeError may escape
 * decode; whatever decodes must encode again, decode(encode(decode(x)))
 * must equal decode(x), and the API's view of it must build without error.
 */
import { describe, expect, it } from "vitest";
import { addrMessage, type AddrMessage } from "../../codecs/addr/index.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { toAddress } from "../../lib/rtnl/addresses-view.ts";
import { fixtureNames, loadFixture } from "../helpers/replay.ts";

const SEED = 0xadd7e55;
const RUNS = 120_000;

/** mulberry32: small, fast, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function kernelSeeds(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of fixtureNames("addr")) {
    for (const ex of loadFixture("addr", name).exchanges) {
      for (const d of ex.recv) {
        for (const m of splitMessages(fromHex(d))) if (m.type === 20) out.push(m.buf.slice(m.payload, m.end));
      }
    }
  }
  return out;
}

/** Payload sizes per IFA_* type that decode (addresses 4/16 or other, label any, u32s 4, proto 1). */
const SIZES: Record<number, number[]> = { 1: [4, 16, 1], 2: [4, 16], 3: [2, 5, 8, 16], 4: [4], 5: [16], 6: [16], 7: [16], 8: [4], 9: [4], 10: [4], 11: [1] };

/** A well-formed ifaddrmsg + attribute stream with random types (0..14) and payload sizes. */
function randomWellFormed(r: () => number): Uint8Array {
  const w = new NlWriter(256);
  for (let i = 0; i < 8; i++) w.u8(i === 0 ? [0, 2, 10, 45][Math.floor(r() * 4)]! : Math.floor(r() * 256));
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const type = Math.floor(r() * 15);
    // Mostly the size the type wants (so decoding gets deep), sometimes anything.
    const len = r() < 0.8 ? (SIZES[type] ?? [4])[Math.floor(r() * (SIZES[type]?.length ?? 1))]! : [0, 1, 2, 3, 5, 8, 12][Math.floor(r() * 7)]!;
    const s = w.beginAttr(type | (r() < 0.05 ? 0x8000 : 0));
    for (let j = 0; j < len; j++) w.u8(r() < 0.3 ? 0 : Math.floor(r() * 256));
    if (type === 3 && len > 0 && r() < 0.8) for (let j = w.pos - len; j < w.pos - 1; j++) if (w.buf[j] === 0) w.buf[j] = 0x41;
    if ((type === 3 || r() < 0.3) && len > 0) w.buf[w.pos - 1] = 0; // labels NUL-terminated
    w.endAttr(s);
  }
  return w.toBytes();
}

function mutate(r: () => number, src: Uint8Array, seeds: Uint8Array[]): Uint8Array {
  let b = src.slice();
  const ops = 1 + Math.floor(r() * 4);
  for (let k = 0; k < ops; k++) {
    const op = Math.floor(r() * 7);
    if (op === 0 && b.length) b[Math.floor(r() * b.length)]! ^= 1 << Math.floor(r() * 8);
    else if (op === 1 && b.length) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
    else if (op === 2) b = b.slice(0, Math.floor(r() * (b.length + 1)));
    else if (op === 3) {
      const extra = Uint8Array.from({ length: Math.floor(r() * 24) }, () => Math.floor(r() * 256));
      const c = new Uint8Array(b.length + extra.length);
      c.set(b); c.set(extra, b.length);
      b = c;
    } else if (op === 4 && b.length > 9) {
      // lie in an nla_len-sized spot
      const at = 8 + 4 * Math.floor(r() * ((b.length - 8) / 4));
      if (at + 1 < b.length) { b[at] = Math.floor(r() * 40); b[at + 1] = r() < 0.9 ? 0 : Math.floor(r() * 256); }
    } else if (op === 5) {
      const o = seeds[Math.floor(r() * seeds.length)]!;
      const cut = 8 + Math.floor(r() * Math.max(1, o.length - 8));
      const c = new Uint8Array(Math.min(b.length, 8) + o.length - cut);
      c.set(b.subarray(0, Math.min(b.length, 8))); c.set(o.subarray(cut), Math.min(b.length, 8));
      b = c;
    } else if (op === 6 && b.length > 8) {
      // repeat an aligned chunk (duplicate attributes)
      const from = 8 + 4 * Math.floor(r() * ((b.length - 8) / 4));
      const chunk = b.slice(from, Math.min(b.length, from + 4 * (1 + Math.floor(r() * 6))));
      const c = new Uint8Array(b.length + chunk.length);
      c.set(b); c.set(chunk, b.length);
      b = c;
    }
  }
  return b;
}

function decodeBytes(b: Uint8Array): AddrMessage {
  return addrMessage.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
}

describe("address decoder fuzz", () => {
  it(`survives ${RUNS} seeded random and mutated inputs (seed 0x${SEED.toString(16)})`, () => {
    const r = rng(SEED);
    const seeds = kernelSeeds();
    expect(seeds.length).toBeGreaterThan(40);
    let decoded = 0;
    let rejected = 0;
    const w = new NlWriter(1024);
    for (let i = 0; i < RUNS; i++) {
      const pick = r();
      const input = pick < 0.15
        ? Uint8Array.from({ length: Math.floor(r() * 96) }, () => Math.floor(r() * 256))
        : pick < 0.45
          ? randomWellFormed(r)
          : mutate(r, seeds[Math.floor(r() * seeds.length)]!, seeds);
      let m: AddrMessage;
      try {
        m = decodeBytes(input);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw new Error(`input #${i} ${toHex(input)}: ${String(e)}`);
        rejected++;
        continue;
      }
      decoded++;
      w.reset();
      try {
        addrMessage.encode(w, m);
      } catch (e) {
        throw new Error(`input #${i} ${toHex(input)} decoded but does not encode: ${String(e)}`);
      }
      const again = decodeBytes(w.toBytes());
      if (JSON.stringify(again) !== JSON.stringify(m)) expect(again, `input #${i} ${toHex(input)}`).toEqual(m);
      toAddress(m);
    }
    // Both paths must be exercised, or the fuzzer proves nothing.
    expect(decoded).toBeGreaterThan(RUNS / 5);
    expect(rejected).toBeGreaterThan(RUNS / 5);
  });
});
