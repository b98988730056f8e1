/**
 * u32 filter requests equal tc 6.1's byte for byte (nlmsg_seq/pid zeroed):
 * each command of U32_CAPTURES was run by tc under strace
 * (`bun fixtures/tc/u32-captures.ts NAME`; the kernel refused after tc
 * sent, e.g. for act_police which it lacks), and nl.tc builds the same
 * message from a typed spec (one call per capture) and from the CLI
 * parser's words (the attributes in tc's order: the word-ordered ones as
 * the words come, a repeated word sent twice, then hash, sel, flags).
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { U32_CAPTURES } from "../../fixtures/tc/u32-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { FilterApi, TcApi } from "../../lib/rtnl/tc/api.ts";
import { describeIproute2Bytes, messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { parseFilterArgs } from "../../cli/tc/parse-filter.ts";

const at = { dev: "v0", parent: "ingress", kind: "u32" } as const;
const key = (val: number, mask: number, off = 0, offmask = 0) => ({ val, mask, off, offmask });

describeIproute2Bytes<TcApi>("u32 filters: library requests equal tc's (strace captures)", {
  captures: U32_CAPTURES,
  calls: {
    "tc-u32-police": (t) => t.filters.add({ ...at, protocol: "ip", pref: 1, options: { police: { rate: "1mbit", burst: "10k", exceed: "drop" }, classid: "1:1", sel: { keys: [key(0xc0000200, 0xffffff00, 12)] } } }),
    "tc-u32-police-action": (t) => t.filters.add({ ...at, protocol: "ip", pref: 2, options: { classid: "1:2", police: { rate: "2mbit", burst: "20k" }, actions: [{ kind: "mirred", direction: "egress", action: "redirect", ifindex: 11 }], sel: { keys: [key(0, 0)] } } }),
    "tc-u32-twice": (t) => t.filters.add({ ...at, protocol: "ip", pref: 3, options: { classid: "1:1", indev: "v1", again: [{ classid: "1:2", link: 0x00100000, indev: "v0" }, { link: 0x00200000 }], sel: { keys: [key(0, 0)] } } }),
    "tc-u32-hashing": (t) => t.filters.add({ ...at, protocol: "ip", pref: 5, options: { link: 0x01100000, hash: 0x01007000, sel: { flags: 2 | 4 | 8, offshift: 6, offmask: 0x0f00, off: 4, hoff: 12, hmask: 0x0000ff00, keys: [key(0xcb007107, 0xffffffff, 16)] }, skipHw: true } }),
    "tc-u32-order-police": (t) => t.filters.add({ ...at, protocol: "ip", pref: 6, handle: 0x80000005, options: { police: { rate: "1mbit", burst: "10k" }, actions: [{ kind: "mirred", direction: "egress", action: "mirror", ifindex: 11 }], sel: { keys: [key(80, 0xffff, 0, -1)] } } }),
    "tc-u32-divisor": (t) => t.filters.add({ ...at, protocol: "ip", pref: 7, handle: 0x01000000, options: { divisor: 16 } }),
    "tc-u32-ether-ip6": (t) => t.filters.add({ ...at, protocol: "all", pref: 8, options: { classid: "1:3", sel: { keys: [key(0x02000000, 0xffffffff, -8), key(0x00010000, 0xffff0000, -4), key(0, 0x00ff0000, 40, 1), key(0x12345, 0xfffff)] }, skipSw: true } }),
    // offset and hashkey without a match: tc sends no selector at all
    "tc-u32-offset-only": (t) => t.filters.add({ ...at, protocol: "ip", pref: 9, options: { classid: "1:9" } }),
  },
  api: (c) => new TcApi(c),
  types: [RTM_TC.NEWTFILTER],
  links: LINKS,
  read: readTcCapture,
});

describe("the CLI's u32 words give tc's request", () => {
  for (const c of U32_CAPTURES) {
    it(`${c.name}: tc ${c.args.join(" ")}`, () => {
      const a = c.args;
      const arg = (w: string): string | undefined => (a.indexOf(w) >= 0 ? a[a.indexOf(w) + 1] : undefined);
      const k = a.indexOf("u32");
      const parsed = parseFilterArgs("u32", a.slice(k + 1), arg("handle"));
      const o = parsed.options as { actions?: Array<Record<string, unknown>> };
      for (const x of o.actions ?? []) if (typeof x.dev === "string") { x.ifindex = LINKS[x.dev]; delete x.dev; }
      const { conn, kernel } = fakeConn({ links: LINKS });
      new FilterApi(conn, { checks: "kernel" }).add({ ...at, protocol: arg("protocol"), pref: Number(arg("prio")), handle: parsed.handle, options: parsed.options } as never);
      const theirs = messagesOf(readTcCapture(c.name).requests.map((h) => fromHex(h)), [RTM_TC.NEWTFILTER]);
      expect(normalisedHex(messagesOf(kernel.sent, [RTM_TC.NEWTFILTER])[0]!)).toBe(normalisedHex(theirs[0]!));
    });
  }
});
