/**
 * Seeded fuzzing of the link decoders (linkMessage and linkRequest) with
 * more than 100,000 inputs built from real messages: every RTM_NEWLINK the
 * kernel sent in fixtures/link and every request in fixtures/iproute2/link-*.
 * Mutations work on the attribute tree at any depth (payload bytes, lying
 * lengths, changed types and NLA_F_* bits, deleted/duplicated/moved
 * attributes, a different IFLA_INFO_KIND so one kind's data meets another
 * kind's decoder, a different ifi_family so IFLA_PROTINFO/AF_SPEC change
 * meaning) plus flat bit flips, truncation and random bytes. Only
 * DecodeError may escape decode; whatever decodes must encode, and
 * decode(encode(decode(x))) must equal decode(x).
 */
import { describe, expect, it } from "vitest";
import { HOST_LE } from "../../codecs/core/align.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { linkMessage, linkRequest, type LinkMessage } from "../../codecs/link/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { CAPTURES } from "../../fixtures/link/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { Prng } from "../helpers/prng.ts";
import { fixtureNames, loadFixture } from "../helpers/replay.ts";
import { fuzzBudget } from "../fuzz/budget.ts";

/** A TLV tree node: either raw payload or children (when the payload parses as attributes exactly). */
interface Node {
  type: number;
  payload: Uint8Array;
  kids?: Node[];
}

function parse(buf: Uint8Array, depth: number): Node[] | undefined {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Node[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 4) return undefined;
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4 || off + len > buf.length) return undefined;
    const payload = buf.subarray(off + 4, off + len);
    const n: Node = { type: dv.getUint16(off + 2, HOST_LE), payload };
    if (depth < 6 && payload.length >= 4) n.kids = parse(payload, depth + 1);
    out.push(n);
    off += (len + 3) & ~3;
  }
  return out;
}

function serialise(nodes: Node[], w: NlWriter): void {
  for (const n of nodes) {
    const s = w.beginAttr(n.type);
    if (n.kids) serialise(n.kids, w);
    else w.bytes(n.payload);
    w.endAttr(s);
  }
}

function allLists(nodes: Node[], out: Node[][] = []): Node[][] {
  out.push(nodes);
  for (const n of nodes) if (n.kids) allLists(n.kids, out);
  return out;
}

const KINDS = ["veth", "bridge", "macvlan", "macvtap", "ipvlan", "vxlan", "vlan", "bond", "vrf", "gre", "gretap", "ip6gre", "ipip", "sit", "ip6tnl", "geneve", "tun", "vti", "dummy", "nosuch"];
const FAMILIES = [0, 2, 7, 10, 45];
const te = new TextEncoder();

/** One structural mutation of a message payload (ifinfomsg + attributes). */
function mutate(seed: Uint8Array, r: Prng): Uint8Array {
  const head = seed.slice(0, 16);
  const tree = parse(seed.subarray(16), 0) ?? [];
  const lists = allLists(tree);
  const rounds = 1 + r.below(3);
  for (let i = 0; i < rounds; i++) {
    const list = r.pick(lists);
    const j = list.length ? r.below(list.length) : 0;
    const n = list[j];
    switch (r.below(11)) {
      case 0: // corrupt payload bytes
        if (n) {
          const p = n.payload.slice();
          for (let k = 0; k < 1 + r.below(4) && p.length; k++) p[r.below(p.length)] = r.u32() & 0xff;
          list[j] = { type: n.type, payload: p };
        }
        break;
      case 1: // resize payload
        if (n) {
          const len = r.pick([0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, n.payload.length + 1, Math.max(0, n.payload.length - 1)]);
          const p = new Uint8Array(len);
          p.set(n.payload.subarray(0, len));
          list[j] = { type: n.type, payload: p };
        }
        break;
      case 2: // change type / flag bits
        if (n) list[j] = { ...n, type: r.chance(0.5) ? (n.type ^ (1 << r.below(16))) & 0xffff : r.below(80) | (r.chance(0.1) ? 0x8000 : 0) };
        break;
      case 3: // delete
        if (n) list.splice(j, 1);
        break;
      case 4: // duplicate
        if (n) list.splice(r.below(list.length + 1), 0, n);
        break;
      case 5: // move
        if (n) {
          list.splice(j, 1);
          list.splice(r.below(list.length + 1), 0, n);
        }
        break;
      case 6: { // swap the kind string: one kind's data meets another kind's decoder
        const kinds = lists.flatMap((l) => l.filter((x) => (x.type & 0x3fff) === 1 && x.payload.length < 12 && /^[a-z0-9]+\0?$/.test(String.fromCharCode(...x.payload))));
        const k = kinds.length ? r.pick(kinds) : undefined;
        if (k) k.payload = te.encode(r.pick(KINDS) + (r.chance(0.9) ? "\0" : ""));
        break;
      }
      case 7: // change ifi_family
        head[0] = r.pick(FAMILIES);
        break;
      case 8: // insert a random attribute
        list.splice(r.below(list.length + 1), 0, { type: r.below(70), payload: r.bytes(r.pick([0, 1, 2, 4, 8, 16, 200])) });
        break;
      case 9: // flatten a nest into raw bytes and flip one
        if (n?.kids) {
          const w = new NlWriter(256);
          serialise(n.kids, w);
          const p = w.toBytes();
          if (p.length) {
            const at = r.below(p.length);
            p[at] = p[at]! ^ (1 << r.below(8));
          }
          list[j] = { type: n.type, payload: p };
        }
        break;
      default: // header fields
        head[r.below(16)] = r.u32() & 0xff;
    }
  }
  const w = new NlWriter(seed.length + 256);
  w.bytes(head);
  serialise(tree, w);
  let out = w.toBytes();
  if (r.chance(0.05)) out = out.subarray(0, r.below(out.length + 1)); // truncate
  if (r.chance(0.05) && out.length > 17) { // a lying length somewhere
    const at = 16 + r.below(out.length - 17);
    out = out.slice();
    out[at] = r.u32() & 0xff;
  }
  return out;
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));

