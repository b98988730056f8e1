/**
 * Shell patterns as iproute2 matches them: `ip addr show label PATTERN`,
 * `ip addr flush label PATTERN` and AddressApi's `label` filter call libc's
 * fnmatch(3) with no flags, as ip does (ip/ipaddress.c), so `*`, `?`,
 * `[a-z]`, `[!x]`, `[[:digit:]]`, backslash escapes and every corner case
 * (an unterminated `[` is a literal, an unknown class matches nothing) are
 * libc's own. Bound by a dlopen of its own on first use: commands without a
 * label pattern pay nothing.
 *
 *   const eth = shellPattern("eth0:*");
 *   eth.test("eth0:1"); // true
 */
import { dlopen, FFIType } from "bun:ffi";
import { cString, libcCandidates, openLibc } from "./libc.ts";

let fn: ((pattern: Uint8Array, s: Uint8Array, flags: number) => number) | undefined;

function bound(): (pattern: Uint8Array, s: Uint8Array, flags: number) => number {
  if (fn === undefined) {
    const lib = openLibc(libcCandidates(), (name) => dlopen(name, {
      // fnmatch(3): 0 on a match, FNM_NOMATCH (1) otherwise
      fnmatch: { args: [FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
    }));
    fn = (p, s, f) => lib.symbols.fnmatch(p, s, f);
  }
  return fn;
}

/** A compiled shell pattern: `test(s)` is fnmatch(pattern, s, 0) == 0. */
export interface ShellPattern {
  readonly source: string;
  test(s: string): boolean;
}

/**
 * The pattern `pattern` (a string without NUL bytes; `field` names it in
 * the TypeError otherwise), encoded once for any number of tests.
 */
export function shellPattern(pattern: string, field = "pattern"): ShellPattern {
  if (typeof pattern !== "string") throw new TypeError(`${field}: expected a string pattern, got ${typeof pattern}`);
  if (pattern.includes("\0")) throw new TypeError(`${field}: ${JSON.stringify(pattern)} contains a NUL byte`);
  const p = cString(pattern, field);
  const call = bound();
  return {
    source: pattern,
    test: (s: string): boolean => !s.includes("\0") && call(p, cString(s, "string"), 0) === 0,
  };
}

let last: ShellPattern | undefined;

/** Whether `s` matches the shell pattern `pattern` (fnmatch(3) without flags; the last pattern stays encoded). */
export function fnmatch(pattern: string, s: string): boolean {
  if (last === undefined || last.source !== pattern) last = shellPattern(pattern);
  return last.test(s);
}
