/**
 * Where this code runs: from files on disk, from a `bun build` bundle, or
 * inside a single-file executable made by `bun build --compile` (whose
 * modules live in Bun's embedded "/$bunfs/" file system).
 */

/** Prefix of module paths inside a `bun build --compile` executable (Linux). */
const BUNFS = "/$bunfs/";

/**
 * True inside a `bun build --compile` executable: `process.execPath` is then
 * the application itself, not a `bun` that can run another script.
 */
export function isStandaloneExecutable(): boolean {
  return import.meta.url.startsWith(`file://${BUNFS}`) || (typeof Bun !== "undefined" && Bun.main.startsWith(BUNFS));
}