/** Structural equality of decoded values (plain objects, arrays, strings, numbers, bigints, booleans). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function check(codec: MessageCodec<LinkMessage>, input: Uint8Array): "ok" | "rejected" {
  const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let first: LinkMessage;
  try {
    first = codec.decode(input, dv, 0, input.length);
  } catch (e) {
    if (e instanceof DecodeError) return "rejected";
    throw new Error(`non-DecodeError ${(e as Error).name}: ${(e as Error).message} for input ${Buffer.from(input).toString("hex")}`);
  }
  const w = new NlWriter(input.length + 64);
  try {
    codec.encode(w, first);
  } catch (e) {
    throw new Error(`decoded value does not encode (${(e as Error).message}) for input ${Buffer.from(input).toString("hex")}`);
  }
  const b = w.toBytes();
  const second = codec.decode(b, new DataView(b.buffer), 0, b.length);
  if (!same(second, first)) {
    throw new Error(`decode(encode(decode(x))) differs for input ${Buffer.from(input).toString("hex")}:\n${show(first)}\n${show(second)}`);
  }
  return "ok";
}

function seeds(): { answers: Uint8Array[]; requests: Uint8Array[] } {
  const answers: Uint8Array[] = [];
  const requests: Uint8Array[] = [];
  for (const name of fixtureNames("link")) {
    for (const ex of loadFixture("link", name).exchanges) {
      for (const m of splitMessages(fromHex(ex.send))) requests.push(m.buf.slice(m.payload, m.end));
      for (const h of ex.recv) for (const m of splitMessages(fromHex(h))) if (m.type === RTM.NEWLINK) answers.push(m.buf.slice(m.payload, m.end));
    }
  }
  for (const c of CAPTURES) {
    for (const h of readIpCapture(c.name).requests) for (const m of splitMessages(fromHex(h))) requests.push(m.buf.slice(m.payload, m.end));
  }
  return { answers, requests };
}

describe("link decoder fuzz (seeded)", () => {
  const { answers, requests } = seeds();

  it("has seeds from both the kernel and iproute2", () => {
    expect(answers.length).toBeGreaterThan(50);
    expect(requests.length).toBeGreaterThan(50);
    for (const s of answers) expect(check(linkMessage, s)).toBe("ok");
    for (const s of requests) expect(check(linkRequest, s)).toBe("ok");
  });

  const cases: Array<[string, MessageCodec<LinkMessage>, () => Uint8Array[], number, number]> = [
    ["kernel answers through linkMessage", linkMessage, () => answers, 0x5eed01, fuzzBudget(45_000)],
    ["iproute2 requests through linkRequest", linkRequest, () => requests, 0x5eed02, fuzzBudget(70_000)],
  ];
  for (const [what, codec, pool, seed, n] of cases) {
    it(`${what}: ${n} mutated inputs, only DecodeError escapes, decode(encode(decode(x))) = decode(x)`, () => {
      const r = new Prng(seed);
      const src = pool();
      let ok = 0;
      let rejected = 0;
      for (let i = 0; i < n; i++) {
        const input = mutate(r.pick(src), r);
        if (check(codec, input) === "ok") ok++;
        else rejected++;
      }
      // both outcomes must be well represented, or the mutations are too weak / too strong
      expect(ok).toBeGreaterThan(n * 0.2);
      expect(rejected).toBeGreaterThan(n * 0.05);
    }, 60_000);
  }

  it(`${fuzzBudget(5_000)} random byte strings`, () => {
    const r = new Prng(0x5eed03);
    for (let i = 0; i < fuzzBudget(5_000); i++) check(r.chance(0.5) ? linkMessage : linkRequest, r.bytes(r.below(300)));
  });
});
