/**
 * Unit tests of turning multicast datagrams into events
 * (lib/monitor/decode-event.ts), on datagrams captured from the kernel:
 * every notification becomes a typed new/del event in order, a notification
 * that does not decode becomes an "undecodable" event instead of vanishing,
 * and types a subscription does not deliver are skipped.
 */
import { describe, expect, it } from "vitest";
import { HOST_LE } from "../../codecs/core/align.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { decodeDatagram, familyOfType, type MonitorEvent } from "../../lib/monitor/decode-event.ts";
import { loadFixture } from "../helpers/replay.ts";

function events(d: Uint8Array): MonitorEvent[] {
  const out: MonitorEvent[] = [];
  decodeDatagram(d, (e) => out.push(e));
  return out;
}

/** The first answer datagram of a fixture that holds messages of `type`. */
function datagramWith(family: string, name: string, type: number): Uint8Array {
  for (const ex of loadFixture(family, name).exchanges) {
    for (const h of ex.recv) {
      const d = fromHex(h);
      if (splitMessages(d).some((m) => m.type === type)) return d;
    }
  }
  throw new Error(`no ${type} in ${family}/${name}`);
}

describe("decodeDatagram", () => {
  it("turns every RTM_NEWLINK of a kernel datagram into a link event, in order", () => {
    const d = datagramWith("core", "link-dump", RTM.NEWLINK);
    const msgs = splitMessages(d).filter((m) => m.type === RTM.NEWLINK);
    const evs = events(d);
    expect(evs).toHaveLength(msgs.length);
    expect(evs.every((e) => e.kind === "new" && e.family === "link")).toBe(true);
    expect(evs.map((e) => (e as unknown as { object: { ifindex: number } }).object.ifindex)).toEqual(msgs.map((m) => m.dv.getInt32(m.payload + 4, HOST_LE)));
    expect(evs.map((e) => (e as { object: { attrs: { ifname: string } } }).object.attrs.ifname)).toContain("lo");
  });

  it("maps RTM_DEL* to del and keeps the nlmsg flags", () => {
    const d = datagramWith("route", "v4-single", RTM.NEWROUTE).slice();
    const first = splitMessages(d).find((m) => m.type === RTM.NEWROUTE)!;
    const dv = new DataView(d.buffer);
    dv.setUint16(first.off + 4, RTM.DELROUTE, HOST_LE);
    const evs = events(d);
    expect(evs[0]).toMatchObject({ kind: "del", family: "route", type: RTM.DELROUTE, flags: first.flags });
  });

  it("a notification that does not decode is an undecodable event; the rest of the datagram still decodes", () => {
    const d = datagramWith("core", "link-dump", RTM.NEWLINK).slice();
    const msgs = splitMessages(d).filter((m) => m.type === RTM.NEWLINK);
    expect(msgs.length).toBeGreaterThan(1);
    const dv = new DataView(d.buffer);
    dv.setUint16(msgs[0]!.payload + 16, 2, HOST_LE); // first attribute: nla_len 2, below its header
    const evs = events(d);
    expect(evs[0]!.kind).toBe("undecodable");
    expect((evs[0] as { error: unknown }).error).toBeInstanceOf(DecodeError);
    expect((evs[0] as { bytes: Uint8Array }).bytes).toHaveLength(msgs[0]!.len);
    expect(evs.slice(1).every((e) => e.kind === "new")).toBe(true);
    expect(evs).toHaveLength(msgs.length);
  });

  it("broken framing ends the datagram with one undecodable event", () => {
    const d = datagramWith("core", "link-dump", RTM.NEWLINK).slice();
    new DataView(d.buffer).setUint32(0, d.length + 100, HOST_LE);
    const evs = events(d);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ kind: "undecodable", type: RTM.NEWLINK });
  });

  it("skips message types a subscription does not deliver", () => {
    const done = new Uint8Array(20);
    const dv = new DataView(done.buffer);
    dv.setUint32(0, 20, HOST_LE);
    dv.setUint16(4, 3, HOST_LE); // NLMSG_DONE
    expect(events(done)).toEqual([]);
    dv.setUint16(4, RTM.NEWNETCONF, HOST_LE);
    expect(events(done)).toEqual([]);
  });

  it("knows the family of each notification type", () => {
    expect(familyOfType(RTM.NEWLINK)).toBe("link");
    expect(familyOfType(RTM.DELADDR)).toBe("address");
    expect(familyOfType(RTM.NEWROUTE)).toBe("route");
    expect(familyOfType(RTM.DELNEIGH)).toBe("neighbour");
    expect(familyOfType(RTM.NEWRULE)).toBe("rule");
    expect(familyOfType(RTM.DELNSID)).toBe("nsid");
    expect(familyOfType(RTM.NEWNEXTHOP)).toBe("nexthop");
    expect(familyOfType(RTM.GETLINK)).toBeUndefined();
  });
});
