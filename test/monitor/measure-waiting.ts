/**
 * The measurement behind lib/monitor's choice of how to wait for events
 * (RELIABILITY.md, "Design notes"). Run as root: `bun test/monitor/measure-waiting.ts`.
 * Everything happens in a throwaway namespace.
 *
 * A: lib/monitor as shipped: a Worker thread owns the socket and blocks in
 *    poll(2) on it and an eventfd (no timeout).
 * B: the alternative: the socket on the main thread, non-blocking reads
 *    driven by setTimeout with exponential backoff from 1 ms to 100 ms.
 *
 * Measured: CPU over 2 s of an idle subscription (minus an idle baseline),
 * delivery delay of one event after 1 s of quiet, events delivered out of
 * 5,000 route additions (default receive buffer) while the main thread is
 * busy for 300 ms (as during a large synchronous dump), and the cost of
 * opening and closing a subscription.
 */
import { spawn } from "node:child_process";
import { subscribe } from "../../lib/monitor/subscription.ts";
import { createNetns, deleteNetns } from "../../lib/netns/manage.ts";
import { openSocketInNetns } from "../../lib/netns/run.ts";
import { RTNLGRP } from "../../codecs/rtnetlink.ts";
import { isSyscallError } from "../../lib/sys/syscall-error.ts";
import { ip, ipBatch } from "./helpers.ts";

interface Waiting {
  /** Count of route notifications received and of overruns; `stop` ends it. */
  start(onEvent: (n: number) => void, onOverrun: () => void): Promise<() => Promise<void>>;
}

function countMessages(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let n = 0;
  for (let off = 0; off + 16 <= b.length; off += (dv.getUint32(off, true) + 3) & ~3) n++;
  return n;
}

const ns = `bnl-measure-${process.pid}`;
const path = createNetns(ns);

const worker: Waiting = {
  async start(onEvent, onOverrun) {
    const sub = subscribe({ netns: path, groups: ["ipv4-route"] });
    await sub.ready;
    const loop = (async () => {
      for await (const ev of sub) {
        if (ev.kind === "overrun") onOverrun();
        else onEvent(1);
      }
    })();
    return async () => {
      sub.close();
      await loop;
      await sub.closed;
    };
  },
};

const timers: Waiting = {
  async start(onEvent, onOverrun) {
    const sock = openSocketInNetns(path, 0);
    sock.addMembership(RTNLGRP.IPV4_ROUTE);
    let delay = 1;
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      let got = false;
      for (;;) {
        let d: Uint8Array | null;
        try {
          d = sock.recv({ dontWait: true });
        } catch (e) {
          if (!isSyscallError(e, "ENOBUFS")) throw e;
          onOverrun();
          continue;
        }
        if (d === null) break;
        got = true;
        onEvent(countMessages(d));
      }
      delay = got ? 1 : Math.min(100, delay * 2);
      t = setTimeout(tick, delay);
    };
    t = setTimeout(tick, 1);
    return async () => {
      clearTimeout(t);
      sock.close();
    };
  },
};

async function cpuOver2s(): Promise<number> {
  const c0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, 2000));
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function runBatch(lines: string[]): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn("ip", ["-n", ns, "-batch", "-"], { stdio: ["pipe", "ignore", "inherit"] });
    p.on("exit", () => resolve());
    p.stdin.end(lines.join("\n") + "\n");
  });
}

async function measure(name: string, w: Waiting): Promise<Record<string, string>> {
  // idle CPU
  const base = await cpuOver2s();
  let events = 0;
  let overruns = 0;
  let lastAt = 0;
  let stop = await w.start((n) => { events += n; lastAt = performance.now(); }, () => overruns++);
  const idle = await cpuOver2s();
  // delay of one event after quiet
  await new Promise((r) => setTimeout(r, 1000));
  ip(ns, "route", "add", "203.0.113.0/24", "dev", "lo");
  const sent = performance.now();
  while (events === 0) await new Promise((r) => setTimeout(r, 0));
  const delay = lastAt - sent;
  ip(ns, "route", "del", "203.0.113.0/24", "dev", "lo");
  await new Promise((r) => setTimeout(r, 200));
  // burst while the main thread is busy
  events = 0;
  overruns = 0;
  const adds: string[] = [];
  for (let i = 0; i < 5000; i++) adds.push(`route add 198.51.100.${i & 255}/32 dev lo table ${1000 + (i >> 8)}`);
  const done = runBatch(adds);
  await new Promise((r) => setTimeout(r, 5));
  const until = performance.now() + 300;
  while (performance.now() < until) { /* a 300 ms synchronous task on the main thread */ }
  await done;
  await new Promise((r) => setTimeout(r, 500));
  const burst = `${events} / 5000, ${overruns} overrun(s)`;
  await stop();
  const dels: string[] = [];
  for (let i = 0; i < 5000; i++) dels.push(`route del 198.51.100.${i & 255}/32 dev lo table ${1000 + (i >> 8)}`);
  ipBatch(ns, dels);
  // open + close
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) {
    stop = await w.start(() => {}, () => {});
    await stop();
  }
  const openClose = (performance.now() - t0) / 100;
  return {
    waiting: name,
    "idle CPU / 2 s": `${(idle - base).toFixed(1)} ms (baseline ${base.toFixed(1)} ms)`,
    "delay after 1 s quiet": `${delay.toFixed(1)} ms`,
    "burst, main thread busy 300 ms": burst,
    "open + close": `${openClose.toFixed(2)} ms`,
  };
}

try {
  ip(ns, "link", "set", "lo", "up");
  const rows = [await measure("A: Worker + poll(2) + eventfd", worker), await measure("B: timers, backoff 1..100 ms", timers)];
  console.table(rows);
} finally {
  deleteNetns(ns);
}
