/**
 * Dumps read ahead on a second thread (lib/transport/read-ahead.ts), against
 * the real kernel (root, throwaway namespaces): a connection opened with
 * `readAhead` must see exactly the messages, in the same order, that one
 * without it sees, whether the thread takes the socket over, gets ready
 * after the dump ended, holds datagrams larger than its slots, or the
 * visitor throws in the middle; and the connection must go on working for
 * other requests afterwards.
 */
import { readdirSync, readFileSync } from "node:fs";
import { expect, it, vi } from "vitest";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import { describeKernel } from "../helpers/netns.ts";
import { cli } from "../cli/helpers.ts";
import { connect, dumpRoutes, dumpTables, linkUp } from "./read-ahead-helpers.ts";

/** Threads of this process named "Worker" (Bun's Worker threads). */
function workerThreads(): number {
  return readdirSync("/proc/self/task").filter((t) => {
    try {
      return readFileSync(`/proc/self/task/${t}/comm`, "utf8").trim() === "Worker";
    } catch {
      return false; // ended meanwhile
    }
  }).length;
}

describeKernel("conn: dumps read ahead on a second thread (the Worker engine)", () => {
  const t = dumpTables();

  it("hands the same messages over, in order, dump after dump", async () => {
    const { conn, kt } = connect(t.big, "worker");
    let threads = 0;
    try {
      expect(dumpRoutes(conn)).toEqual(t.want); // the thread starts during this one
      await Bun.sleep(300); // ready now
      const before = kt.readAheadDatagrams;
      expect(dumpRoutes(conn)).toEqual(t.want);
      expect(kt.readAheadDatagrams - before).toBeGreaterThan(50); // all but the first few came through the thread
      linkUp(conn);
      expect(dumpRoutes(conn)).toEqual(t.want);
    } finally {
      threads = workerThreads();
      conn.close();
    }
    expect(threads).toBeGreaterThan(0);
    for (let i = 0; i < 100 && workerThreads() >= threads; i++) await Bun.sleep(20);
    expect(workerThreads()).toBe(threads - 1); // closing the connection ends its thread
  }, 60_000);

  it("reads a dump itself when it ends before the thread is ready, and goes on", async () => {
    for (let attempt = 1; ; attempt++) {
      const { conn, kt } = connect(t.small, "worker");
      try {
        expect(dumpRoutes(conn)).toEqual(t.wantSmall);
        if (kt.readAheadDatagrams > 0) {
          // the new thread was ready before the dump's end this time: try again on a new connection
          if (attempt < 20) continue;
          throw new Error("a new thread was ready before every one of 20 six-datagram dumps ended");
        }
        linkUp(conn);
        await Bun.sleep(300); // the thread is ready now, and must not be handed the socket for the finished dump
        linkUp(conn);
        expect(kt.readAheadDatagrams).toBe(0);
        expect(dumpRoutes(conn)).toEqual(t.wantSmall);
        expect(kt.readAheadDatagrams).toBeGreaterThan(0);
        linkUp(conn);
        return;
      } finally {
        conn.close();
      }
    }
  }, 60_000);

  it("copies datagrams larger than a slot out of the thread's buffer", async () => {
    const { conn, kt } = connect(t.big, "worker", 4096);
    try {
      expect(dumpRoutes(conn)).toEqual(t.want);
      await Bun.sleep(300);
      const before = kt.readAheadDatagrams;
      expect(dumpRoutes(conn)).toEqual(t.want);
      expect(kt.readAheadDatagrams - before).toBeGreaterThan(50);
    } finally {
      conn.close();
    }
  }, 60_000);

  it("the CLI reads long dumps ahead unless BUN_NETLINK_READ_AHEAD=0", async () => {
    const spy = vi.spyOn(KernelTransport.prototype, "readAhead");
    const saved = process.env["BUN_NETLINK_READ_AHEAD"];
    try {
      const args = ["-n", t.big.name, "-6", "-j", "route", "show", "table", "all"];
      delete process.env["BUN_NETLINK_READ_AHEAD"];
      const on = await cli(args);
      expect(on.code).toBe(0);
      expect(spy).toHaveBeenCalledTimes(1);
      process.env["BUN_NETLINK_READ_AHEAD"] = "0";
      const off = await cli(args);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(off.stdout).toBe(on.stdout);
      expect(JSON.parse(off.stdout)).toHaveLength(t.want.length);
    } finally {
      spy.mockRestore();
      if (saved === undefined) delete process.env["BUN_NETLINK_READ_AHEAD"];
      else process.env["BUN_NETLINK_READ_AHEAD"] = saved;
    }
  }, 60_000);

  it("reads the dump to its end when the visitor throws, then answers the next request", async () => {
    const { conn } = connect(t.big, "worker");
    try {
      dumpRoutes(conn);
      await Bun.sleep(300);
      expect(() => dumpRoutes(conn, 5_000)).toThrow("visitor stops");
      linkUp(conn);
      expect(dumpRoutes(conn)).toEqual(t.want);
    } finally {
      conn.close();
    }
  }, 60_000);
});
