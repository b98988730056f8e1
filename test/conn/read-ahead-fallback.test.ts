/**
 * Where this process cannot have an io_uring (io_uring_setup refused: an old
 * kernel, kernel.io_uring_disabled, a seccomp filter), simulated here by
 * making IoUring.open answer null as it does then: "uring" (the library's
 * default) reads every dump on the calling thread, "auto" (the CLI's) takes
 * the Worker, and both see exactly the messages a plain connection sees.
 * Its own file: the first refusal is remembered for the rest of the process.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { IoUring as IoUringClass } from "../../lib/sys/io-uring.ts";
import { describeKernel, type TempNetns } from "../helpers/netns.ts";
import { connect, dumpRoutes, linkUp, populated } from "./read-ahead-helpers.ts";

// the engine's module as KernelTransport loads it (a synchronous require on the first long dump), not vitest's copy
const { IoUring } = createRequire(import.meta.url)("../../lib/sys/io-uring.ts") as { IoUring: typeof IoUringClass };

describeKernel("conn: read-ahead where io_uring is refused", () => {
  let ns: TempNetns;
  let want: string[];
  beforeAll(() => {
    ns = populated(6_000); // ~25 datagrams
    want = dumpRoutes(connect(ns, false).conn);
    expect(want.length).toBeGreaterThan(6_000);
  }, 120_000);
  afterAll(() => ns?.remove());

  it("\"uring\" reads on the calling thread, \"auto\" takes the Worker, and io_uring is asked once", () => {
    const open = vi.spyOn(IoUring, "open").mockReturnValue(null);
    const u = connect(ns, "uring");
    const a = connect(ns, "auto");
    try {
      expect(dumpRoutes(u.conn)).toEqual(want);
      expect(u.kt.readAheadEngine).toBeUndefined();
      expect(u.kt.readAheadDatagrams).toBe(0);
      linkUp(u.conn);
      expect(dumpRoutes(u.conn)).toEqual(want);
      expect(dumpRoutes(a.conn)).toEqual(want);
      expect(a.kt.readAheadEngine).toBe("worker");
      expect(open).toHaveBeenCalledTimes(1); // the refusal is remembered: later transports do not ask again
    } finally {
      u.conn.close();
      a.conn.close();
      open.mockRestore();
    }
  }, 60_000);
});
