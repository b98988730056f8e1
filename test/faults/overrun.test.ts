/**
 * Fault: event overrun. A watch with the smallest receive buffer follows a
 * namespace while other processes (`ip -batch`) make thousands of route
 * changes. The kernel drops notifications (ENOBUFS); the watch must report
 * the overrun, re-list, and end with tables equal to `ip -j route show
 * table all` (IPv4 and IPv6), and a consumer that only applied the emitted
 * events must end with the same routes. Root, throwaway namespace.
 */
import { afterEach, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { keyOf } from "../../lib/monitor/table.ts";
import { watch, type WatchEvent } from "../../lib/monitor/watch.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { waitForDad } from "../helpers/settle.ts";
import { expectOriginalNetns, ip, lineDiff, routeLinesFromIp, routeLinesFromTables, waitFor } from "../monitor/helpers.ts";

afterEach(expectOriginalNetns);

/** Run `ip -n ns -batch -` with `lines` as a separate process; resolves with its exit code. */
function batchProcess(ns: string, lines: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn("ip", ["-n", ns, "-batch", "-"], { stdio: ["pipe", "ignore", "inherit"] });
    p.on("error", reject);
    p.on("exit", (code) => resolve(code ?? -1));
    p.stdin.end(lines.join("\n") + "\n");
  });
}

describeKernel("faults: overrun", () => {
  it("thousands of route changes into a 4 KiB receive buffer: overrun reported, tables re-listed and equal to ip -j", () =>
    withTempNetns(async (ns) => {
      const n = ns.name;
      ip(n, "link", "set", "lo", "up");
      ip(n, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      ip(n, "link", "set", "v0", "up");
      ip(n, "link", "set", "v1", "up");
      ip(n, "addr", "add", "192.0.2.1/24", "dev", "v0");
      ip(n, "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad");
      waitForDad(n); // the fe80 addresses of v0/v1 and their local routes are in place before the snapshot

      const w = watch({ netns: n, families: ["link", "route"], receiveBuffer: 4096 });
      const events: WatchEvent[] = [];
      const mine = new Map<string, unknown>(); // routes as known from events alone
      const consumer = (async () => {
        for await (const ev of w) {
          events.push(ev);
          if ((ev.kind === "new" || ev.kind === "del") && ev.family === "route") {
            const k = keyOf("route", ev.object as never)!;
            if (ev.kind === "new") mine.set(k, ev.object);
            else mine.delete(k);
          }
        }
      })();
      await w.ready;

      // Two concurrent writers: IPv6 routes added, half replaced, a third deleted;
      // IPv4 host routes in four tables added and half deleted.
      const v6: string[] = [];
      for (let i = 0; i < 3000; i++) v6.push(`route add 2001:db8:${(1 + (i >> 8)).toString(16)}:${(i & 255).toString(16)}::/64 via 2001:db8::2`);
      for (let i = 0; i < 3000; i += 2) v6.push(`route replace 2001:db8:${(1 + (i >> 8)).toString(16)}:${(i & 255).toString(16)}::/64 dev v0 metric 1024`);
      for (let i = 0; i < 3000; i += 3) v6.push(`route del 2001:db8:${(1 + (i >> 8)).toString(16)}:${(i & 255).toString(16)}::/64`);
      const v4: string[] = [];
      for (let t = 0; t < 4; t++) for (let i = 0; i < 256; i++) v4.push(`route add 198.51.100.${i}/32 via 192.0.2.2 table ${100 + t}`);
      for (let t = 0; t < 4; t++) for (let i = 0; i < 256; i += 2) v4.push(`route del 198.51.100.${i}/32 table ${100 + t}`);
      const t0 = performance.now();
      const codes = await Promise.all([batchProcess(n, v6), batchProcess(n, v4)]);
      expect(codes).toEqual([0, 0]);
      const changes = v6.length + v4.length;

      // ip's snapshot is re-read on every try: a kernel timer (DAD) may still add a route meanwhile
      let want = routeLinesFromIp(n);
      await waitFor(() => JSON.stringify(routeLinesFromTables(w.tables)) === JSON.stringify((want = routeLinesFromIp(n))), "the watch to converge", 15_000).catch(() => {});
      const converged = performance.now() - t0;
      expect(lineDiff(routeLinesFromTables(w.tables), want)).toEqual([]);
      // settle: later events keep it equal
      await new Promise((r) => setTimeout(r, 300));
      const again = routeLinesFromIp(n);
      await waitFor(() => JSON.stringify(routeLinesFromTables(w.tables)) === JSON.stringify(again), "the watch to stay equal", 2000).catch(() => {});
      expect(lineDiff(routeLinesFromTables(w.tables), again)).toEqual([]);
      w.close();
      await consumer;
      await w.closed;

      const overruns = events.filter((e) => e.kind === "overrun");
      const resyncs = events.filter((e) => e.kind === "synced" && e.reason === "overrun");
      console.log(`${changes} route changes: ${overruns.length} overruns, ${resyncs.length} re-lists, converged ${converged.toFixed(0)} ms after the writers started; ${want.length} routes`);
      expect(overruns.length).toBeGreaterThan(0); // the buffer really overflowed
      expect(resyncs.length).toBeGreaterThan(0);
      expect(overruns.every((e) => e.kind === "overrun" && e.source === "kernel")).toBe(true);
      expect([...mine.keys()].sort()).toEqual([...w.tables.routes.keys()].sort());
      expect(want.length).toBeGreaterThan(2000);
    }));
});
