/**
 * Fault: descriptor leaks into child processes. Every netlink socket and
 * namespace fd the library opens is close-on-exec (SOCK_CLOEXEC, O_CLOEXEC),
 * checked through /proc/PID/fd of a child that opened them all and then
 * exec'd another program (cloexec-child.ts). A control fd opened without
 * O_CLOEXEC must still be there, which shows the check can fail. (Bun's own
 * spawn closes every inherited fd, so it could not show a leak.)
 * Root, throwaway namespace.
 */
import { afterEach, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { expectOriginalNetns, waitFor } from "../monitor/helpers.ts";

afterEach(expectOriginalNetns);

describeKernel("faults: no descriptor leaks across exec", () => {
  it("netlink sockets and namespace fds are closed in an exec'd child; a non-CLOEXEC control fd is not", () =>
    withTempNetns(async (ns) => {
      const script = fileURLToPath(new URL("./cloexec-child.ts", import.meta.url));
      const child = spawn(process.execPath, [script, ns.name], { stdio: ["ignore", "pipe", "inherit"] });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let buf = "";
          child.stdout!.on("data", (d: Buffer) => {
            buf += d.toString();
            const nl = buf.indexOf("\n");
            if (nl >= 0) resolve(buf.slice(0, nl));
          });
          child.once("exit", (code) => reject(new Error(`child exited (${code}) before reporting`)));
        });
        const before = JSON.parse(line) as { control: number; fds: Record<string, string>; held: number[] };
        const pid = child.pid!;
        // The exec is over only once sleep sleeps: the kernel renames the task (comm) before it
        // closes the close-on-exec descriptors (fs/exec.c begin_new_exec), so comm alone races.
        await waitFor(() => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "sleep" && readFileSync(`/proc/${pid}/wchan`, "utf8").includes("nanosleep"), "the child to exec sleep and sleep", 30_000);
        const after = new Map<number, string>();
        for (const fd of readdirSync(`/proc/${pid}/fd`)) after.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));

        // before the exec: a netlink socket each for the plain socket, the connection, the
        // subscription, and the watch's connection and subscription, plus the namespace handle
        const sockets = Object.entries(before.fds).filter(([fd, t]) => Number(fd) > 2 && t.startsWith("socket:"));
        expect(sockets.length).toBeGreaterThanOrEqual(5);
        expect(before.fds[String(before.held[1])]).toBe(ns.path);
        // after: the control fd proves inherited fds are visible; nothing else above stdio survived
        expect(after.get(before.control)).toBe("/etc/hostname");
        const leaked = [...after].filter(([fd]) => fd > 2 && fd !== before.control);
        expect(leaked).toEqual([]);
      } finally {
        child.kill("SIGKILL");
      }
    }));
});
