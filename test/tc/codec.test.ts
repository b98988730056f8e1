/**
 * codecs/tc against the kernel's own bytes (fixtures/tc/dumps.json, made by
 * fixtures/tc/capture-dumps.ts): every qdisc, class, filter and action
 * message decodes, re-encodes to the very same bytes (lossless), and the
 * decoded values agree with what `tc -s -d -j` printed for the same state.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NlWriter } from "../../codecs/core/writer.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { actionMessage, classMessage, filterMessage, qdiscMessage, type TcMessage } from "../../codecs/tc/message.ts";
import { formatClassid, parseClassid, parseQdiscHandle } from "../../codecs/tc/tables.ts";

const dumps = JSON.parse(readFileSync(new URL("../../fixtures/tc/dumps.json", import.meta.url), "utf8")) as {
  answers: Record<string, string[]>;
  tcJson: Record<string, Array<Record<string, unknown>>>;
};

const codecs: Record<string, MessageCodec<any>> = { qdisc: qdiscMessage, class: classMessage, filter: filterMessage, action: actionMessage };

function decode<T>(codec: MessageCodec<T>, hex: string): T {
  const b = fromHex(hex);
  return codec.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
}
function encode<T>(codec: MessageCodec<T>, m: T): string {
  const w = new NlWriter();
  codec.encode(w, m);
  return toHex(w.toBytes());
}

/** Messages of a dump that are not NLMSG_DONE. */
function messages(name: string): string[] {
  return dumps.answers[name]!.map((l) => l.split(" ")).filter(([t]) => t !== "3").map((p) => p[2]!);
}

describe("tc codecs: kernel bytes round trip", () => {
  for (const name of Object.keys(codecs)) {
    it(`${name}: every message decodes and re-encodes to the same bytes`, () => {
      const ms = messages(name);
      expect(ms.length).toBeGreaterThan(0);
      for (const hex of ms) expect(encode(codecs[name]!, decode(codecs[name]!, hex))).toBe(hex);
    });
  }

  it("typed options of the captured kinds, checked against tc -j", () => {
    const qs = messages("qdisc").map((h) => decode(qdiscMessage, h) as TcMessage);
    const htb = qs.find((q) => q.attrs.kind === "htb")!;
    const tcHtb = dumps.tcJson["qdisc show dev v0"]!.find((q) => q.kind === "htb")!;
    expect(formatClassid(htb.handle)).toBe(tcHtb.handle);
    const init = (htb.attrs.options as { init: { rate2quantum: number; defcls: number } }).init;
    expect(init.rate2quantum).toBe((tcHtb.options as { r2q: number }).r2q);
    expect(`0x${init.defcls.toString(16)}`).toBe((tcHtb.options as { default: string }).default);
    const pfifo = qs.find((q) => q.attrs.kind === "pfifo")!;
    const tcPfifo = dumps.tcJson["qdisc show dev v0"]!.find((q) => q.kind === "pfifo")!;
    expect((pfifo.attrs.options as { limit: number }).limit).toBe((tcPfifo.options as { limit: number }).limit);
    const tbf = qs.find((q) => q.attrs.kind === "tbf")!;
    const tcTbf = dumps.tcJson["qdisc show dev ifb0x"]!.find((q) => q.kind === "tbf")!;
    const parms = (tbf.attrs.options as { parms: { rate: { rate: number } }; burst?: number }).parms;
    expect(parms.rate.rate).toBe((tcTbf.options as { rate: number }).rate);
  });

  it("u32 keys and the mirred action decode to the values tc was given", () => {
    const fs = messages("filter").map((h) => decode(filterMessage, h) as TcMessage);
    const keys = fs.flatMap((f) => ((f.attrs.options as { sel?: { keys: Array<{ val: number; mask: number; off: number }> } })?.sel?.keys ?? []));
    expect(keys).toContainEqual({ mask: 0xffffffff, val: 0xc0000201, off: 16, offmask: 0 });
    const act = fs.flatMap((f) => ((f.attrs.options as { act?: Array<{ kind: string; options: { parms: { eaction: number; ifindex: number } } }> })?.act ?? []));
    expect(act.map((a) => [a.kind, a.options.parms.eaction, a.options.parms.ifindex])).toContainEqual(["mirred", 1, 12]);
    expect(act.map((a) => [a.kind, a.options.parms.eaction, a.options.parms.ifindex])).toContainEqual(["mirred", 4, 14]);
  });
});

describe("tc handles", () => {
  it.each([
    ["root", 0xffffffff], ["none", 0], ["1:", 0x10000], ["1:10", 0x10010], [":a", 0xa], ["ffff:fff1", 0xfffffff1],
  ] as const)("%s <-> %d", (s, n) => {
    expect(parseClassid(s)).toBe(n);
    expect(formatClassid(n)).toBe(s);
  });
  it("rejects what tc rejects", () => {
    for (const s of ["10000:", "1:10000", "x", "1:2:3", ""]) expect(parseClassid(s)).toBeUndefined();
    expect(parseQdiscHandle("1:")).toBe(0x10000);
    expect(parseQdiscHandle("1:1")).toBeUndefined();
  });
});
