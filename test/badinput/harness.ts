/**
 * The bad-input harness: run a public API call with every libc entry point
 * of lib/sys replaced by a trap and over a transport whose send/recv throw,
 * and check that it fails with a TypeError or RangeError whose message
 * names the offending field, before any system call.
 *
 *   badInput("route add: dst /33", () => routes.add({ dst: "192.0.2.0/33" }), "dst");
 *
 * Only lib/sys calls into libc (bun:ffi), so trapping `libc` catches every
 * socket, setns, mount and open the library could make; the throwing
 * transport catches a request that would reach the kernel even through a
 * transport that does not use lib/sys; `Worker` is trapped too, so a
 * subscription cannot start its thread.
 */
import { expect, it } from "vitest";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { libc } from "../../lib/sys/libc.ts";
import type { Transport } from "../../lib/transport/transport.ts";

/** Thrown by the traps: a system call was about to be made. */
export class SyscallAttempt extends Error {
  override readonly name = "SyscallAttempt";
}

/** A transport that fails the test if anything is sent or received. */
export class ThrowingTransport implements Transport {
  readonly portId = 4242;
  readonly closed = false;
  sends = 0;
  send(): void {
    this.sends++;
    throw new SyscallAttempt("transport.send called: a request was about to reach the kernel");
  }
  recv(): Uint8Array | null {
    throw new SyscallAttempt("transport.recv called");
  }
  waitReadable(): boolean {
    throw new SyscallAttempt("transport.waitReadable called");
  }
  setNetlinkOption(): boolean {
    return true;
  }
  close(): void {}
  [Symbol.dispose](): void {}
}

/** A connection over a {@link ThrowingTransport}. */
export function throwingConnection(): NetlinkConnection {
  return new NetlinkConnection(new ThrowingTransport());
}

// Descriptors, not values: some libc properties are getters that bind on first use (lib/sys/libc.ts).
const realLibc = Object.getOwnPropertyDescriptors(libc);

const RealWorker = globalThis.Worker;

function trapLibc(): void {
  globalThis.Worker = function () {
    throw new SyscallAttempt("new Worker: a thread was about to be started");
  } as unknown as typeof Worker;
  for (const k of Object.keys(realLibc)) {
    const value = () => {
      throw new SyscallAttempt(`libc.${k} called: a system call was about to be made`);
    };
    Object.defineProperty(libc, k, { value, writable: true, enumerable: true, configurable: true });
  }
}

function restoreLibc(): void {
  Object.defineProperties(libc, realLibc);
  globalThis.Worker = RealWorker;
}

/** Run `fn` (sync or async) with libc trapped; returns what it threw (undefined if nothing). */
export async function thrownWithoutSyscalls(fn: () => unknown): Promise<unknown> {
  trapLibc();
  try {
    const r = fn();
    if (r !== null && typeof r === "object" && typeof (r as { then?: unknown }).then === "function") await r;
    // generators: pull the first item, which is where their checks run
    if (r !== null && typeof r === "object" && typeof (r as { next?: unknown }).next === "function" && Symbol.iterator in (r as object)) {
      (r as Iterator<unknown>).next();
    }
  } catch (e) {
    return e;
  } finally {
    restoreLibc();
  }
  return undefined;
}

/**
 * Assert that `fn` fails with a TypeError/RangeError naming `field` (its
 * message contains it) without any system call.
 */
export async function expectBadInput(fn: () => unknown, field: string): Promise<void> {
  const e = await thrownWithoutSyscalls(fn);
  if (e === undefined) throw new Error(`accepted: expected a TypeError/RangeError naming "${field}"`);
  if (e instanceof SyscallAttempt) throw new Error(`made a system call before rejecting the input: ${e.message}`);
  expect(e instanceof TypeError || e instanceof RangeError, `expected TypeError/RangeError, got ${(e as Error)?.name}: ${(e as Error)?.message}`).toBe(true);
  expect((e as Error).message, "the message names the field").toContain(field);
}

/** One row: a name, the call, the field its error must name. */
export type Case = [name: string, call: () => unknown, field: string];

/** Register one test per row. */
export function cases(rows: Case[]): void {
  it.each(rows.map((r) => ({ name: r[0], call: r[1], field: r[2] })))("$name -> names $field", ({ call, field }) => expectBadInput(call, field));
}
