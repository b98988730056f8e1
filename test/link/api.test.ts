/**
 * LinkApi behaviour that needs no kernel: list/iterate filters are sent in
 * the dump request and applied again here (so a kernel without strict
 * checking, or one that does not know the kind, still gives the right
 * answer), get by name vs by index, find on ENODEV, the alias follow-up
 * request of add, and set's address-length check against the link's own
 * length (fake links of 0, 4, 6 and 20 bytes).
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { linkMessage, linkRequest, type LinkMessage } from "../../codecs/link/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { AddressLengthError, LinkApi } from "../../lib/rtnl/link/api.ts";
import { encodePayload, fakeConn } from "../helpers/fake-kernel.ts";

const link = (index: number, ifname: string, kind?: string, master?: number): LinkMessage => ({
  family: 0, type: 1, index, flags: [], change: 0,
  attrs: { ifname, ...(master ? { master } : {}), ...(kind ? { linkinfo: { kind } } : {}) },
});
const DUMP = [link(1, "lo"), link(10, "v0", "veth", 12), link(11, "v1", "veth"), link(12, "b0", "bridge"), link(13, "v2", "veth", 12)];

const sentDumps = (sent: Uint8Array[]) =>
  sent.flatMap((d) => splitMessages(d)).filter((m) => m.type === RTM.GETLINK && (m.flags & 0x300) === 0x300)
    .map((m) => linkRequest.decode(m.buf, m.dv, m.payload, m.end).attrs);

describe("LinkApi filters", () => {
  for (const strict of [true, false]) {
    it(`filters by master and kind (strict checking ${strict ? "on" : "off"}, the fake kernel never filters)`, () => {
      const { conn, kernel } = fakeConn({ links: { v0: 10, v1: 11, b0: 12 }, dumps: { [RTM.GETLINK]: DUMP.map((l) => [RTM.NEWLINK, encodePayload(linkMessage, l)]) }, strictCheck: strict });
      expect(conn.strictCheck).toBe(strict);
      const api = new LinkApi(conn);
      expect(api.list().map((l) => l.attrs.ifname)).toEqual(["lo", "v0", "v1", "b0", "v2"]);
      expect(api.list({ kind: "veth" }).map((l) => l.attrs.ifname)).toEqual(["v0", "v1", "v2"]);
      expect(api.list({ master: "b0" }).map((l) => l.attrs.ifname)).toEqual(["v0", "v2"]);
      expect([...api.iterate({ master: 12, kind: "veth" })].map((l) => l.attrs.ifname)).toEqual(["v0", "v2"]);
      expect(api.list({ kind: "bridge", master: 12 })).toEqual([]);
      expect(sentDumps(kernel.sent)).toEqual([{}, { linkinfo: { kind: "veth" } }, { master: 12 }, { master: 12, linkinfo: { kind: "veth" } }, { master: 12, linkinfo: { kind: "bridge" } }]);
    });
  }
});

describe("LinkApi get / find / add", () => {
  it("get by name sends IFLA_IFNAME, by index sends ifi_index; find turns ENODEV into undefined", () => {
    const { conn, kernel } = fakeConn({ links: { v0: 10 } });
    const api = new LinkApi(conn);
    expect(api.get("v0").ifindex).toBe(10);
    expect(api.get(10).attrs.ifname).toBe("v0");
    expect(api.find("nope")).toBeUndefined();
    expect(() => api.get("nope")).toThrow(/RTM_GETLINK: ENODEV/);
    const reqs = kernel.sent.flatMap((d) => splitMessages(d)).map((m) => linkRequest.decode(m.buf, m.dv, m.payload, m.end));
    expect(reqs[0]).toMatchObject({ index: 0, attrs: { ifname: "v0" } });
    expect(reqs[1]).toMatchObject({ index: 10, attrs: {} });
    expect(kernel.sent.every((d) => (d[6]! & 0x300) === 0)).toBe(true); // never a dump
    // get sends exactly the bytes linkRequest writes for that message
    const payload = (m: { buf: Uint8Array; payload: number; end: number }) => [...m.buf.subarray(m.payload, m.end)];
    const want = (index: number, attrs: LinkMessage["attrs"]) => {
      const w = new NlWriter(64);
      linkRequest.encode(w, { family: 0, type: 0, index, flags: [], change: 0, attrs });
      return [...w.toBytes()];
    };
    const msgs = kernel.sent.flatMap((d) => splitMessages(d));
    expect(payload(msgs[0]!)).toEqual(want(0, { ifname: "v0" }));
    expect(payload(msgs[1]!)).toEqual(want(10, {}));
  });

  it("add with an alias sends the creation (echoed), then the alias to the link the kernel made", () => {
    const { conn, kernel } = fakeConn();
    new LinkApi(conn).add({ name: "d0", kind: "dummy", alias: "spare" }, { echo: false }); // echo: false still echoes the creation for the alias
    const msgs = kernel.sent.flatMap((d) => splitMessages(d));
    expect(msgs.map((m) => [m.type, m.flags])).toEqual([[RTM.NEWLINK, 0x60d], [RTM.NEWLINK, 0x5]]);
    expect(linkRequest.decode(msgs[0]!.buf, msgs[0]!.dv, msgs[0]!.payload, msgs[0]!.end).attrs).toEqual({ ifname: "d0", linkinfo: { kind: "dummy" } });
    const alias = linkRequest.decode(msgs[1]!.buf, msgs[1]!.dv, msgs[1]!.payload, msgs[1]!.end);
    expect([alias.index, alias.attrs]).toEqual([100, { ifalias: "spare" }]); // the fake kernel made it as index 100
  });
});

describe("LinkApi set address: the link's own address length, for every length", () => {
  const sentTypes = (sent: Uint8Array[]) => sent.flatMap((d) => splitMessages(d)).map((m) => m.type);
  const cases: Array<[string, number, string, RegExp | undefined]> = [
    ["6 bytes on an Ethernet link", 6, "02:00:00:00:00:99", undefined],
    ["8 bytes on an Ethernet link", 6, "02:00:00:00:00:01:02:03", /^address: "02:00:00:00:00:01:02:03" has 8 bytes, link "x0" has 6-byte addresses$/],
    ["6 bytes on a 4-byte link (ipip, sit)", 4, "02:00:00:00:00:99", /^address: "02:00:00:00:00:99" has 6 bytes, link "x0" has 4-byte addresses$/],
    ["4 bytes (dotted) on a 4-byte link", 4, "192.0.2.1", undefined],
    ["6 bytes on a link without addresses (tun)", 0, "02:00:00:00:00:99", /^address: link "x0" has no hardware address \(address length 0\), so "02:00:00:00:00:99" \(6 bytes\) cannot be set$/],
    ["20 bytes on a 20-byte link (infiniband)", 20, Array.from({ length: 20 }, (_, i) => (i + 2).toString(16).padStart(2, "0")).join(":"), undefined],
  ];
  for (const [what, len, address, refused] of cases) {
    it(`${what}: ${refused ? "AddressLengthError before the set" : "set after one RTM_GETLINK"}`, () => {
      const { conn, kernel } = fakeConn({ links: { x0: 7 }, addrLen: { x0: len } });
      const api = new LinkApi(conn);
      if (refused) {
        expect(() => api.set("x0", { address, up: true })).toThrow(refused);
        const e = (() => { try { api.set(7, { address }); } catch (err) { return err; } })() as AddressLengthError;
        expect([e instanceof RangeError, e.length, e.linkLength]).toEqual([true, address.includes(".") ? 4 : address.split(":").length, len]);
        expect(sentTypes(kernel.sent)).toEqual([RTM.GETLINK, RTM.GETLINK]); // the two lookups, no RTM_NEWLINK
      } else {
        api.set("x0", { address });
        const msgs = kernel.sent.flatMap((d) => splitMessages(d));
        expect(msgs.map((m) => m.type)).toEqual([RTM.GETLINK, RTM.NEWLINK]); // the lookup by name also gives the index
        const set = linkRequest.decode(msgs[1]!.buf, msgs[1]!.dv, msgs[1]!.payload, msgs[1]!.end);
        expect([set.index, set.attrs.address]).toEqual([7, len === 4 ? "c0:00:02:01" : address]);
      }
    });
  }

  it("addressLength \"iproute2\" (the CLI's): a link without addresses gets the request, as ip sends it; lengths it reports are still checked", () => {
    const { conn, kernel } = fakeConn({ links: { t0: 5, v0: 10 }, addrLen: { t0: 0 } });
    const api = new LinkApi(conn, { addressLength: "iproute2" });
    api.set("t0", { address: "02:00:00:00:00:99" });
    expect(() => api.set("v0", { address: "02:00:00:00:01" })).toThrow(AddressLengthError);
    expect(sentTypes(kernel.sent)).toEqual([RTM.GETLINK, RTM.NEWLINK, RTM.GETLINK]);
    expect(() => new LinkApi(conn, { addressLength: "x" as never })).toThrow(/^addressLength: expected "link" or "iproute2", got "x"/);
  });
});
