/**
 * Sandbox keys: the path of the file a sandbox's namespace is mounted on.
 * A key is a bare name (a file directly under the manager's base path) or
 * any absolute path, as in libnetwork's osl, whose own tests mount
 * sandboxes on files in /tmp. Validation keeps every key a plain absolute
 * file path (no NUL, no "." or ".." component, no empty component) and
 * refuses a key file that is itself a symlink; the directories on the way
 * may be symlinks (upstream's default /var/run/docker/netns goes through
 * /var/run -> /run). generateKey follows osl.GenerateKey, counting bytes
 * as Go does.
 */
import { validateNetnsName } from "../netns/names.ts";
import type { SandboxOs } from "./os.ts";

/** Length in bytes of a key name made from a container id (osl.GenerateKey maxLen). */
export const KEY_ID_LENGTH = 12;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const looseDecoder = new TextDecoder("utf-8");

/**
 * Check a base path: an absolute path without NUL, without "." or ".."
 * components, no trailing or doubled "/". Returns it unchanged (TypeError otherwise).
 */
export function validateBasePath(basePath: unknown): string {
  if (typeof basePath !== "string") throw new TypeError(`basePath: expected a string, got ${typeof basePath}`);
  if (basePath.includes("\0")) throw new TypeError("basePath: must not contain a NUL byte");
  if (!basePath.startsWith("/") || basePath === "/") throw new TypeError(`basePath: ${JSON.stringify(basePath)} must be an absolute directory path other than "/"`);
  const parts = basePath.slice(1).split("/");
  for (const p of parts) {
    if (p === "") throw new TypeError(`basePath: ${JSON.stringify(basePath)} must not contain empty components or end with "/"`);
    if (p === "." || p === "..") throw new TypeError(`basePath: ${JSON.stringify(basePath)} must not contain "." or ".." components`);
  }
  return basePath;
}

/**
 * Turn a key into the path of its file. A key is a bare name (the file
 * `basePath/name`) or an absolute path anywhere (used as given, like osl).
 * Rejected with TypeError/RangeError: NUL bytes, a relative path with "/",
 * "." or ".." or empty components, a trailing "/", a file name the kernel
 * could not use (netns name rules: 1..255 bytes).
 */
export function keyPath(basePath: string, key: unknown): string {
  if (typeof key !== "string") throw new TypeError(`key: expected a string, got ${typeof key}`);
  if (key.includes("\0")) throw new TypeError("key: must not contain a NUL byte");
  if (!key.includes("/")) {
    validateNetnsName(key, "key");
    return `${basePath}/${key}`;
  }
  if (!key.startsWith("/")) throw new TypeError(`key: ${JSON.stringify(key)} must be a bare name or an absolute path`);
  const parts = key.slice(1).split("/");
  const name = parts.pop()!;
  if (name === "") throw new TypeError(`key: ${JSON.stringify(key)} must name a file (no trailing "/")`);
  for (const p of parts) {
    if (p === "") throw new TypeError(`key: ${JSON.stringify(key)} must not contain empty components`);
    if (p === "." || p === "..") throw new TypeError(`key: ${JSON.stringify(key)} must not contain "." or ".." components`);
  }
  validateNetnsName(name, "key");
  return key;
}

/**
 * Refuse a key file that is itself a symlink before it is created,
 * mounted or removed (a mount would land on the link's target). The
 * directories leading to it may be symlinks. Missing paths are fine.
 */
export function checkKeyFile(os: SandboxOs, path: string): void {
  if (os.pathKind(path) === "symlink") throw new TypeError(`key: ${JSON.stringify(path)} is a symlink; refusing to follow it`);
}

/** Go's strconv.Atoi on a 64-bit platform: optional sign, decimal digits, int64 range. */
export function atoi64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : undefined;
}

/** {@link atoi64} narrowed to a safe JS integer (undefined beyond). */
export function atoi(s: string): number | undefined {
  const n = atoi64(s);
  return n !== undefined && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
}

/** The first `n` UTF-8 bytes of `s` (Go's s[:n]); RangeError when the cut falls inside a character. */
function utf8Head(s: string, n: number, field: string): Uint8Array {
  const b = encoder.encode(s);
  if (b.length < n) throw new RangeError(`${field}: ${JSON.stringify(s)} is ${b.length} bytes; an id starting with "-" needs at least ${n} (osl slices its first ${n} bytes)`);
  return b.subarray(0, n);
}

/** `s` cut to at most `n` UTF-8 bytes as Go does; RangeError when the cut falls inside a character (no string names those bytes). */
function truncateBytes(s: string, n: number, field: string): string {
  const b = encoder.encode(s);
  if (b.length <= n) return s;
  try {
    return strictDecoder.decode(b.subarray(0, n));
  } catch {
    throw new RangeError(`${field}: byte ${n} of ${JSON.stringify(s)} falls inside a UTF-8 character; osl would cut the key there`);
  }
}

function endsWithBytes(a: Uint8Array, suffix: Uint8Array): boolean {
  if (suffix.length > a.length) return false;
  const off = a.length - suffix.length;
  for (let i = 0; i < suffix.length; i++) if (a[off + i] !== suffix[i]) return false;
  return true;
}

/**
 * osl.GenerateKey: `basePath/` + the first 12 bytes of `containerId`.
 * An id starting with "-" names an existing entry instead (the overlay
 * driver's "read the sandbox key from the host"): among the names under
 * `basePath` that end with the id's first 11 bytes, the one whose
 * remaining prefix is the highest number greater than 0 wins. Returns ""
 * when there is none, when the directory cannot be read, or when a matching
 * name's prefix is not a number (as osl does). Lengths count UTF-8 bytes
 * as Go does; where Go would cut inside a character (or panic on a "-" id
 * shorter than 11 bytes) this throws RangeError instead.
 */
export function generateKey(os: SandboxOs, basePath: string, containerId: unknown): string {
  if (typeof containerId !== "string") throw new TypeError(`containerId: expected a string, got ${typeof containerId}`);
  if (containerId === "") throw new TypeError("containerId: must not be empty");
  if (containerId.includes("\0") || containerId.includes("/")) throw new TypeError(`containerId: ${JSON.stringify(containerId)} must not contain "/" or NUL`);
  let id = containerId;
  if (id.startsWith("-")) {
    const suffix = utf8Head(id, KEY_ID_LENGTH - 1, "containerId");
    let names: string[];
    try {
      names = os.listDir(basePath);
    } catch {
      return "";
    }
    let best = 0n;
    let found = "";
    for (const name of names) {
      const b = encoder.encode(name);
      if (!endsWithBytes(b, suffix)) continue;
      const n = atoi64(looseDecoder.decode(b.subarray(0, b.length - suffix.length)));
      if (n === undefined) return "";
      if (n > best) {
        best = n;
        found = name;
      }
    }
    if (found === "") return "";
    id = found;
  }
  const name = truncateBytes(id, KEY_ID_LENGTH, "containerId");
  validateNetnsName(name, "containerId");
  return `${basePath}/${name}`;
}
