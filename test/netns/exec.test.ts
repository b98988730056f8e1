// execInNetns: `ip netns exec` semantics without iproute2.
import { expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { execInNetns, execInNetnsAsync } from "../../lib/netns/exec.ts";
import { currentNetnsId } from "../../lib/netns/handle.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import { describeKernel, ROOT_NETNS_ID, tempNetns } from "../helpers/netns.ts";

function sysMounts(): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.split(" ")[4] === "/sys");
}

describeKernel("execInNetns", () => {
  it("runs `ip -j link` inside and sees only lo", () => {
    using ns = tempNetns();
    const r = execInNetns(ns.name, ["ip", "-j", "link"]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.signal).toBeNull();
    const links = JSON.parse(r.stdout) as Array<{ ifname: string }>;
    expect(links.map((l) => l.ifname)).toEqual(["lo"]);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("gives the program a sysfs of the namespace without touching the host's mounts", () => {
    using ns = tempNetns();
    const before = sysMounts();
    const r = execInNetns(ns.path, ["ls", "/sys/class/net"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(["lo"]);
    expect(sysMounts()).toEqual(before);
  });

  it("passes exit codes, stdin, env and cwd through", () => {
    using ns = tempNetns();
    expect(execInNetns(ns.name, ["sh", "-c", "exit 7"]).exitCode).toBe(7);
    expect(execInNetns(ns.name, ["cat"], { stdin: "hello\n" }).stdout).toBe("hello\n");
    expect(execInNetns(ns.name, ["cat"], { stdin: new Uint8Array([104, 105]) }).stdout).toBe("hi");
    const env = execInNetns(ns.name, ["sh", "-c", 'echo "$BNL_X"'], { env: { PATH: process.env.PATH, BNL_X: "42" } });
    expect(env.stdout).toBe("42\n");
    expect(execInNetns(ns.name, ["pwd"], { cwd: "/tmp" }).stdout).toBe("/tmp\n");
    const sig = execInNetns(ns.name, ["sh", "-c", "kill -TERM $$"]);
    expect(sig.exitCode).toBeNull();
    expect(sig.signal).toBe("SIGTERM");
  });

  it("hands the program a clean process: default SIGPIPE, no extra fds", () => {
    using ns = tempNetns();
    const r = execInNetns(ns.name, ["sh", "-c", "grep SigIgn /proc/self/status; ls /proc/self/fd | wc -l; yes | head -1"]);
    expect(r.exitCode).toBe(0);
    const [sigign, fds, y] = r.stdout.trim().split("\n");
    expect(sigign).toMatch(/SigIgn:\s+0+$/);
    expect(Number(fds)).toBeLessThanOrEqual(4); // 0, 1, 2 and ls's own directory fd
    expect(y).toBe("y");
  });

  it("reports a missing program with exit 127 and a missing namespace before spawning", () => {
    using ns = tempNetns();
    const r = execInNetns(ns.name, ["/nonexistent/bnltest-prog"]);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain('exec of "/nonexistent/bnltest-prog" failed: ENOENT (No such file or directory)');
    expect(() => execInNetns("bnltest-nope", ["true"])).toThrow(SyscallError);
  });

  it("kills the program after timeoutMs", () => {
    using ns = tempNetns();
    const t0 = performance.now();
    const r = execInNetns(ns.name, ["sleep", "10"], { timeoutMs: 300 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.signal).toBe("SIGKILL");
  });

  it("bind-mounts /etc/netns/NAME/* over /etc, only for the program", () => {
    using ns = tempNetns();
    const dir = `/etc/netns/${ns.name}`;
    const hadEtcNetns = existsSync("/etc/netns");
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(`${dir}/hostname`, "bnltest-host\n");
      const r = execInNetns(ns.name, ["cat", "/etc/hostname"]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("bnltest-host\n");
      expect(readFileSync("/etc/hostname", "utf8")).not.toBe("bnltest-host\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (!hadEtcNetns) {
        try {
          rmdirSync("/etc/netns"); // only if empty: never remove anyone else's entries
        } catch {
          // not empty or already gone
        }
      }
    }
  });

  it("has an async variant that does not block the event loop", async () => {
    using ns = tempNetns();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const r = await execInNetnsAsync(ns.name, ["sh", "-c", "sleep 0.2; ip -o link | wc -l"]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout.trim()).toBe("1");
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(5);
  });
});
