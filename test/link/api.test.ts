/**
 * LinkApi behaviour that needs no kernel: list/iterate filters are sent in
 * the dump request and applied again here (so a kernel without strict
 * checking, or one that does not know the kind, still gives the right
 * answer), get by name vs by index, find on ENODEV, and the alias follow-up
 * request of add.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { linkMessage, linkRequest, type LinkMessage } from "../../codecs/link/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
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
  });

  it("add with an alias sends the creation (echoed), then the alias to the link the kernel made", () => {
    const { conn, kernel } = fakeConn();
    new LinkApi(conn).add({ name: "d0", kind: "dummy", alias: "spare" });
    const msgs = kernel.sent.flatMap((d) => splitMessages(d));
    expect(msgs.map((m) => [m.type, m.flags])).toEqual([[RTM.NEWLINK, 0x60d], [RTM.NEWLINK, 0x5]]);
    expect(linkRequest.decode(msgs[0]!.buf, msgs[0]!.dv, msgs[0]!.payload, msgs[0]!.end).attrs).toEqual({ ifname: "d0", linkinfo: { kind: "dummy" } });
    const alias = linkRequest.decode(msgs[1]!.buf, msgs[1]!.dv, msgs[1]!.payload, msgs[1]!.end);
    expect([alias.index, alias.attrs]).toEqual([100, { ifalias: "spare" }]); // the fake kernel made it as index 100
  });
});
