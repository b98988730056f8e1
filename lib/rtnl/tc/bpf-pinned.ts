/**
 * bpf filters by pinned path (`options.pinned`, tc's `object-pinned PATH`):
 * the spec is checked in full first (with a placeholder fd), then the pin is
 * opened with bpf(2) BPF_OBJ_GET, the request is sent with that fd and
 * TCA_BPF_NAME "BASENAME:[*fsobj]" (tc's annotation, unless a name is
 * given), and the fd is closed whatever the kernel answered.
 */
import { bpfClose, bpfObjGet } from "../../sys/bpf.ts";
import type { BpfOptions } from "./filter-options.ts";

/** The pinned path of a bpf filter spec, when it has one. */
export function pinnedOf(spec: { kind?: unknown; options?: unknown }): string | undefined {
  if (spec === null || typeof spec !== "object" || spec.kind !== "bpf") return undefined;
  const o = spec.options as BpfOptions | undefined;
  return o !== null && typeof o === "object" && typeof o.pinned === "string" ? o.pinned : undefined;
}

/** The spec with `pinned` replaced by `fd` (and tc's default name). */
export function withFd<T extends { options?: unknown }>(spec: T, path: string, fd: number): T {
  const o = spec.options as BpfOptions;
  const name = o.name ?? `${path.slice(path.lastIndexOf("/") + 1)}:[*fsobj]`;
  const { pinned: _drop, ...rest } = o;
  return { ...spec, options: { ...rest, fd, name } };
}

/**
 * Run `send` with the spec's pinned program opened: `check(spec)` first
 * validates everything (no syscall yet), then BPF_OBJ_GET (SyscallError
 * "bpf" with the errno when the pin cannot be opened), then `send`.
 */
export function withPinned<T extends { kind?: unknown; options?: unknown }, R>(spec: T, check: (s: T) => unknown, send: (s: T) => R): R {
  const path = pinnedOf(spec);
  if (path === undefined) return send(spec);
  check(spec);
  const fd = bpfObjGet(path);
  try {
    return send(withFd(spec, path, fd));
  } finally {
    bpfClose(fd);
  }
}
