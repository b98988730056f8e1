// Long batches: progress after every window, an AbortSignal checked between windows, and an
// async form that yields to the event loop so timers and signal handlers run during a large
// addMany. The kernel's own route count (ip -j route show) is the reference for what was added.
import { afterEach, expect, it } from "vitest";
import { openRtnl, type Rtnl } from "../../lib/rtnl/rtnl.ts";
import type { BatchProgress } from "../../lib/conn/batch.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";

const N = 6000;
const WINDOW = 100;

/** N distinct /32 routes in 198.18.0.0/15 on dev v0. */
function specs(n = N): { dst: string; dev: string }[] {
  return Array.from({ length: n }, (_, i) => ({ dst: `198.18.${i >> 8}.${i & 255}/32`, dev: "v0" }));
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

function setup(): { ns: TempNetns; nl: Rtnl } {
  const ns = tempNetns();
  cleanup.push(() => ns.remove());
  const nl = openRtnl({ netns: ns.name });
  cleanup.push(() => nl.close());
  nl.links.add({ name: "v0", kind: "veth", peer: { name: "v1" }, up: true });
  return { ns, nl };
}

/** Routes in 198.18.0.0/15 as the kernel lists them (ip -j). */
function kernelCount(ns: TempNetns): number {
  const r = ns.exec(["ip", "-j", "-4", "route", "show", "root", "198.18.0.0/15"]);
  expect(r.exitCode).toBe(0);
  return (JSON.parse(r.stdout) as unknown[]).length;
}

describeKernel("batch progress, abort and the async form", () => {
  it("reports progress after every window and stops at an abort from onProgress", () => {
    const { ns, nl } = setup();
    const ac = new AbortController();
    const seen: BatchProgress[] = [];
    const r = nl.routes.addMany(specs(), {
      window: WINDOW,
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.done >= 3 * WINDOW) ac.abort();
      },
    });
    expect(r).toMatchObject({ ok: 3 * WINDOW, errors: [], stopped: false, aborted: true });
    expect(seen.map((p) => p.done)).toEqual([WINDOW, 2 * WINDOW, 3 * WINDOW]);
    expect(kernelCount(ns)).toBe(3 * WINDOW);
  });

  it("sends nothing when the signal is already aborted", () => {
    const { ns, nl } = setup();
    const r = nl.routes.addMany(specs(10), { signal: AbortSignal.abort() });
    expect(r).toMatchObject({ ok: 0, errors: [], aborted: true });
    expect(kernelCount(ns)).toBe(0);
  });

  it("rejects a signal or onProgress of the wrong type before sending", () => {
    const { ns, nl } = setup();
    expect(() => nl.routes.addMany(specs(10), { signal: {} as AbortSignal })).toThrow(new TypeError("signal: expected an AbortSignal"));
    expect(() => nl.routes.addMany(specs(10), { onProgress: 1 as never })).toThrow(new TypeError("onProgress: expected a function"));
    expect(kernelCount(ns)).toBe(0);
  });

  it("addManyAsync lets a signal handler run between windows; the sync form runs it only afterwards", async () => {
    const { ns, nl } = setup();
    // A real signal, delivered early in the batch; its handler aborts the batch.
    const run = async (async: boolean): Promise<{ ok: number; aborted: boolean; handledAt: number }> => {
      const ac = new AbortController();
      let done = 0;
      let handledAt = -1;
      const onSig = (): void => {
        handledAt = done;
        ac.abort();
      };
      process.on("SIGUSR2", onSig);
      try {
        const opts = {
          window: WINDOW,
          signal: ac.signal,
          onProgress: (p: BatchProgress) => {
            done = p.done;
            if (p.done === WINDOW) process.kill(process.pid, "SIGUSR2");
          },
        };
        const r = async ? await nl.routes.addManyAsync(specs(), opts) : nl.routes.addMany(specs(), opts);
        await new Promise((res) => setTimeout(res, 50)); // let a pending handler run
        return { ok: r.ok, aborted: r.aborted === true, handledAt };
      } finally {
        process.off("SIGUSR2", onSig);
      }
    };
    const sync = await run(false);
    expect(sync).toEqual({ ok: N, aborted: false, handledAt: N }); // the handler waited for the whole batch
    expect(nl.routes.flush({ table: "main", type: "unicast" })).toBeGreaterThanOrEqual(N);

    const asyncRun = await run(true);
    expect(asyncRun.aborted).toBe(true);
    expect(asyncRun.handledAt).toBeLessThan(N);
    expect(asyncRun.ok).toBe(asyncRun.handledAt); // stopped right after the window during which it arrived
    expect(kernelCount(ns)).toBe(asyncRun.ok);
  });

  it("addManyAsync lets timers run between windows and adds everything when not aborted", async () => {
    const { ns, nl } = setup();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksAtEnd = 0;
    try {
      const r = await nl.routes.addManyAsync(specs(), { window: WINDOW, onProgress: (p) => { if (p.done === N) ticksAtEnd = ticks; } });
      expect(r).toEqual({ ok: N, errors: [], stopped: false, sent: N });
    } finally {
      clearInterval(timer);
    }
    expect(ticksAtEnd).toBeGreaterThan(0);
    expect(kernelCount(ns)).toBe(N);
  });
});
