/**
 * Naming rules for named network namespaces (iproute2-compatible: a name is a
 * file under /run/netns) and resolution of "name or path" references.
 */

/** Where iproute2 keeps named namespaces (`ip netns add NAME` -> /run/netns/NAME). */
export const DEFAULT_NETNS_BASE = "/run/netns";

/** Thread-relative path of the calling thread's network namespace (proc(5)). */
export const THREAD_NETNS_PATH = "/proc/thread-self/ns/net";

/** Per-namespace configuration overlaid on /etc by `ip netns exec` (ip-netns(8)). */
export const NETNS_ETC_DIR = "/etc/netns";

const encoder = new TextEncoder();

/**
 * Check a namespace name: a string of 1..255 UTF-8 bytes, no NUL, no "/",
 * not "." or "..". Throws TypeError/RangeError naming `field`.
 */
export function validateNetnsName(name: unknown, field = "name"): asserts name is string {
  if (typeof name !== "string") throw new TypeError(`${field} must be a string, got ${typeof name}`);
  const bytes = encoder.encode(name).length;
  if (bytes < 1 || bytes > 255) throw new RangeError(`${field} must be 1..255 bytes long, got ${bytes}`);
  if (name.includes("\0")) throw new TypeError(`${field} must not contain a NUL byte`);
  if (name.includes("/")) throw new TypeError(`${field} must not contain "/": ${JSON.stringify(name)}`);
  if (name === "." || name === "..") throw new TypeError(`${field} must not be "." or ".."`);
}

/** Check a path argument: non-empty string without NUL. */
export function validatePath(path: unknown, field = "path"): asserts path is string {
  if (typeof path !== "string") throw new TypeError(`${field} must be a string, got ${typeof path}`);
  if (path.length === 0) throw new TypeError(`${field} must not be empty`);
  if (path.includes("\0")) throw new TypeError(`${field} must not contain a NUL byte`);
}

/**
 * Turn a namespace reference into a path: a string containing "/" is a path
 * and is used as is; anything else is a name under `basePath`.
 */
export function resolveNetnsPath(ref: string, basePath: string = DEFAULT_NETNS_BASE, field = "ns"): string {
  if (typeof ref === "string" && ref.includes("/")) {
    validatePath(ref, field);
    return ref;
  }
  validateNetnsName(ref, field);
  validatePath(basePath, "basePath");
  return `${basePath.replace(/\/+$/, "")}/${ref}`;
}
