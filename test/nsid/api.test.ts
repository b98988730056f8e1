/**
 * nsid API behaviour over a fake kernel: NETNSA_NSID_NOT_ASSIGNED (-1)
 * reads as undefined, an id as itself, and requests carry exactly the
 * attributes ip netns sends.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NsidApi } from "../../lib/rtnl/nsid/api.ts";
import { fakeConn } from "../helpers/fake-kernel.ts";

describe("nsid API over a fake kernel", () => {
  it("get: -1 is undefined, 0 and up are ids", () => {
    const { conn, kernel } = fakeConn();
    const api = new NsidApi(conn);
    kernel.nsid = -1;
    expect(api.get({ fd: 5 })).toBeUndefined();
    kernel.nsid = 0;
    expect(api.get({ pid: 42 })).toBe(0);
    const reqs = kernel.requestsOf(RTM.GETNSID).map((d) => { const m = splitMessages(d)[0]!; return [m.flags, nsidMessage.decode(m.buf, m.dv, m.payload, m.end).attrs]; });
    expect(reqs).toEqual([[1, { fd: 5 }], [1, { pid: 42 }]]);
  });

  it("list with targetNsid sends NETNSA_TARGET_NSID in the dump request", () => {
    const { conn, kernel } = fakeConn();
    expect(new NsidApi(conn).list({ targetNsid: 3 })).toEqual([]);
    const m = splitMessages(kernel.requestsOf(RTM.GETNSID)[0]!)[0]!;
    expect(nsidMessage.decode(m.buf, m.dv, m.payload, m.end).attrs).toEqual({ targetNsid: 3 });
  });
});
