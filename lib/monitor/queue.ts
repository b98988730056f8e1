/**
 * A single-consumer async queue: producers push synchronously, the consumer
 * awaits `next()`. Bounded: when `max` items are waiting, they are dropped
 * and replaced by the item `overflow(dropped)` returns, so a slow consumer
 * costs bounded memory and always learns that it lost items.
 */

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The queue behind Subscription and Watch iteration. */
export class AsyncQueue<T> {
  #items: T[] = [];
  #head = 0;
  #waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | null = null;
  #error: unknown = null;
  #hasError = false;
  #ended = false;

  /**
   * @param max most items kept for the consumer
   * @param overflow the item that replaces `dropped` items on overflow
   * @param onWaiting told whether a consumer is now waiting (for ref/unref)
   */
  constructor(
    readonly max: number,
    private readonly overflow: (dropped: number) => T,
    private readonly onWaiting: (waiting: boolean) => void = () => {},
  ) {}

  /** Items waiting to be consumed. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Whether end() or fail() was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Whether a consumer is waiting in next(). */
  get waiting(): boolean {
    return this.#waiting !== null;
  }

  /** Add an item (ignored once ended). */
  push(item: T): void {
    if (this.#ended) return;
    const w = this.#waiting;
    if (w !== null) {
      this.#waiting = null;
      this.onWaiting(false);
      w.resolve({ done: false, value: item });
      return;
    }
    if (this.size >= this.max) {
      const dropped = this.size;
      this.#items = [this.overflow(dropped)];
      this.#head = 0;
    }
    this.#items.push(item);
  }

  /** No more items: the consumer gets what is queued, then the error (once), then done. */
  fail(e: unknown): void {
    if (this.#ended) return;
    this.#error = e;
    this.#hasError = true;
    this.end();
  }

  /** No more items: the consumer gets what is queued, then done. */
  end(): void {
    this.#ended = true;
    const w = this.#waiting;
    if (w === null) return;
    this.#waiting = null;
    this.onWaiting(false);
    if (this.#hasError) {
      this.#hasError = false;
      w.reject(this.#error);
    } else w.resolve(DONE);
  }

  /** Drop what is queued (and a pending error). */
  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#hasError = false;
    this.#error = null;
  }

  /** The next item, done after end(), or the error after fail(). One pending call at a time. */
  next(): Promise<IteratorResult<T>> {
    if (this.#waiting !== null) return Promise.reject(new Error("next() called while a previous next() is still pending"));
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ done: false, value: item });
    }
    if (this.#hasError) {
      this.#hasError = false;
      const e = this.#error;
      this.#error = null;
      return Promise.reject(e);
    }
    if (this.#ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.onWaiting(true);
    });
  }
}
