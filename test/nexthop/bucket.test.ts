/**
 * Buckets of resilient nexthop groups (lib/rtnl/nexthop/bucket.ts): the
 * RTM_GETNEXTHOPBUCKET requests NexthopApi.buckets/bucket send equal, byte
 * for byte (nlmsg_seq and nlmsg_pid zeroed), what iproute2 6.1 sent for
 * the same `ip nexthop bucket` command (transcribed from strace on a
 * kernel 6.18 namespace: lo 1, v1 2, v0 3); a kernel answer captured there
 * decodes to the bucket ip printed for it; bad input is refused before any
 * request.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { nexthopCodec } from "../../codecs/nexthop/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { formatNexthopBucket } from "../../lib/format/nexthop.ts";
import { toNexthopBucket } from "../../lib/rtnl/nexthop/bucket.ts";
import { NexthopApi } from "../../lib/rtnl/nexthop/api.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";

const LINKS = { lo: 1, v1: 2, v0: 3 };
const sent = (f: (n: NexthopApi) => unknown): string => {
  const { conn, kernel } = fakeConn({ links: LINKS });
  f(new NexthopApi(conn));
  return normalisedHex(messagesOf(kernel.sent, [RTM.GETNEXTHOPBUCKET])[0]!);
};

describe("nexthop bucket requests equal iproute2's (strace)", () => {
  it("ip nexthop bucket: an all-zero nhmsg dump request", () => {
    expect(sent((n) => n.buckets())).toBe("1800000076000103" + "0000000000000000" + "0000000000000000");
  });
  it("ip -6 nexthop bucket list id 101: family and NHA_ID", () => {
    expect(sent((n) => n.buckets({ family: "inet6", id: 101 }))).toBe("2000000076000103" + "0000000000000000" + "0a00000000000000" + "0800010065000000");
  });
  it("ip nexthop bucket list dev v0 master v1 id 101 nhid 2: NHA_OIF, NHA_MASTER, NHA_ID, then NHA_RES_BUCKET (nested) { NH_ID }", () => {
    expect(sent((n) => n.buckets({ dev: "v0", master: "v1", id: 101, nhid: 2 }))).toBe(
      "3c00000076000103" + "0000000000000000" + "0000000000000000" + "0800050003000000" + "08000a0002000000" + "0800010065000000" + "0c000d8008000300" + "02000000",
    );
  });
  it("ip nexthop bucket get id 101 index 2: NHA_ID, NHA_RES_BUCKET (nested) { INDEX }", () => {
    expect(sent((n) => n.bucket(101, 2))).toBe("2c00000076000100" + "0000000000000000" + "0000000000000000" + "0800010065000000" + "0c000d8006000100" + "02000000");
  });
});

describe("a kernel answer", () => {
  // RTM_NEWNEXTHOPBUCKET payload answered to the get above (nhid 1, idle 1 clock tick); ip printed
  // "id 101 index 2 idle_time 0.01 nhid 1 "
  const payload = fromHex("0000000000000000" + "0800010065000000" + "20000d80" + "0600010002000000" + "0800030001000000" + "0c00020001000000" + "00000000");
  it("decodes to the bucket ip printed, text and JSON", () => {
    const m = nexthopCodec.decode(payload, new DataView(payload.buffer), 0, payload.length);
    const b = toNexthopBucket(m);
    expect(b).toEqual({ id: 101, index: 2, idleTime: 0.01, nhid: 1, flags: [] });
    expect(formatNexthopBucket(b)).toBe("id 101 index 2 idle_time 0.01 nhid 1 \n");
    expect(formatNexthopBucket(b, { json: true })).toBe('{"id":101,"bucket":{"index":2,"idle_time":0.01,"nhid":1},"flags":[]}');
  });
  it("re-encodes losslessly (the nest's NLA_F_NESTED and the kernel's attribute order kept)", () => {
    const m = nexthopCodec.decode(payload, new DataView(payload.buffer), 0, payload.length);
    const w = new NlWriter();
    nexthopCodec.encode(w, m);
    expect(Buffer.from(w.toBytes()).toString("hex")).toBe(Buffer.from(payload).toString("hex"));
  });
});

describe("bad input is refused before any request", () => {
  const cases: Array<[string, (n: NexthopApi) => unknown, RegExp]> = [
    ["filter key", (n) => n.buckets({ groups: true } as never), /filter: unknown key "groups"|groups/],
    ["filter.id 0", (n) => n.buckets({ id: 0 }), /filter\.id/],
    ["filter.nhid", (n) => n.buckets({ nhid: -1 }), /filter\.nhid/],
    ["filter.family", (n) => n.buckets({ family: "ipx" as never }), /filter\.family/],
    ["id", (n) => n.bucket(0, 1), /^id\b|id:/],
    ["index", (n) => n.bucket(1, 70000), /index/],
  ];
  for (const [what, f, re] of cases) {
    it(what, () => {
      const { conn, kernel } = fakeConn({ links: LINKS });
      expect(() => f(new NexthopApi(conn))).toThrow(re);
      expect(messagesOf(kernel.sent, [RTM.GETNEXTHOPBUCKET])).toEqual([]);
    });
  }
});
