/**
 * The garbage collector of destroyed sandbox keys (osl's garbagePathMap and
 * removeUnusedPaths). destroy() only detaches the mount; the empty key file
 * is put on a list and removed later, on a period (default 60 s) or at once
 * with gc(). One collector per manager: no global state.
 *
 * A collection takes a snapshot of the list and removes one path per event
 * loop turn, so a long list never blocks the loop. Creating a key calls
 * settle(), which finishes the collection in progress synchronously before
 * the new file is made (the seed's gpmWg.Wait): a snapshot that still holds
 * the key can then never remove the fresh file.
 */
import type { SandboxLogger } from "./logger.ts";
import type { SandboxOs } from "./os.ts";

/** Default collection period (osl gpmCleanupPeriod). */
export const DEFAULT_GC_PERIOD_MS = 60_000;

interface Collection {
  pending: string[];
  done: Promise<void>;
}

/** Removes listed key files, periodically and on demand. */
export class GarbageCollector {
  readonly #paths = new Set<string>();
  readonly #os: SandboxOs;
  readonly #log: SandboxLogger;
  readonly periodMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Collection | undefined;
  #collections = 0;

  constructor(os: SandboxOs, periodMs: number, log: SandboxLogger) {
    if (typeof periodMs !== "number" || !Number.isFinite(periodMs) || periodMs < 1 || periodMs > 0x7fffffff) {
      throw new RangeError(`gcPeriodMs: ${String(periodMs)} is not a period in milliseconds (1..2^31-1)`);
    }
    this.#os = os;
    this.#log = log;
    this.periodMs = periodMs;
  }

  /** Start the periodic timer (idempotent). The timer is unref'd: it never keeps the process alive. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => {
      if (this.#running === undefined && this.#paths.size > 0) void this.#collect();
    }, this.periodMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Stop the periodic timer (idempotent); listed paths stay listed. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Whether the periodic timer runs. */
  get started(): boolean {
    return this.#timer !== undefined;
  }

  /** Put a path on the list. */
  add(path: string): void {
    this.#paths.add(path);
  }

  /** Take a path off the list (a key being created again). */
  delete(path: string): void {
    this.#paths.delete(path);
  }

  /** The listed paths, sorted (not counting a collection's snapshot in progress). */
  list(): string[] {
    return [...this.#paths].sort();
  }

  /** True while a collection is running. */
  get collecting(): boolean {
    return this.#running !== undefined;
  }

  /** Number of collections started so far (periodic and on demand). */
  get collections(): number {
    return this.#collections;
  }

  /**
   * Collect now: wait for a collection in progress, then, if anything is
   * listed, run one and resolve when every listed path was removed.
   */
  async gc(): Promise<void> {
    if (this.#running) await this.#running.done;
    if (this.#paths.size === 0) return;
    await this.#collect();
  }

  /** Finish the collection in progress synchronously (no-op when none runs). */
  settle(): void {
    const run = this.#running;
    if (!run) return;
    while (run.pending.length > 0) this.#removeOne(run.pending.shift()!);
  }

  #collect(): Promise<void> {
    if (this.#running) return this.#running.done;
    this.#collections++;
    const pending = [...this.#paths].sort();
    this.#paths.clear();
    const run: Collection = { pending, done: Promise.resolve() };
    this.#running = run;
    run.done = (async () => {
      try {
        while (run.pending.length > 0) {
          this.#removeOne(run.pending.shift()!);
          if (run.pending.length > 0) await new Promise<void>((r) => setImmediate(r));
        }
      } finally {
        this.#running = undefined;
      }
    })();
    return run.done;
  }

  #removeOne(path: string): void {
    try {
      this.#os.removeFile(path);
      this.#log.debug("removed sandbox key file", { path });
    } catch (e) {
      this.#log.warn("could not remove sandbox key file", { path, error: (e as Error).message });
    }
  }
}
