/**
 * The nsid scenarios (fixtures/scenarios/nsid.ts) replayed over their
 * kernel captures (fixtures/nsid, `sudo bun fixtures/capture.ts nsid`):
 * requests equal the recorded bytes, results equal what was decoded at
 * capture time, answers re-encode to the kernel's bytes, and the ids
 * listed agree with `ip -j netns list-id`.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { ipJsonOutputs, loadFixture, replayScenario } from "../helpers/replay.ts";
import { itReencodesAnswers, itReplaysEveryScenario } from "../helpers/replay-suite.ts";

const SCENARIOS = ["auto", "set-get"];

describe("nsid scenarios replayed (fixtures/nsid)", () => {
  itReplaysEveryScenario("nsid", SCENARIOS);

  for (const name of SCENARIOS) {
    it(`${name}: ids as ip -j netns list-id shows them`, async () => {
      const { result, commands } = await replayScenario("nsid", name);
      const ip = ipJsonOutputs(commands)[0] as Array<{ nsid: number }>;
      expect((result as { list: Array<{ nsid: number }> }).list.map((e) => e.nsid)).toEqual(ip.map((e) => e.nsid));
    });
  }

  it("set-get: none before, the id after, EEXIST and ESRCH with the kernel's messages", async () => {
    const { result } = await replayScenario("nsid", "set-get");
    expect(result).toEqual({
      before: null,
      listBefore: [],
      after: 5,
      again: { code: "EEXIST", kernelMessage: "Peer netns already has a nsid assigned" },
      list: [{ nsid: 5 }],
      noSuchPid: { code: "ESRCH", kernelMessage: "Peer netns reference is invalid" },
    });
  });

  it("auto: the kernel picked the first free id", async () => {
    const { result } = await replayScenario("nsid", "auto");
    expect(result).toMatchObject({ picked: 0, list: [{ nsid: 0 }] });
  });

  it("get sends NETNSA_PID without NLM_F_ACK and is answered by one RTM_NEWNSID", () => {
    const f = loadFixture("nsid", "set-get");
    const first = splitMessages(fromHex(f.exchanges[0]!.send))[0]!;
    expect(first.type).toBe(RTM.GETNSID);
    expect(first.flags).toBe(1); // NLM_F_REQUEST only, as ip netns does
    expect(nsidMessage.decode(first.buf, first.dv, first.payload, first.end)).toEqual({ family: 0, attrs: { pid: 1 } });
    const answers = f.exchanges[0]!.recv.flatMap((d) => splitMessages(fromHex(d)));
    expect(answers.map((m) => m.type)).toEqual([RTM.NEWNSID]);
  });

  itReencodesAnswers({ family: "nsid", names: SCENARIOS, type: RTM.NEWNSID, codec: nsidMessage, moreThan: 4, title: "every captured RTM_NEWNSID answer decodes and re-encodes to the same bytes" });
});
