/**
 * The address scenarios (fixtures/scenarios/addr.ts) replayed over their
 * kernel captures (fixtures/addr, `sudo bun fixtures/capture.ts addr`):
 * requests equal the recorded bytes, results equal what was decoded at
 * capture time, every answer decodes and re-encodes to the kernel's bytes,
 * and the addresses listed agree with `ip -j addr show` run right after.
 */
import { describe, expect, it } from "vitest";
import { addrMessage } from "../../codecs/addr/index.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { Address } from "../../lib/rtnl/address/api.ts";
import { ipJsonOutputs, loadFixture, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";
import { expectSameAsIp, fromIpJson } from "./ip-json.ts";

const SCENARIOS = ["delete", "filters", "flush", "peer", "replace", "v4-add", "v4-lifetimes", "v6-flags-lifetimes"];

/** Which result keys hold the list taken just before each `ip -j addr show`, in order. */
const SNAPSHOTS: Record<string, string[]> = {
  "v4-add": ["v0"],
  "v6-flags-lifetimes": ["v0"],
  "v4-lifetimes": ["v0"],
  peer: ["v0"],
  replace: ["after"],
  delete: ["left"],
  flush: ["v0", "v1"],
};

describe("address scenarios replayed (fixtures/addr)", () => {
  itReplaysEveryScenario("addr", SCENARIOS);

  for (const [name, keys] of Object.entries(SNAPSHOTS)) {
    it(`${name}: our list agrees with ip -j addr show`, async () => {
      const { result, commands } = await replayScenario("addr", name);
      const ip = ipJsonOutputs(commands);
      expect(ip.length).toBe(keys.length);
      keys.forEach((k, i) => expectSameAsIp((result as Record<string, Address[]>)[k]!, ip[i]));
    });
  }

  it("filters: the link filter returns what ip shows for that link", async () => {
    const { result, commands } = await replayScenario("addr", "filters");
    const ip = fromIpJson(ipJsonOutputs(commands)[0]);
    expect((result as { byLink: string[] }).byLink).toEqual(ip.map((a) => `${a.index}:${a.local}/${a.prefixlen}`));
  });

  it("filters: family and link went into the dump request header (kernel-side filtering)", () => {
    const f = loadFixture("addr", "filters");
    const dumps = f.exchanges.map((e) => splitMessages(fromHex(e.send))[0]!).filter((m) => m.type === RTM.GETADDR);
    const headers = dumps.map((m) => addrMessage.decode(m.buf, m.dv, m.payload, m.end)).map((h) => [h.family, h.index]);
    // list({link:"v1"}), list(), {family:4}, {family:"inet6",link:"v0"}, {scope:"link"}, {scope:254}, two label filters
    expect(headers).toEqual([[0, 2], [0, 0], [2, 0], [10, 3], [0, 0], [0, 0], [0, 0], [0, 0]]);
  });

  itReencodesAnswers({ family: "addr", names: SCENARIOS, type: RTM.NEWADDR, codec: addrMessage, moreThan: 40, title: "every captured RTM_NEWADDR answer decodes and re-encodes to the same bytes" });

  it("surfaces the kernel's extended ACK for refused requests", async () => {
    const add = (await replayScenario("addr", "v4-add")).result as { scopeMismatch: unknown };
    expect(add.scopeMismatch).toEqual({ code: "EINVAL", kernelMessage: "ipv4: Invalid scope value" });
    const del = (await replayScenario("addr", "delete")).result as { missing: { code: string }; wrongPrefix: { code: string } };
    expect(del.missing.code).toBe("EADDRNOTAVAIL");
    expect(del.wrongPrefix.code).toBe("EADDRNOTAVAIL");
  });

  it("flush removes secondaries with their primary and reports the count", async () => {
    const r = (await replayScenario("addr", "flush")).result as { v4: number; rest: number; again: number; afterV4: Address[]; v0: Address[]; v1: Address[] };
    expect([r.v4, r.rest, r.again]).toEqual([4, 1, 0]);
    expect(r.afterV4.map((a) => a.family)).toEqual(["inet6"]);
    expect(r.v0).toEqual([]);
    expect(r.v1.map((a) => a.local)).toEqual(["203.0.113.1"]);
  });
});
