/**
 * What the command line does before it loads the program (cli/bun-netlink,
 * cli/launch.ts, cli/monitor-early.ts): the entry imports nothing but the
 * launcher; `monitor` joins its groups before main.ts, lib/conn or any
 * codec is read, and an event made right after the join is printed (the
 * early socket is handed to the subscription, nothing queued is lost).
 * The join is observed from outside by strace (the setsockopt
 * NETLINK_ADD_MEMBERSHIP call and every file the process opens, in order),
 * so the test does not depend on the machine's speed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { matches } from "../../cli/args.ts";
import { jitPolicy, mayBeMonitor, startupJit, steadyJit } from "../../cli/launch.ts";
import { groupsFor, parseMonitorArgs } from "../../cli/monitor-args.ts";
import { earlyRequest } from "../../cli/monitor-early.ts";
import { parseOptions } from "../../cli/options.ts";
import { MONITOR_GROUPS } from "../../lib/monitor/groups.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { cli, ipOk, Rng } from "./helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const ENTRY = join(ROOT, "cli", "bun-netlink");

/** monitor-early.ts's exact rule: a valid option list, then an object word that ip resolves to monitor. */
function isMonitorLine(argv: string[]): boolean {
  const p = parseOptions(argv);
  if ("exit" in p || p.opts.batch !== undefined) return false;
  const obj = p.rest[0];
  return obj !== undefined && matches(obj, "monitor") && !matches(obj, "maddress");
}

