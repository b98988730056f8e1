/**
 * The netlink handle in the host namespace that addInterface moves links
 * out of (osl's ns.NlHandle()), shared by a manager and its sandboxes.
 * It is opened on first use and closed when the last holder lets go: the
 * manager holds it until close(), each sandbox until destroy(), so a
 * sandbox keeps working after its manager closed (upstream sandboxes
 * stand alone).
 */
import type { SandboxNetlink } from "./netlink.ts";

/** A reference-counted, lazily opened host handle. */
export class HostLink {
  readonly #open: () => SandboxNetlink;
  #nl: SandboxNetlink | undefined;
  #holders = 1;

  /** `open` makes the handle on first use; the creator is the first holder. */
  constructor(open: () => SandboxNetlink) {
    this.#open = open;
  }

  /** The handle (opened now if needed). Error once every holder let go. */
  get(): SandboxNetlink {
    if (this.#holders === 0) throw new Error("host netlink handle is closed");
    this.#nl ??= this.#open();
    return this.#nl;
  }

  /** One more holder. */
  retain(): void {
    if (this.#holders === 0) throw new Error("host netlink handle is closed");
    this.#holders++;
  }

  /** One holder less; the last one closes the handle. */
  release(): void {
    if (this.#holders === 0) return;
    if (--this.#holders > 0) return;
    this.#nl?.close();
    this.#nl = undefined;
  }

  /** Whether the handle is open right now (for tests). */
  get open(): boolean {
    return this.#nl !== undefined;
  }
}
