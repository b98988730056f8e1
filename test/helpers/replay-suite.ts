/**
 * The tests every family's replay suite starts with, on top of
 * test/helpers/replay.ts: every scenario of fixtures/scenarios/<family>.ts
 * is captured and replays with the recorded request bytes and the recorded
 * result, and every answer of the family's type the kernel sent decodes and
 * re-encodes to the kernel's own bytes (the codecs are lossless).
 */
import { expect, it } from "vitest";
import { splitMessages, type RawMessage } from "../../codecs/core/header.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { fixtureNames, loadFixture, replayScenario } from "./replay.ts";

/** "has every scenario captured" (exactly `scenarios`), then one "replays NAME: same requests, same result" per scenario. */
export function itReplaysEveryScenario(family: string, scenarios: readonly string[]): void {
  it("has every scenario captured", () => {
    expect(fixtureNames(family)).toEqual(scenarios);
  });
  for (const name of scenarios) {
    it(`replays ${name}: same requests, same result`, async () => {
      const { result, expected } = await replayScenario(family, name);
      expect(result).toEqual(expected);
    });
  }
}

/** Every message of `type` the kernel sent in the fixtures `names` of `family`, in order. */
export function capturedAnswers(family: string, names: readonly string[], type: number): RawMessage[] {
  return names.flatMap((name) => loadFixture(family, name).exchanges.flatMap((ex) => ex.recv.flatMap((d) => splitMessages(fromHex(d)))))
    .filter((m) => m.type === type);
}

/** What itReencodesAnswers checks. */
export interface ReencodeCheck<T> {
  family: string;
  /** The fixtures to read. */
  names: readonly string[];
  /** The answer message type (RTM_NEW*). */
  type: number;
  codec: MessageCodec<T>;
  /** More than this many answers must have been checked. */
  moreThan: number;
  /** Test title (default "every captured answer decodes and re-encodes to the same bytes"). */
  title?: string;
  /** More checks of each decoded answer. */
  also?: (decoded: T, m: RawMessage) => void;
}

/** One test: each captured answer decodes, passes `also`, and encodes back to the kernel's payload bytes. */
export function itReencodesAnswers<T>(c: ReencodeCheck<T>): void {
  it(c.title ?? "every captured answer decodes and re-encodes to the same bytes", () => {
    const answers = capturedAnswers(c.family, c.names, c.type);
    for (const m of answers) {
      const decoded = c.codec.decode(m.buf, m.dv, m.payload, m.end);
      c.also?.(decoded, m);
      const w = new NlWriter();
      c.codec.encode(w, decoded);
      expect(toHex(w.toBytes())).toBe(toHex(m.buf, m.payload, m.end - m.payload));
    }
    expect(answers.length).toBeGreaterThan(c.moreThan);
  });
}
