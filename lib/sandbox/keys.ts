/**
 * Sandbox keys: the path of the file a sandbox's namespace is mounted on,
 * always directly under the manager's base path. Validation keeps every key
 * a single plain file name there (no NUL, no "..", no "/", no symlink), and
 * generateKey follows libnetwork's osl.GenerateKey.
 */
import { validateNetnsName } from "../netns/names.ts";
import type { SandboxOs } from "./os.ts";

/** Length of a key name made from a container id (osl.GenerateKey maxLen). */
export const KEY_ID_LENGTH = 12;

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
 * Turn a key into the path of its file under `basePath`. A key is either a
 * bare name or `basePath/name`. Rejected with TypeError/RangeError: NUL
 * bytes, "." or ".." anywhere as a component, any other directory, names
 * the kernel could not use as a file name (netns name rules).
 */
export function keyPath(basePath: string, key: unknown): string {
  if (typeof key !== "string") throw new TypeError(`key: expected a string, got ${typeof key}`);
  if (key.includes("\0")) throw new TypeError("key: must not contain a NUL byte");
  let name = key;
  if (key.includes("/")) {
    const slash = key.lastIndexOf("/");
    const dir = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (key.split("/").some((c) => c === "..")) throw new TypeError(`key: ${JSON.stringify(key)} must not contain ".."`);
    if (dir !== basePath) throw new TypeError(`key: ${JSON.stringify(key)} is outside the base path ${JSON.stringify(basePath)}`);
  }
  validateNetnsName(name, "key");
  return `${basePath}/${name}`;
}

/**
 * Refuse symlink traversal before a key file is created, mounted or
 * removed: the base path must resolve to itself (no symlinked component)
 * and the key must not itself be a symlink. Missing paths are fine.
 */
export function checkNoSymlinks(os: SandboxOs, basePath: string, path: string): void {
  if (os.pathKind(basePath) !== "missing") {
    const real = os.realpath(basePath);
    if (real !== basePath) throw new TypeError(`basePath: ${JSON.stringify(basePath)} goes through a symlink (resolves to ${JSON.stringify(real)})`);
  }
  if (os.pathKind(path) === "symlink") throw new TypeError(`key: ${JSON.stringify(path)} is a symlink; refusing to follow it`);
}

/** Go's strconv.Atoi for the values osl feeds it: optional sign, decimal digits. */
export function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * osl.GenerateKey: `basePath/` + the first 12 characters of `containerId`.
 * An id starting with "-" names an existing entry instead (the overlay
 * driver's "read the sandbox key from the host"): among the names under
 * `basePath` that end with the id's first 11 characters, the one whose
 * remaining prefix is the highest number greater than 0 wins. Returns ""
 * when there is none, when the directory cannot be read, or when a matching
 * name's prefix is not a number (as the seed does).
 */
export function generateKey(os: SandboxOs, basePath: string, containerId: unknown): string {
  if (typeof containerId !== "string") throw new TypeError(`containerId: expected a string, got ${typeof containerId}`);
  if (containerId === "") throw new TypeError("containerId: must not be empty");
  if (containerId.includes("\0") || containerId.includes("/")) throw new TypeError(`containerId: ${JSON.stringify(containerId)} must not contain "/" or NUL`);
  let id = containerId;
  if (id.startsWith("-")) {
    const suffix = id.slice(0, KEY_ID_LENGTH - 1);
    let names: string[];
    try {
      names = os.listDir(basePath);
    } catch {
      return "";
    }
    let best = 0;
    let found = "";
    for (const name of names) {
      if (!name.endsWith(suffix)) continue;
      const n = atoi(name.slice(0, name.length - suffix.length));
      if (n === undefined) return "";
      if (n > best) {
        best = n;
        found = name;
      }
    }
    if (found === "") return "";
    id = found;
  }
  const name = id.slice(0, KEY_ID_LENGTH);
  validateNetnsName(name, "containerId");
  return `${basePath}/${name}`;
}
