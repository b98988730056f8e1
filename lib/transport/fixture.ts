/**
 * The fixture file format: one scenario's netlink exchanges captured from a
 * real kernel, with provenance, the iproute2 commands the scenario ran for
 * setup (with their output), and the scenario's decoded result.
 *
 * JSON with bigints written as {"$bigint": "123"} so 64-bit counters survive.
 */

export { DEFAULT_RCVBUF } from "./transport.ts";

/** One request datagram and the answer datagrams that followed it, hex. */
export interface Exchange {
  send: string;
  recv: string[];
}

/** An `ip` command run during capture, with its output (replayed in tests). */
export interface CommandRecord {
  argv: string[];
  stdout: string;
  status: number;
}

/** A captured scenario. */
export interface Fixture {
  family: string;
  scenario: string;
  description: string;
  /** `uname -r` of the capturing machine. */
  kernel: string;
  /** `ip -V` of the capturing machine. */
  iproute2: string;
  /** ISO date of the capture. */
  date: string;
  /** How to regenerate this file. */
  recipe: string;
  /** Name of the namespace the scenario ran in. */
  netns: string;
  /** Our port id during capture (nlmsg_pid of answers). */
  portId: number;
  /** SOL_NETLINK options the kernel accepted (option number -> accepted). */
  options: Record<string, boolean>;
  /** SO_RCVBUF the engine saw during capture (absent in older fixtures: DEFAULT_RCVBUF). */
  rcvbuf?: number;
  exchanges: Exchange[];
  commands: CommandRecord[];
  /** What the scenario returned, decoded by our codecs at capture time. */
  expected: unknown;
}

/** Serialise a fixture (bigint-aware, 2-space indent). */
export function fixtureToJson(f: Fixture): string {
  return JSON.stringify(f, (_k, v) => (typeof v === "bigint" ? { $bigint: v.toString() } : v), 2) + "\n";
}

/** Parse a fixture file's text, reviving bigints. */
export function parseFixture(text: string): Fixture {
  const f = JSON.parse(text, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.$bigint === "string" ? BigInt(v.$bigint) : v,
  ) as Fixture;
  for (const key of ["family", "scenario", "kernel", "iproute2", "date", "exchanges"] as const) {
    if (f[key] === undefined) throw new Error(`fixture is missing "${key}"`);
  }
  return f;
}

/** Make a value JSON-comparable the way it will read back from a fixture (drops undefined, keeps bigint). */
export function normaliseResult(v: unknown): unknown {
  return parseFixture(fixtureToJson({ family: "", scenario: "", description: "", kernel: "", iproute2: "", date: "", recipe: "", netns: "", portId: 0, options: {}, exchanges: [], commands: [], expected: v })).expected;
}
