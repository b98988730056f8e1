/**
 * Kernel test (root): `bun-netlink -n NS monitor [...]` (in-process, ended
 * through the Io's AbortSignal) prints the same event lines as `ip -n NS
 * monitor [...]` running at the same time, for changes to links,
 * addresses, routes, neighbours and rules. ip 6.1 also prints netconf
 * events, which bun-netlink does not subscribe to; they are left out.
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

async function watchBoth(ns: string, args: string[]): Promise<{ ours: string; theirs: string }> {
  const proc = Bun.spawn({ cmd: ["ip", "-n", ns, "monitor", ...args], stdout: "pipe", stderr: "pipe" });
  const ac = new AbortController();
  let ours = "";
  const io = { out: (s: string) => { ours += s; }, err: (s: string) => { ours += `ERR ${s}`; }, readStdin: () => "", signal: ac.signal };
  const done = main(["-n", ns, "monitor", ...args], io);
  await Bun.sleep(800); // both listening
  // one change at a time: both programs name links when they print an event, so a link must
  // still exist when its events are printed (the same race exists for ip, only narrower)
  for (const c of CHANGES) {
    ipOk(["-n", ns, ...c.split(" ")]);
    await Bun.sleep(150);
  }
  await Bun.sleep(500); // both received everything
  ac.abort();
  proc.kill();
  const theirs = await new Response(proc.stdout).text();
  expect(await done).toBe(0);
  return { ours, theirs };
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
    } finally {
      ns.remove();
    }
  }, 60_000);
});
