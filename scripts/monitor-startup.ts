/**
 * How long `monitor` takes from exec until it has joined its groups, for
 * bun-netlink and for ip, measured from outside by what each one sees:
 * in a throwaway namespace, the program is started with `monitor link`
 * while this process changes lo's MTU to a new value about every
 * millisecond (through the library, no process per change). The first
 * MTU the program prints tells the first change made after it joined:
 * it joined between the change before it and that one (resolution ~1 ms
 * plus timer slack). Repeated RUNS times; prints
 * the median and the range in milliseconds.
 *
 *   sudo bun scripts/monitor-startup.ts [RUNS]        # both programs
 *   BN="node_modules/.bin/bun cli/bun-netlink" sudo -E bun scripts/monitor-startup.ts
 */
import { createNetns, deleteNetns } from "../lib/netns/manage.ts";
import { openSocketInNetns } from "../lib/netns/run.ts";
import { NetlinkConnection } from "../lib/conn/connection.ts";
import { KernelTransport } from "../lib/transport/kernel.ts";
import { LinkApi } from "../lib/rtnl/link/api.ts";

const RUNS = Number(process.argv[2] ?? 10);
const ns = `bnl-monstart-${process.pid}`;
const bn = (process.env.BN ?? `${process.execPath} ${new URL("../cli/bun-netlink", import.meta.url).pathname}`).split(" ");

async function once(cmd: string[], links: LinkApi): Promise<number> {
  const times: number[] = [];
  let mtu = 10000;
  links.set("lo", { mtu });
  const t0 = performance.now();
  const child = Bun.spawn([...cmd, "-n", ns, "monitor", "link"], { stdout: "pipe", stderr: "inherit" });
  let out = "";
  let seen: number | undefined;
  const reader = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stdout) {
      out += dec.decode(chunk);
      const m = /mtu (\d+)/.exec(out);
      if (m) {
        seen = Number(m[1]);
        return;
      }
    }
  })();
  // one MTU change about every millisecond until the program prints one (at most 5 s)
  while (seen === undefined && performance.now() - t0 < 5000) {
    links.set("lo", { mtu: ++mtu });
    times[mtu - 10001] = performance.now() - t0;
    await Bun.sleep(1);
  }
  child.kill();
  await reader.catch(() => {});
  if (seen === undefined) throw new Error(`${cmd.join(" ")} printed no event in 5 s:\n${out}`);
  const first = seen - 10001;
  if (first <= 0) throw new Error("joined before the first change");
  return times[first - 1]!; // joined after change first-1 was made (and before change `first`, about 1 ms later)
}

createNetns(ns);
try {
  const conn = new NetlinkConnection(new KernelTransport(openSocketInNetns(`/run/netns/${ns}`, 0)));
  const links = new LinkApi(conn);
  for (const [name, cmd] of [["ip", ["ip"]], ["bun-netlink", bn]] as const) {
    const r: number[] = [];
    for (let i = 0; i < RUNS; i++) r.push(await once([...cmd], links));
    r.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(1);
    console.log(`${name.padEnd(12)} exec -> groups joined: median ${f(r[r.length >> 1]!)} ms (min ${f(r[0]!)}, max ${f(r[r.length - 1]!)}, ${RUNS} runs)`);
  }
  conn.close();
} finally {
  deleteNetns(ns);
}
