/**
 * How long `monitor` takes from exec until it has joined its groups, for
 * ip, the compiled program (dist/bun-netlink) and the npm bin (`bun
 * dist/cli/bun-netlink.js`), as `npm run build` left dist/; RUNS
 * interleaved rounds in a throwaway namespace, two ways:
 *
 * - outside: the program is started with `monitor link` while this process
 *   changes lo's MTU about every millisecond (through the library, no
 *   process per change). The first MTU the program prints tells the first
 *   change made after it joined: it joined between the change before it
 *   and that one (resolution ~1 ms plus timer slack). When it prints the
 *   very first change it joined before that change was made, which is
 *   what the figure then is (an upper bound).
 * - strace: `strace -f --seccomp-bpf -ttt` (stops only at the traced calls)
 *   stamps the execve and the join (ip: bind with nl_groups; ours:
 *   setsockopt NETLINK_ADD_MEMBERSHIP).
 *
 * Prints the median and range in ms per program and the load average.
 *
 *   sudo bun scripts/monitor-startup.ts [RUNS]
 *   BN="bun cli/bun-netlink" sudo -E bun scripts/monitor-startup.ts   # adds another program
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { NetlinkConnection } from "../lib/conn/connection.ts";
import { createNetns, deleteNetns } from "../lib/netns/manage.ts";
import { openSocketInNetns } from "../lib/netns/run.ts";
import { LinkApi } from "../lib/rtnl/link/api.ts";
import { KernelTransport } from "../lib/transport/kernel.ts";

const RUNS = Number(process.argv[2] ?? 10);
const root = resolve(import.meta.dir, "..");
const ns = `bnl-monstart-${process.pid}`;

const programs: Array<[string, string[]]> = [
  ["ip 6.1", ["ip"]],
  ["dist/bun-netlink (compiled)", [join(root, "dist/bun-netlink")]],
  ["bun dist/cli/bun-netlink.js (npm bin)", [process.execPath, join(root, "dist/cli/bun-netlink.js")]],
];
if (process.env.BN) programs.push([process.env.BN, process.env.BN.split(" ")]);

async function outside(cmd: string[], links: LinkApi): Promise<number> {
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
  await child.exited;
  if (seen === undefined) throw new Error(`${cmd.join(" ")} printed no event in 5 s:\n${out}`);
  const first = seen - 10001;
  // joined after change first-1 was made (and before change `first`); before change 0: before it was made
  return first <= 0 ? times[0]! : times[first - 1]!;
}

async function traced(cmd: string[]): Promise<number> {
  // strace writes its log to stderr as it goes (a -o file is buffered until exit)
  const child = Bun.spawn(["strace", "-f", "--seccomp-bpf", "-ttt", "-e", "trace=execve,bind,setsockopt", ...cmd, "-n", ns, "monitor", "link"], { stdout: "ignore", stderr: "pipe" });
  const join_ = /nl_groups=0x0*[1-9a-f]|NETLINK_ADD_MEMBERSHIP/;
  let log = "";
  let exec: number | undefined;
  let tracee = 0;
  let t: number | undefined;
  const timer = setTimeout(() => child.kill(), 5000);
  const dec = new TextDecoder();
  for await (const chunk of child.stderr) {
    log += dec.decode(chunk);
    const lines = log.split("\n");
    log = lines.pop()!;
    for (const l of lines) {
      // "[pid N] seconds.micros call(...)" (to stderr, the pid only once there are several tasks)
      const at = Number(l.replace(/^\[pid\s+\d+\]\s*/, "").split(/\s+/)[0]);
      if (exec === undefined && l.includes("execve(")) exec = at;
      if (t === undefined && exec !== undefined && join_.test(l)) t = (at - exec) * 1000;
    }
    if (t !== undefined) break;
  }
  clearTimeout(timer);
  // end the traced program (strace exits with it), then strace
  const pids = Bun.spawnSync(["pgrep", "-P", String(child.pid)]).stdout.toString().trim().split("\n").filter(Boolean);
  for (const p of pids) {
    try {
      process.kill(Number(p), "SIGTERM");
    } catch {
      // gone
    }
  }
  tracee = pids.length;
  if (tracee === 0) child.kill();
  await child.exited;
  if (t === undefined) throw new Error(`${cmd.join(" ")}: no join in the strace log within 5 s`);
  return t;
}

function summary(r: number[]): string {
  const s = [...r].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(6);
  return `median ${f(s[s.length >> 1]!)} ms (min ${f(s[0]!)}, max ${f(s[s.length - 1]!)})`;
}

createNetns(ns);
try {
  const conn = new NetlinkConnection(new KernelTransport(openSocketInNetns(`/run/netns/${ns}`, 0)));
  const links = new LinkApi(conn);
  const out = programs.map(() => [] as number[]);
  const st = programs.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, [, cmd]] of programs.entries()) {
      out[k]!.push(await outside(cmd, links));
      st[k]!.push(await traced(cmd));
    }
  }
  conn.close();
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(`monitor exec -> groups joined, ${RUNS} interleaved runs, load average ${load}`);
  for (const [k, [name]] of programs.entries()) {
    console.log(`${name.padEnd(38)} outside ${summary(out[k]!)}   strace ${summary(st[k]!)}`);
  }
} finally {
  deleteNetns(ns);
}
