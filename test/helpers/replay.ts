/**
 * Unit-test side of the fixtures: rerun a scenario over the replay of its
 * recording. Request bytes must equal the recording; the result is returned
 * next to what was recorded so the test can compare them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { normaliseResult, parseFixture, type CommandRecord, type Fixture } from "../../lib/transport/fixture.ts";
import { ReplayMismatchError, ReplayTransport } from "../../lib/transport/replay.ts";
import type { ScenarioFamily } from "../../fixtures/scenario.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));

/** Read fixtures/<family>/<name>.json. */
export function loadFixture(family: string, name: string): Fixture {
  return parseFixture(readFileSync(join(FIXTURES, family, `${name}.json`), "utf8"));
}

/** Names of the captured fixtures of a family. */
export function fixtureNames(family: string): string[] {
  try {
    return readdirSync(join(FIXTURES, family)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

/** A connection that replays a fixture (no root needed). */
export function replayConnection(fixture: Fixture): { conn: NetlinkConnection; transport: ReplayTransport } {
  const transport = new ReplayTransport(fixture);
  return { conn: new NetlinkConnection(transport), transport };
}

/** The outcome of a replayed scenario. */
export interface ReplayOutcome {
  /** What the scenario returned now, normalised as a fixture would store it. */
  result: unknown;
  /** What it returned at capture time. */
  expected: unknown;
  /** The iproute2 commands run at capture time with their output (ip -j output parses as JSON). */
  commands: CommandRecord[];
  fixture: Fixture;
}

/** Rerun `family`/`name` over its recording; throws ReplayMismatchError on any difference in what is sent. */
export async function replayScenario(family: string, name: string): Promise<ReplayOutcome> {
  const fixture = loadFixture(family, name);
  const mod = (await import(join(FIXTURES, "scenarios", `${family}.ts`))) as { default: ScenarioFamily };
  const sc = mod.default.scenarios.find((s) => s.name === name);
  if (!sc) throw new Error(`${family}: fixture ${name} has no scenario (stale fixture?)`);
  const { conn, transport } = replayConnection(fixture);
  let cmd = 0;
  const ip = (...args: string[]): string => {
    const rec = fixture.commands[cmd++];
    if (!rec || JSON.stringify(rec.argv) !== JSON.stringify(args)) {
      throw new ReplayMismatchError(`replay ${name}: ip ${args.join(" ")} was not recorded at this point (recorded: ${rec ? rec.argv.join(" ") : "nothing"})`);
    }
    return rec.stdout;
  };
  const result = normaliseResult(sc.run({ conn, netns: fixture.netns, ip }));
  transport.assertDone();
  return { result, expected: fixture.expected, commands: fixture.commands, fixture };
}

/** The parsed JSON output of the recorded `ip ... -j ...` commands, in order. */
export function ipJsonOutputs(commands: CommandRecord[]): unknown[] {
  return commands.filter((c) => c.argv.includes("-j") || c.argv.includes("-json")).map((c) => JSON.parse(c.stdout || "[]"));
}
