/**
 * Inputs of the fuzz test (fuzz.test.ts): the corpus of real datagrams
 * from fixtures/**, the codecs under test discovered in codecs/<family>/,
 * and the mutations (bit flips, lying lengths, nla_len below 4, nesting
 * past its parent, truncation, type changes, splices, inserted bytes),
 * random datagrams and deep nesting.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AttrSet, encodeMessage, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NlWriter, splitMessages, type MessageCodec } from "../../codecs/core/index.ts";
import { parseFixture } from "../../lib/transport/fixture.ts";
import type { Prng } from "../helpers/prng.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// ---------------------------------------------------------------- corpus

export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...fixtureFiles(p));
    else if (name.endsWith(".json")) out.push(p);
  }
  return out;
}

/** Every datagram (sent and received) of every fixture. */
export function loadSeeds(): Uint8Array[] {
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
export function singleMessages(seeds: Uint8Array[]): Uint8Array[] {
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
export function familyOf(type: number): { family: string; header: number } | undefined {
  if (type >= 16 && type <= 19) return { family: "link", header: 16 };
  if (type >= 20 && type <= 22) return { family: "addr", header: 8 };
  if (type >= 24 && type <= 26) return { family: "route", header: 12 };
  if (type >= 28 && type <= 30) return { family: "neigh", header: 12 };
  if (type >= 32 && type <= 34) return { family: "rule", header: 12 };
  if (type >= 88 && type <= 90) return { family: "nsid", header: 4 };
  if (type >= 104 && type <= 106) return { family: "nexthop", header: 8 };
  return undefined;
}

export interface Family {
  family: string;
  codecs: Array<{ name: string; codec: MessageCodec<unknown> }>;
  sets: Array<{ name: string; set: AttrSet<object> }>;
  error?: string;
}

export function isMessageCodec(v: unknown): v is MessageCodec<unknown> {
  if (v === null || typeof v !== "object" || v instanceof AttrSet) return false;
  const c = v as Record<string, unknown>;
  return typeof c.name === "string" && typeof c.decode === "function" && typeof c.encode === "function" && !("size" in c) && c.decode.length >= 4;
}

/** Import codecs/<family>/index.ts of every family folder and collect its message codecs and attribute sets. */
export async function loadFamilies(): Promise<Family[]> {
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

// ---------------------------------------------------------------- mutations

export interface AttrPos { off: number; len: number; parentEnd: number; depth: number }

/** Attribute headers found by walking each message's attributes (and anything that looks nested). */
export function attrPositions(d: Uint8Array): AttrPos[] {
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

export const TYPES = [2, 3, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 28, 29, 30, 32, 33, 34, 88, 89, 90, 104, 105, 106];

export function mutate(r: Prng, input: Uint8Array, seeds: Uint8Array[]): Uint8Array {
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
export function randomDatagram(r: Prng): Uint8Array {
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
export function deepNesting(r: Prng, type: number, depth: number): Uint8Array {
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
