/**
 * Kernel test (root): `bun-netlink -n NS monitor [...]` (in-process, ended
 * through the Io's AbortSignal) prints the same event lines as `ip -n NS
 * monitor [...]` running at the same time, for changes to links,
 * addresses, routes, neighbours and rules. ip 6.1 also prints netconf
 * events, which bun-netlink does not subscribe to; they are left out.
 * No fixed sleeps: both are listening once a sentinel rule shows up in both
 * outputs (ours loads its modules first and, under load, missed the first
 * changes after the 800 ms this test used to wait), and each change waits
 * until ours has printed as many lines as ip.
 */
import { expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { ipOk } from "./helpers.ts";

const CHANGES = [
  "link add d0 type bridge", "link set d0 up", "addr add 192.0.2.1/24 dev d0", "route add 203.0.113.0/24 via 192.0.2.9",
  "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev d0", "rule add pref 100 table 100", "route del 203.0.113.0/24",
  "rule del pref 100", "link del d0",
];

/** Poll `cond` every 10 ms (yielding to the event loop, where both monitors read) until it holds or `ms` pass. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) return false;
    await Bun.sleep(10);
  }
  return true;
}

/** Wait until `ok` holds and `state` has not changed for `quietMs`; false after `timeoutMs`. */
async function quiet(state: () => string, ok: () => boolean, quietMs: number, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  let last = state();
  let since = performance.now();
  while (performance.now() < end) {
    await Bun.sleep(10);
    const now = state();
    if (now !== last) [last, since] = [now, performance.now()];
    else if (ok() && performance.now() - since >= quietMs) return true;
  }
  return false;
}

const lines = (s: string): number => s.split("\n").length - 1;
const SENTINEL = "7777:\tfrom all lookup 7777";

async function watchBoth(ns: string, args: string[], global: string[] = []): Promise<{ ours: string; theirs: string }> {
  const proc = Bun.spawn({ cmd: ["ip", ...global, "-n", ns, "monitor", ...args], stdout: "pipe", stderr: "pipe" });
  let theirs = "";
  const reading = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of proc.stdout) theirs += dec.decode(chunk, { stream: true });
  })();
  const ac = new AbortController();
  let ours = "";
  const io = { out: (s: string) => { ours += s; }, err: (s: string) => { ours += `ERR ${s}`; }, readStdin: () => "", signal: ac.signal };
  const done = main([...global, "-n", ns, "monitor", ...args], io);
  // Both listening: a sentinel rule shows up in both outputs. Ours loads its modules first, so
  // under load it may miss the first tries; each try is taken back and made again.
  for (let i = 0; ; i++) {
    ipOk(["-n", ns, "rule", "add", "pref", "7777", "table", "7777"]);
    const seen = await until(() => ours.includes(SENTINEL) && theirs.includes(SENTINEL), 1000);
    ipOk(["-n", ns, "rule", "del", "pref", "7777"]);
    if (seen) break;
    if (i === 30) throw new Error(`monitors not listening after 30 s: ours ${JSON.stringify(ours)}, ip ${JSON.stringify(theirs)}`);
  }
  // what came before the sentinel's deletion is not compared
  const cut = (s: string): string => s.slice(s.lastIndexOf(`Deleted ${SENTINEL}\n`) + `Deleted ${SENTINEL}\n`.length);
  expect(await until(() => ours.includes(`Deleted ${SENTINEL}`) && theirs.includes(`Deleted ${SENTINEL}`), 10_000)).toBe(true);
  const caughtUp = (): boolean => lines(cut(ours)) === lines(withoutNetconf(cut(theirs)));
  // one change at a time, the next once ours printed as many lines as ip: both programs name
  // links when they print an event, so a link must still exist when its events are printed
  for (const c of CHANGES) {
    const before = lines(withoutNetconf(cut(theirs)));
    const object = c.split(" ")[0]!;
    const printed = args.length === 0 || args.includes(object === "addr" ? "address" : object); // ip prints events of this change
    ipOk(["-n", ns, ...c.split(" ")]);
    await until(() => (!printed || lines(withoutNetconf(cut(theirs))) > before) && caughtUp(), 10_000);
  }
  // both received everything: ours has as many lines as ip, and nothing new came for 300 ms
  expect(await quiet(() => `${ours.length}/${theirs.length}`, caughtUp, 300, 10_000)).toBe(true);
  ac.abort();
  proc.kill();
  await reading;
  expect(await done).toBe(0);
  return { ours: cut(ours), theirs: cut(theirs) };
}

/** Drop ip's netconf lines ("inet d0 forwarding off ...", "Deleted inet6 d0"). */
function withoutNetconf(s: string): string {
  return s.split("\n").filter((l) => !/^(Deleted )?(inet|inet6) \S+( |$)/.test(l)).join("\n");
}

describeKernel("cli monitor", () => {
  it("prints events like ip monitor", async () => {
    const ns = tempNetns();
    try {
      const all = await watchBoth(ns.name, []);
      expect(all.ours.length).toBeGreaterThan(0);
      expect(all.ours).toBe(withoutNetconf(all.theirs));
      const some = await watchBoth(ns.name, ["label", "link", "address", "rule"]);
      expect(some.ours).toBe(some.theirs);
      // -color: the events coloured as ip colours them (names, addresses, MACs, UP/DOWN)
      const colored = await watchBoth(ns.name, ["link", "address", "route", "neigh", "rule"], ["-c"]);
      expect(colored.ours).toContain("\x1b[");
      expect(colored.ours).toBe(withoutNetconf(colored.theirs));
    } finally {
      ns.remove();
    }
  }, 60_000);
});
