/**
 * Dumps read ahead through io_uring (lib/transport/read-ahead-uring.ts),
 * against the real kernel (root, throwaway namespaces): a connection with
 * `readAhead: "uring"` must see exactly the messages, in the same order,
 * that one without it sees; a chain of receives that outruns a dump's end
 * must be cancelled without taking a later answer (every short dump here
 * ends inside a chain); a visitor that throws, a datagram larger than its
 * slot, a transport closed in the middle of a dump: the connection
 * goes on, or closes, without hanging. Where this process cannot have an
 * io_uring (probe "io_uring:recvmsg"), "uring" reads on the caller's
 * thread and "auto" takes the Worker.
 */
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { describeKernel } from "../helpers/netns.ts";
import { connect, dumpRoutes, dumpTables, linkUp } from "./read-ahead-helpers.ts";

/** Threads of this process that are io_uring workers (named iou-wrk-PID). */
function ioWorkers(): number {
  return readdirSync("/proc/self/task").filter((t) => {
    try {
      return readFileSync(`/proc/self/task/${t}/comm`, "utf8").startsWith("iou-wrk");
    } catch {
      return false;
    }
  }).length;
}

/** File descriptors of this process that are io_urings. */
function ioUringFds(): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readFileSync(`/proc/self/fdinfo/${fd}`, "utf8").includes("SqMask");
    } catch {
      return false;
    }
  }).length;
}

/** RTM_GETROUTE dump request for IPv6 with sequence number `seq`, as bytes. */
function routeDumpRequest(seq: number): Uint8Array {
  const b = new Uint8Array(28);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 28, true);
  dv.setUint16(4, 26, true); // RTM_GETROUTE
  dv.setUint16(6, 0x301, true); // NLM_F_REQUEST | NLM_F_DUMP
  dv.setUint32(8, seq, true);
  b[16] = 10; // rtm_family AF_INET6
  return b;
}

describeKernel("conn: dumps read ahead through io_uring", () => {
  const lacks = kernelLacks("io_uring:recvmsg");
  const t = dumpTables();

  if (lacks) {
    it("kernel lacks: io_uring:recvmsg; \"uring\" reads on the caller's thread, \"auto\" takes the Worker", () => {
      const u = connect(t.big, "uring");
      const a = connect(t.big, "auto");
      try {
        expect(dumpRoutes(u.conn)).toEqual(t.want);
        expect(u.kt.readAheadEngine).toBeUndefined();
        expect(dumpRoutes(a.conn)).toEqual(t.want);
        expect(a.kt.readAheadEngine).toBe("worker");
      } finally {
        u.conn.close();
        a.conn.close();
      }
    });
    return;
  }

  it("hands the same messages over, in order, dump after dump, from the first dump on", () => {
    const { conn, kt } = connect(t.big, "auto");
    try {
      expect(dumpRoutes(conn)).toEqual(t.want);
      expect(kt.readAheadEngine).toBe("uring");
      expect(kt.readAheadDatagrams).toBeGreaterThan(50); // all but the first few, with no thread to wait for
      expect(ioWorkers()).toBeGreaterThan(0);
      linkUp(conn);
      const before = kt.readAheadDatagrams;
      expect(dumpRoutes(conn)).toEqual(t.want);
      expect(kt.readAheadDatagrams - before).toBeGreaterThan(50);
      linkUp(conn);
    } finally {
      conn.close();
    }
  }, 60_000);

  it("cancels the receives queued past a dump's end, and takes no later answer (300 short dumps)", () => {
    const { conn, kt } = connect(t.small, "uring");
    try {
      for (let i = 0; i < 300; i++) {
        expect(dumpRoutes(conn)).toEqual(t.wantSmall);
        linkUp(conn); // answered by its own ACK: a receive left queued would have taken it
      }
      expect(kt.readAheadDatagrams).toBeGreaterThan(300);
    } finally {
      conn.close();
    }
  }, 120_000);

  it("reads the dump to its end when the visitor throws, then answers the next request", () => {
    const { conn } = connect(t.big, "uring");
    try {
      expect(() => dumpRoutes(conn, 5_000)).toThrow("visitor stops");
      linkUp(conn);
      expect(dumpRoutes(conn)).toEqual(t.want);
    } finally {
      conn.close();
    }
  }, 60_000);

  it("reports a datagram larger than its slot as truncated, and answers the next request", () => {
    const { conn, kt } = connect(t.big, "uring", 4096); // dump datagrams are up to 32 KiB
    try {
      expect(() => dumpRoutes(conn)).toThrow(/^netlink recv: a \d+-byte datagram exceeded the 4096-byte receive area and was truncated$/);
      expect(kt.readAheadEngine).toBe("uring");
      linkUp(conn);
    } finally {
      conn.close();
    }
  }, 60_000);

  it("closes in the middle of a dump without waiting for it, and leaves no io_uring behind", () => {
    const before = ioUringFds();
    for (let round = 0; round < 20; round++) {
      const kt = new KernelTransport(t.big.socket(0));
      kt.send(routeDumpRequest(77));
      for (let i = 0; i < 3; i++) kt.recv();
      kt.readAhead(77, "uring");
      expect(kt.readAheadEngine).toBe("uring");
      for (let i = 0; i < round; i++) expect(kt.recv()!.length).toBeGreaterThan(16);
      kt.close(); // receives still queued on the kernel's worker: cancelled, then the ring is closed
    }
    expect(ioUringFds()).toBe(before);
  }, 60_000);

  it("the worker engine and io_uring agree with the plain reads on every dump of one connection each", () => {
    const plain = connect(t.big, false).conn;
    const viaWorker = new NetlinkConnection(new KernelTransport(t.big.socket(0)), { readAhead: "worker" });
    const viaRing = new NetlinkConnection(new KernelTransport(t.big.socket(0)), { readAhead: "uring" });
    try {
      for (let i = 0; i < 3; i++) {
        const p = dumpRoutes(plain);
        expect(dumpRoutes(viaRing)).toEqual(p);
        expect(dumpRoutes(viaWorker)).toEqual(p);
      }
    } finally {
      plain.close();
      viaWorker.close();
      viaRing.close();
    }
  }, 60_000);
});