describe("the launcher", () => {
  it("the entry script imports only the launcher statically; everything else on demand", () => {
    const src = readFileSync(ENTRY, "utf8");
    const statics = [...src.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(statics).toEqual(["./launch.ts"]);
    expect(src.indexOf("startupJit();")).toBeLessThan(src.indexOf("await import("));
    expect(src).toContain('await import("./monitor-early.ts")');
    expect(src).toContain('await import("./main.ts")');
  });

  it("mayBeMonitor holds for every command line monitor-early would join for (random lines over ip's words)", () => {
    const words = ["-n", "ns1", "-j", "-4", "-6", "-b", "f", "-force", "-t", "m", "mo", "mon", "moni", "monitor", "monitors", "ma", "link", "l", "all", "a", "route", "-V", "--", "x", "-family", "inet"];
    const rng = new Rng(0x5eed);
    let monitorLines = 0;
    for (let i = 0; i < 20_000; i++) {
      const argv = Array.from({ length: rng.int(0, 5) }, () => words[rng.int(0, words.length - 1)]!);
      if (!isMonitorLine(argv)) continue;
      monitorLines++;
      expect(mayBeMonitor(argv), `seed ${rng.seed}: ${JSON.stringify(argv)}`).toBe(true);
    }
    expect(monitorLines).toBeGreaterThan(500);
    // and it is cheap because it is loose only where that costs nothing
    expect(mayBeMonitor(["-n", "x", "link", "show"])).toBe(false);
    expect(mayBeMonitor(["m"])).toBe(false);
    expect(mayBeMonitor(["-V"])).toBe(false);
  });
});

describe("monitor-early's reading of the command line", () => {
  /** What the normal path (options.ts, monitor-args.ts, groups.ts) asks for, or undefined when it refuses the line. */
  function exact(argv: string[]): { netns: string | undefined; groups: number[] } | undefined {
    const p = parseOptions(argv);
    if ("exit" in p || p.opts.batch !== undefined) return undefined;
    const [obj, ...rest] = p.rest;
    if (obj === undefined || !matches(obj, "monitor") || matches(obj, "maddress")) return undefined;
    try {
      const groups = groupsFor(parseMonitorArgs(rest).families, p.opts.family).map((g) => MONITOR_GROUPS[g]);
      return { netns: p.opts.netns, groups };
    } catch {
      return undefined;
    }
  }

  it("joins for exactly the namespace and groups the normal path asks for, or leaves the line to it (random lines)", () => {
    const opts = ["-n", "ns1", "-netns", "-j", "-4", "-6", "-0", "-b", "-f", "inet", "inet6", "link", "-family", "-force", "-t", "-ts", "-s", "-d", "-h", "-r", "-l", "3", "-o", "-a", "-p", "-br", "-c", "-color=never", "-N", "-V", "-help", "-rc", "--", "--json", "-x", "-"];
    const words = ["m", "mo", "mon", "monitor", "monitors", "ma", "link", "l", "la", "label", "a", "address", "r", "route", "ro", "n", "ne", "neigh", "nei", "net", "netconf", "nsid", "nexthop", "nex", "rule", "ru", "all", "all-nsid", "dev", "lo", "file", "help", "stats", "pr", "mr", "x"];
    const rng = new Rng(0x4ea1);
    let joined = 0;
    let refused = 0;
    for (let i = 0; i < 40_000; i++) {
      const argv = [...Array.from({ length: rng.int(0, 3) }, () => rng.pick(opts)), ...Array.from({ length: rng.int(0, 4) }, () => rng.pick(words))];
      const want = exact(argv);
      const got = earlyRequest(argv);
      if (got === undefined) {
        if (want !== undefined) refused++;
        continue;
      }
      joined++;
      expect(got, `seed ${rng.seed}: ${JSON.stringify(argv)}`).toEqual(want);
    }
    // it understands most monitor lines, and the ones it leaves are the unusual ones
    expect(joined).toBeGreaterThan(500);
    expect(refused).toBeLessThan(joined);
    expect(earlyRequest(["-n", "x", "monitor"])).toEqual({ netns: "x", groups: [1, 5, 9, 7, 11, 3, 8, 19, 28, 32] });
    expect(earlyRequest(["-6", "mo", "a", "link"])).toEqual({ netns: undefined, groups: [9, 1] });
    expect(earlyRequest(["-batch", "f", "monitor"])).toBeUndefined();
  });
});

describe("the JIT policy of the start", () => {
  it("is reluctant while a command starts and normal again for -batch and after 64 KiB of output", async () => {
    try {
      startupJit();
      expect(jitPolicy()).toBe(16);
      expect(await cli(["-batch", "-"], "")).toMatchObject({ code: 0 });
      expect(jitPolicy()).toBe(1);
      // processIo writes to fd 1: a child process whose stdout is a pipe reports the policy after each write
      const script = `
        import { jitPolicy, startupJit } from ${JSON.stringify(join(ROOT, "cli/launch.ts"))};
        import { processIo } from ${JSON.stringify(join(ROOT, "cli/io.ts"))};
        startupJit();
        const io = processIo();
        const seen = [jitPolicy()];
        io.out("x".repeat(60 << 10)); seen.push(jitPolicy());
        io.outBytes(new Uint8Array(4 << 10)); seen.push(jitPolicy());
        io.err(JSON.stringify(seen));`;
      const r = Bun.spawnSync({ cmd: [process.execPath, "-e", script], stdout: "pipe", stderr: "pipe" });
      expect(r.stdout.length).toBe(64 << 10);
      expect(r.stderr.toString()).toBe("[16,16,1]");
    } finally {
      steadyJit();
    }
    expect(jitPolicy()).toBe(1);
  });
});

/** Poll `cond` every 2 ms until it holds; false after `ms`. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) return false;
    await Bun.sleep(2);
  }
  return true;
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split("\n");
  } catch {
    return [];
  }
}

/** End the traced program (strace -f prefixes each line with the pid; the first is the program's): strace exits with it. */
function stop(lines: string[]): void {
  const pid = Number(/^(\d+) /.exec(lines[0] ?? "")?.[1]);
  if (pid > 0) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

describeKernel("monitor joins its groups first (root, strace)", () => {
  it("joins before main.ts, lib/conn or a codec is opened, and prints a change made right after the join", async () => {
    const ns = tempNetns();
    const dir = mkdtempSync(join(tmpdir(), "bnl-startup-"));
    const log = join(dir, "strace.log");
    const proc = Bun.spawn({
      cmd: ["strace", "-f", "-qq", "-e", "trace=openat,open,setsockopt", "-o", log, process.execPath, ENTRY, "-n", ns.name, "monitor", "link"],
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      let out = "";
      const reading = (async () => {
        const dec = new TextDecoder();
        for await (const chunk of proc.stdout) out += dec.decode(chunk, { stream: true });
      })();
      const text = (): string => readLines(log).join("\n");
      // the readiness point: the kernel has accepted the membership
      expect(await until(() => text().includes("NETLINK_ADD_MEMBERSHIP"), 30_000)).toBe(true);
      // right after it, before the program has loaded: the event must be queued for the early socket
      ipOk(["-n", ns.name, "link", "set", "lo", "mtu", "1234"]);
      expect(await until(() => / lo: .* mtu 1234 /.test(out), 30_000)).toBe(true);
      const lines = text().split("\n");
      stop(lines);
      await proc.exited;
      await reading.catch(() => {});
      const join_ = lines.findIndex((l) => l.includes("NETLINK_ADD_MEMBERSHIP"));
      const opened = (re: RegExp): number => lines.findIndex((l) => /\bopen(at)?\(/.test(l) && re.test(l));
      expect(lines[join_]).toMatch(/setsockopt\(\d+, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, \[1\], 4\) = 0/);
      // what the launcher needed was read before (the join could not have happened otherwise) ...
      expect(opened(/\/cli\/monitor-early\.ts"/)).toBeGreaterThan(-1);
      expect(opened(/\/cli\/monitor-early\.ts"/)).toBeLessThan(join_);
      // ... and the program proper only after the join
      for (const re of [/\/cli\/main\.ts"/, /\/cli\/monitor\.ts"/, /\/cli\/options\.ts"/, /\/lib\/sys\/libc\.ts"/, /\/lib\/conn\//, /\/codecs\/link\//, /\/codecs\/rtnetlink/]) {
        const at = opened(re);
        expect(at, `${re} opened before the join:\n${lines.slice(0, join_ + 1).join("\n")}`).toBeGreaterThan(join_);
      }
    } finally {
      stop(readLines(log));
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
      ns.remove();
    }
  }, 90_000);
});
