// The garbage collector: periodic and on-demand collection, unref'd timer, settle() finishing a collection in progress.
import { describe, expect, it } from "vitest";
import { GarbageCollector, DEFAULT_GC_PERIOD_MS } from "../../lib/sandbox/gc.ts";
import { MemoryLogger, silentLogger } from "../../lib/sandbox/logger.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";

const BASE = "/run/bnl-fake/gc";

function setup(paths: string[]): { os: FakeOs; gc: GarbageCollector } {
  const os = new FakeOs({ dirs: [BASE] });
  const gc = new GarbageCollector(os, 60_000, silentLogger);
  for (const p of paths) {
    os.files.add(`${BASE}/${p}`);
    gc.add(`${BASE}/${p}`);
  }
  return { os, gc };
}

describe("GarbageCollector", () => {
  it("defaults to the seed's 60 s period and validates periods", () => {
    expect(DEFAULT_GC_PERIOD_MS).toBe(60_000);
    for (const bad of [0, -1, NaN, Infinity, 2 ** 31]) expect(() => new GarbageCollector(new FakeOs(), bad, silentLogger)).toThrow(RangeError);
  });

  it("gc() removes every listed path and resolves when done", async () => {
    const { os, gc } = setup(["a", "b", "c"]);
    const p = gc.gc();
    expect(gc.collecting).toBe(true);
    await p;
    expect(gc.collecting).toBe(false);
    expect([...os.files]).toEqual([]);
    expect(gc.list()).toEqual([]);
    expect(os.calls.filter((c) => c.startsWith("removeFile"))).toEqual([`removeFile ${BASE}/a`, `removeFile ${BASE}/b`, `removeFile ${BASE}/c`]);
  });

  it("gc() with an empty list resolves without a collection", async () => {
    const { os, gc } = setup([]);
    await gc.gc();
    expect(gc.collections).toBe(0);
    expect(os.calls).toEqual([]);
  });

  it("a deleted path is not collected (a key created again)", async () => {
    const { os, gc } = setup(["a", "b"]);
    gc.delete(`${BASE}/a`);
    await gc.gc();
    expect([...os.files]).toEqual([`${BASE}/a`]);
  });

  it("settle() finishes the collection in progress synchronously", async () => {
    const { os, gc } = setup(["a", "b", "c", "d"]);
    const p = gc.gc(); // removes "a" synchronously, then yields
    expect(os.files.size).toBe(3);
    gc.settle();
    expect(os.files.size).toBe(0);
    await p;
    expect(os.calls.filter((c) => c.startsWith("removeFile")).length).toBe(4); // no path removed twice
  });

  it("gc() called during a collection waits for it, then collects what was added meanwhile", async () => {
    const { os, gc } = setup(["a", "b"]);
    const first = gc.gc();
    os.files.add(`${BASE}/late`);
    gc.add(`${BASE}/late`);
    await gc.gc();
    await first;
    expect([...os.files]).toEqual([]);
    expect(gc.collections).toBe(2);
  });

  it("a failing removal is logged and the rest goes on", async () => {
    const os = new FakeOs({ dirs: [BASE] });
    const log = new MemoryLogger();
    const gc = new GarbageCollector(os, 60_000, log);
    for (const p of ["x", "y"]) {
      os.files.add(`${BASE}/${p}`);
      gc.add(`${BASE}/${p}`);
    }
    os.failRemove.add(`${BASE}/x`);
    await gc.gc();
    expect([...os.files]).toEqual([`${BASE}/x`]);
    expect(log.messages("warn")).toEqual(["could not remove sandbox key file"]);
  });

  it("the periodic timer collects, and is unref'd and stoppable", async () => {
    const os = new FakeOs({ dirs: [BASE] });
    const gc = new GarbageCollector(os, 20, silentLogger);
    os.files.add(`${BASE}/p`);
    gc.add(`${BASE}/p`);
    gc.start();
    gc.start(); // idempotent
    expect(gc.started).toBe(true);
    for (let i = 0; i < 100 && os.files.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(os.files.size).toBe(0);
    expect(gc.collections).toBe(1);
    gc.stop();
    expect(gc.started).toBe(false);
    os.files.add(`${BASE}/q`);
    gc.add(`${BASE}/q`);
    await new Promise((r) => setTimeout(r, 80));
    expect(os.files.size).toBe(1); // stopped: nothing collected
  });

  it("the timer does not keep a process alive", () => {
    // A child bun process that starts a 1-hour collector must exit at once.
    const script = `import { GarbageCollector } from ${JSON.stringify(new URL("../../lib/sandbox/gc.ts", import.meta.url).pathname)};
      import { silentLogger } from ${JSON.stringify(new URL("../../lib/sandbox/logger.ts", import.meta.url).pathname)};
      const gc = new GarbageCollector({ removeFile() {} }, 3_600_000, silentLogger); gc.add("/x"); gc.start();`;
    const t0 = Date.now();
    const r = Bun.spawnSync({ cmd: [process.execPath, "-e", script], stdout: "pipe", stderr: "pipe", timeout: 20_000 });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
