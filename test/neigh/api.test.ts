/**
 * Neighbour API behaviour that the kernel tests cannot reach on this
 * kernel: the user-space fallback filters for kernels that do not filter
 * dumps (no NLM_F_DUMP_FILTERED in the answer), over a fake kernel that
 * answers every dump unfiltered; and what a flush sends.
 */
import { describe, expect, it } from "vitest";
import { NLM_F_DUMP } from "../../codecs/core/constants.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { neighMessage, type NeighMessage } from "../../codecs/neigh/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NeighbourApi } from "../../lib/rtnl/neighbour/api.ts";
import { LINKS } from "../../fixtures/neigh/iproute2-captures.ts";
import { fakeConn, type FakeKernel } from "../helpers/fake-kernel.ts";

function payload(m: NeighMessage): Uint8Array {
  const w = new NlWriter();
  neighMessage.encode(w, m);
  return w.toBytes();
}

/** ifinfomsg of `index` with IFLA_MASTER when given. */
function link(index: number, master?: number): Uint8Array {
  const w = new NlWriter();
  w.zeros(4); w.s32(index); w.zeros(8);
  if (master !== undefined) w.attrU32(10, master);
  return w.toBytes();
}

const entry = (family: number, ifindex: number, dst: string, state: string[], flags: string[] = []): NeighMessage =>
  ({ family, ifindex, state, flags, type: "unicast", attrs: { dst, lladdr: "02:00:00:00:00:01" } });

function setup(): { api: NeighbourApi; kernel: FakeKernel } {
  const { conn, kernel } = fakeConn({ links: LINKS });
  kernel.dumps[RTM.GETNEIGH] = [
    entry(2, 10, "192.0.2.1", ["reachable"]),
    entry(2, 11, "192.0.2.2", ["stale"]),
    entry(10, 11, "2001:db8::2", []),
    entry(10, 12, "2001:db8::3", ["noarp"]),
    entry(2, 10, "192.0.2.9", [], ["proxy"]),
  ].map((m) => [RTM.NEWNEIGH, payload(m)]);
  kernel.dumps[RTM.GETLINK] = [[RTM.NEWLINK, link(10)], [RTM.NEWLINK, link(11, 12)], [RTM.NEWLINK, link(12)]];
  return { api: new NeighbourApi(conn), kernel };
}

const dsts = (l: Array<{ dst?: string }>) => l.map((n) => n.dst);

describe("neighbour list: user-space filtering when the kernel did not filter", () => {
  it("link: only the link's entries, and NDA_IFINDEX was still asked for", () => {
    const { api, kernel } = setup();
    expect(dsts(api.list({ link: "v1" }))).toEqual(["192.0.2.2", "2001:db8::2"]);
    const req = kernel.requestsOf(RTM.GETNEIGH)[0]!;
    const m = splitMessages(req)[0]!;
    expect(m.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    expect(neighMessage.decode(m.buf, m.dv, m.payload, m.end).attrs).toEqual({ ifindex: 11 });
  });

  it("master: a link dump tells which links are enslaved to it", () => {
    const { api, kernel } = setup();
    expect(dsts(api.list({ master: "br0" }))).toEqual(["192.0.2.2", "2001:db8::2"]);
    expect(kernel.requestsOf(RTM.GETLINK).length).toBe(2); // the name lookup and the dump
  });

  it("master for FDB entries also keeps the bridge's own", () => {
    const { api } = setup();
    expect(dsts(api.list({ family: "bridge", master: "br0" }))).toEqual(["192.0.2.2", "2001:db8::2", "2001:db8::3"]);
  });

  it("state, none and proxy are matched here in any case", () => {
    const { api } = setup();
    expect(dsts(api.list({ state: "stale" }))).toEqual(["192.0.2.2"]);
    expect(dsts(api.list({ state: ["none", "noarp"] }))).toEqual(["2001:db8::2", "2001:db8::3"]);
    expect(dsts(api.list({ proxy: true }))).toEqual(["192.0.2.9"]);
    expect(api.list({ proxy: true })[0]).toMatchObject({ proxy: true, state: ["none"] });
    expect(dsts(api.list())).not.toContain("192.0.2.9");
  });

  it("flush deletes each listed entry in one batch and counts the ACKs", () => {
    const { api, kernel } = setup();
    expect(api.flush({ link: "v1" })).toBe(2);
    const dels = kernel.requestsOf(RTM.DELNEIGH).map((d) => { const m = splitMessages(d)[0]!; return neighMessage.decode(m.buf, m.dv, m.payload, m.end); });
    expect(dels.map((d) => [d.family, d.ifindex, d.attrs.dst, d.flags])).toEqual([[2, 11, "192.0.2.2", []], [10, 11, "2001:db8::2", []]]);
    expect(kernel.sent.filter((d) => splitMessages(d).some((m) => m.type === RTM.DELNEIGH)).length).toBe(1);
  });
});
