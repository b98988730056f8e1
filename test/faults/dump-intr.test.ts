/**
 * Fault: interrupted dumps. Address and link dumps through the public API
 * (openRtnl().addresses.list(), .links.list()) while another process keeps
 * adding and removing addresses / links in the same namespace.
 *
 * The kernel flags a dump whose table changed between two of its datagrams
 * with NLM_F_DUMP_INTR; such a dump may skip or repeat entries. What must
 * hold: a dump that returns is complete (every entry that never changed is
 * there exactly once); an interrupted one is retried at most `dumpRetries`
 * times (counted on the wire) and then fails with DumpInterruptedError
 * carrying the last partial result. With `dumpRetries: 1` the interruption
 * is seen at least once, so the churn really overlaps the dumps.
 * Root, throwaway namespace.
 */
import { afterEach, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DumpInterruptedError } from "../../lib/conn/errors.ts";
import { openSocketInNetns } from "../../lib/netns/run.ts";
import { openRtnl, type Rtnl } from "../../lib/rtnl/rtnl.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import type { Transport } from "../../lib/transport/transport.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { expectOriginalNetns, ip, ipBatch } from "../monitor/helpers.ts";

afterEach(expectOriginalNetns);

/** A kernel transport that counts the datagrams it sends. */
class CountingTransport extends KernelTransport {
  sends = 0;
  override send(data: Uint8Array): void {
    this.sends++;
    super.send(data);
  }
}

/** Start `ip -n ns -batch FILE` in an endless shell loop, in its own process group. */
function churn(ns: string, lines: string[]): { stop(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), "bnl-churn-"));
  const file = join(dir, "batch");
  writeFileSync(file, lines.join("\n") + "\n");
  const p: ChildProcess = spawn("sh", ["-c", `while :; do ip -n ${ns} -force -batch ${file} >/dev/null 2>&1; done`], { detached: true, stdio: "ignore" });
  return {
    async stop() {
      const exited = new Promise((r) => p.once("exit", r));
      process.kill(-p.pid!, "SIGTERM"); // the loop and its current ip, both started here
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Tally {
  ok: number;
  interrupted: number;
}

/**
 * Run `list` for `ms` milliseconds (at least `min` times); every returned
 * list must hold each of `stable` exactly once; every failure must be a
 * DumpInterruptedError after exactly `retries` requests, with a partial list.
 */
async function hammer(conn: { rtnl: Rtnl; t: CountingTransport }, list: (r: Rtnl) => string[], stable: string[], retries: number, ms: number, min: number): Promise<Tally> {
  const tally: Tally = { ok: 0, interrupted: 0 };
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end || i < min; i++) {
    const before = conn.t.sends;
    try {
      const names = list(conn.rtnl);
      const seen = new Map<string, number>();
      for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
      const missing = stable.filter((s) => seen.get(s) !== 1);
      expect(missing, "a returned dump is complete and has no duplicates").toEqual([]);
      expect(conn.t.sends - before).toBeLessThanOrEqual(retries);
      tally.ok++;
    } catch (e) {
      if (!(e instanceof DumpInterruptedError)) throw e;
      expect(e.attempts).toBe(retries);
      expect(conn.t.sends - before).toBe(retries); // bounded: exactly `retries` dump requests
      expect(Array.isArray(e.partial)).toBe(true);
      expect(e.partial.length).toBeGreaterThan(0);
      tally.interrupted++;
    }
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 0));
  }
  return tally;
}

function open(nsPath: string, dumpRetries: number): { rtnl: Rtnl; t: CountingTransport } {
  const t = new CountingTransport(openSocketInNetns(nsPath, 0));
  return { rtnl: openRtnl({ transport: t as Transport, dumpRetries }), t };
}

describeKernel("faults: interrupted dumps", () => {
  it("address dumps under churn: complete or DumpInterruptedError after bounded retries, never a silently inconsistent list", () =>
    withTempNetns(async (ns) => {
      const n = ns.name;
      ip(n, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      const stable: string[] = [];
      const add: string[] = [];
      for (let i = 1; i <= 3000; i++) {
        stable.push(`2001:db8:1::${i.toString(16)}`);
        add.push(`addr add 2001:db8:1::${i.toString(16)}/128 dev v0 nodad`);
      }
      ipBatch(n, add);
      const moving: string[] = [];
      for (let i = 1; i <= 200; i++) moving.push(`addr add 2001:db8:2::${i.toString(16)}/128 dev v1 nodad`);
      for (let i = 1; i <= 200; i++) moving.push(`addr del 2001:db8:2::${i.toString(16)}/128 dev v1`);
      const list = (r: Rtnl) => r.addresses.list().filter((a) => a.family === "inet6").map((a) => a.local);
      const c = churn(n, moving);
      const one = open(ns.path, 1);
      const three = open(ns.path, 3);
      try {
        const single = await hammer(one, list, stable, 1, 1500, 20);
        const retried = await hammer(three, list, stable, 3, 1500, 20);
        console.log(`address dumps under churn: retries=1 ok ${single.ok} interrupted ${single.interrupted}; retries=3 ok ${retried.ok} interrupted ${retried.interrupted}`);
        expect(single.interrupted).toBeGreaterThan(0); // the churn really interrupted dumps
        expect(retried.ok).toBeGreaterThan(0);
      } finally {
        await c.stop();
        one.rtnl.close();
        three.rtnl.close();
      }
      // quiet again: one dump, complete
      const quiet = open(ns.path, 1);
      expect(list(quiet.rtnl).filter((a) => a.startsWith("2001:db8:1::")).sort()).toEqual([...stable].sort());
      quiet.rtnl.close();
    }));

  it("link dumps under churn: complete or DumpInterruptedError after bounded retries", () =>
    withTempNetns(async (ns) => {
      const n = ns.name;
      const stable: string[] = [];
      const add: string[] = [];
      for (let i = 0; i < 150; i++) {
        stable.push(`s${i}`, `t${i}`);
        add.push(`link add s${i} type veth peer name t${i}`);
      }
      ipBatch(n, add);
      const moving: string[] = [];
      for (let i = 0; i < 20; i++) moving.push(`link add c${i} type veth peer name d${i}`);
      for (let i = 0; i < 20; i++) moving.push(`link del c${i}`);
      const list = (r: Rtnl) => r.links.list().map((l) => String(l.attrs.ifname));
      const c = churn(n, moving);
      const one = open(ns.path, 1);
      const three = open(ns.path, 3);
      try {
        const single = await hammer(one, list, stable, 1, 2000, 20);
        const retried = await hammer(three, list, stable, 3, 1500, 20);
        console.log(`link dumps under churn: retries=1 ok ${single.ok} interrupted ${single.interrupted}; retries=3 ok ${retried.ok} interrupted ${retried.interrupted}`);
        expect(single.interrupted).toBeGreaterThan(0);
        expect(retried.ok).toBeGreaterThan(0);
      } finally {
        await c.stop();
        one.rtnl.close();
        three.rtnl.close();
      }
    }));
});
