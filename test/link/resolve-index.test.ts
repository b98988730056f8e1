/**
 * resolveIndex (lib/rtnl/shared/ifindex.ts) builds its request and reads its
 * answer through module-level functions: the request must carry the name
 * asked for, the answer's ifi_index must come back, ENODEV must name the
 * field, and a lookup made while another is in flight (a trace hook's)
 * must not mix up their names or answers.
 */
import { describe, expect, it } from "vitest";
import { HOST_LE } from "../../codecs/core/align.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { MessageVisitor, NetlinkConnection } from "../../lib/conn/connection.ts";
import { NetlinkError } from "../../lib/conn/errors.ts";
import { resolveIndex } from "../../lib/rtnl/shared/ifindex.ts";

/** The IFLA_IFNAME of a request payload (struct ifinfomsg, then attributes). */
function nameOf(b: Uint8Array): string {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let off = 16; off + 4 <= b.length; ) {
    const len = dv.getUint16(off, HOST_LE);
    if (dv.getUint16(off + 2, HOST_LE) === 3) return new TextDecoder().decode(b.subarray(off + 4, off + len - 1));
    off += (len + 3) & ~3;
  }
  return "";
}

/** A connection answering each name from `links`; `during` runs between the request and its answer, `after` after the answer. */
function fakeConn(links: Record<string, number>, during?: () => void, after?: () => void): NetlinkConnection {
  return {
    raw(type: number, _flags: number, build: (w: NlWriter) => void, visit?: MessageVisitor): number {
      expect(type).toBe(RTM.GETLINK);
      const w = new NlWriter(256);
      build(w);
      const name = nameOf(w.toBytes());
      during?.();
      const index = links[name];
      if (index === undefined) throw new NetlinkError(19, {}, { type, typeName: "RTM_GETLINK", seq: 1 });
      const a = new Uint8Array(16);
      new DataView(a.buffer).setInt32(4, index, HOST_LE);
      visit!(a, new DataView(a.buffer), 0, 16, RTM.NEWLINK, 0);
      after?.(); // e.g. a trace hook on the ACK's datagram
      return 0;
    },
  } as unknown as NetlinkConnection;
}

describe("resolveIndex", () => {
  it("asks for the name and returns the answer's index", () => {
    const conn = fakeConn({ lo: 1, v0: 7 });
    expect(resolveIndex(conn, "v0")).toBe(7);
    expect(resolveIndex(conn, "lo")).toBe(1);
    expect(resolveIndex(conn, 42)).toBe(42);
  });

  it("names the field in ENODEV", () => {
    expect(() => resolveIndex(fakeConn({}), "nope0", "dev")).toThrow(/^dev: no link named "nope0"/);
  });

  it("keeps a lookup made during another one apart from it", () => {
    const inner = fakeConn({ lo: 1 });
    let got = 0;
    const outer = fakeConn({ v0: 7 }, () => { got = resolveIndex(inner, "lo"); });
    expect(resolveIndex(outer, "v0")).toBe(7);
    expect(got).toBe(1);
    const late = fakeConn({ v1: 9 }, undefined, () => { got = resolveIndex(inner, "lo"); });
    expect(resolveIndex(late, "v1")).toBe(9);
    expect(got).toBe(1);
    expect(() => resolveIndex(fakeConn({}, () => resolveIndex(inner, "lo")), "gone0")).toThrow(/no link named "gone0"/);
  });
});
