import { describe, expect, it } from "vitest";
import { fixtureNames, replayScenario } from "../helpers/replay.ts";

// The request engine replayed over kernel captures (fixtures/core, made by
// `sudo bun fixtures/capture.ts core`): the bytes we send must equal the
// recording and the results must equal what the kernel answered then.
describe("request engine replay (fixtures/core)", () => {
  it("has the captured scenarios", () => {
    expect(fixtureNames("core")).toEqual(["batch-duplicates", "dump-filtered", "extack-reject", "link-dump", "many-datagrams", "nexthop-extack"]);
  });

  for (const name of fixtureNames("core")) {
    it(`replays ${name}`, async () => {
      const { result, expected } = await replayScenario("core", name);
      expect(result).toEqual(expected);
    });
  }

  it("surfaces the kernel's extended ACK text", async () => {
    const { result } = await replayScenario("core", "extack-reject");
    expect(result).toEqual({
      refused: true,
      code: "EOPNOTSUPP",
      kernelMessage: "Unknown device type",
      message: "RTM_NEWLINK: EOPNOTSUPP (Operation not supported): Unknown device type",
    });
  });

  it("surfaces ENETUNREACH and the kernel's text for a nexthop with an unreachable gateway", async () => {
    const { result } = await replayScenario("core", "nexthop-extack");
    expect(result).toEqual({
      refused: true,
      code: "ENETUNREACH",
      kernelMessage: "Nexthop has invalid gateway",
      message: "RTM_NEWNEXTHOP: ENETUNREACH (Network is unreachable): Nexthop has invalid gateway",
    });
  });

  it("reports a dump the kernel filtered (NLM_F_DUMP_FILTERED)", async () => {
    const { result } = await replayScenario("core", "dump-filtered");
    expect(result).toEqual({ strictCheck: true, filtered: true, names: ["v1", "v0"] });
  });

  it("attributes each EEXIST of a pipelined batch to its request", async () => {
    const { result } = await replayScenario("core", "batch-duplicates");
    expect(result).toEqual({ ok: 18, errors: [{ index: 5, code: "EEXIST" }, { index: 13, code: "EEXIST" }] });
  });

  it("reassembles a dump spread over several datagrams", async () => {
    const { result, fixture } = await replayScenario("core", "many-datagrams");
    expect(fixture.exchanges[0]!.recv.length).toBeGreaterThan(2);
    expect((result as { count: number }).count).toBe(83);
  });
});
