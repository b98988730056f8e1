/**
 * netem delay distribution tables as tc 6.1 reads them (q_netem.c
 * get_distribution): `<lib dir>/<name>.dist`, where the lib dir is
 * $TC_LIB_DIR or tc's LIBDIR "/tc/" (Debian: /usr/lib/<triplet>/tc/, others
 * /usr/lib/tc/). Lines starting with '#' or empty are skipped; every other
 * line gives numbers read as strtol(base 0) until the first non-number;
 * each is stored as a signed 16-bit value; at most 16384 of them.
 *
 *   nl.tc.qdiscs.add({ dev: "v0", parent: "root", kind: "netem",
 *     options: { delay: "10ms", jitter: "2ms", distribution: "normal" } });
 */
import { existsSync, readFileSync } from "node:fs";
import { fromHex, toHex } from "../../../codecs/core/hex.ts";

/** MAX_DIST: the most values a table may hold. */
export const NETEM_MAX_DIST = 16 * 1024;

const TRIPLETS: Record<string, string> = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu", arm: "arm-linux-gnueabihf", ia32: "i386-linux-gnu", ppc64: "powerpc64le-linux-gnu", s390x: "s390x-linux-gnu", riscv64: "riscv64-linux-gnu" };

/** tc's get_tc_lib(): $TC_LIB_DIR, else the first of Debian's multiarch, /usr/lib/tc/, /usr/lib64/tc/ that exists. */
export function tcLibDir(env: Record<string, string | undefined> = process.env): string {
  const e = env.TC_LIB_DIR;
  if (e !== undefined) return e;
  const triplet = TRIPLETS[process.arch];
  const dirs = [...(triplet ? [`/usr/lib/${triplet}/tc/`] : []), "/usr/lib/tc/", "/usr/lib64/tc/"];
  return dirs.find((d) => existsSync(d)) ?? dirs[0]!;
}

/** The file tc opens for a table name (snprintf "%s/%s.dist", so a lib dir ending in "/" gives "//"). */
export function netemDistPath(name: string, dir = tcLibDir()): string {
  return `${dir}/${name}.dist`;
}

/** strtol(p, &end, 0) on `s` from `i`: [value, end] (end === i when no number starts there). */
function strtol(s: string, i: number): [number, number] {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s.slice(i));
  if (m === null) return [0, i];
  const body = m[2]!;
  const v = /^0[xX]/.test(body) ? Number.parseInt(body.slice(2), 16) : body.length > 1 && body[0] === "0" ? Number.parseInt(body, 8) : Number(body);
  return [m[1] === "-" ? -v : v, i + m[0].length];
}

/**
 * A .dist file's text into its values (s16, as tc stores them). Throws a
 * RangeError "too much data" past NETEM_MAX_DIST values, as tc refuses it.
 */
export function parseNetemDist(text: string): Int16Array {
  const out = new Int16Array(NETEM_MAX_DIST);
  let n = 0;
  for (const line of text.split(/(?<=\n)/)) {
    if (line[0] === "\n" || line[0] === "#") continue;
    for (let i = 0; ;) {
      const [x, end] = strtol(line, i);
      if (end === i) break;
      if (n >= NETEM_MAX_DIST) throw new RangeError("too much data");
      out[n++] = x; // C's (__s16) conversion: wraps
      i = end;
    }
  }
  return out.slice(0, n);
}

/** Read tc's table `name` (normal, pareto, paretonormal, experimental or a custom one) from tc's lib dir. */
export function readNetemDist(name: string, dir = tcLibDir()): Int16Array {
  const path = netemDistPath(name, dir);
  let table: Int16Array;
  try {
    table = parseNetemDist(readFileSync(path, "latin1"));
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`distribution: ${path}: ${e.message}`);
    throw new TypeError(`distribution: no distribution data for ${name} (${path}: ${(e as Error).message})`);
  }
  if (table.length === 0) throw new TypeError(`distribution: ${path} holds no values`);
  return table;
}

/** A table given as a name (read from tc's lib dir) or as values, in the s16 host-order bytes netem takes, hex. */
export function netemDistHex(v: unknown, field: string): string {
  let t: ArrayLike<number>;
  if (typeof v === "string") t = readNetemDist(v);
  else if (v instanceof Int16Array || Array.isArray(v)) t = v as ArrayLike<number>;
  else throw new TypeError(`${field}: expected a table name ("normal") or an array of 16-bit values`);
  if (t.length === 0 || t.length > NETEM_MAX_DIST) throw new RangeError(`${field}: a table holds 1 to ${NETEM_MAX_DIST} values, got ${t.length}`);
  const b = new Int16Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if (!Number.isInteger(x) || x < -0x8000 || x > 0x7fff) throw new RangeError(`${field}[${i}]: ${x} is not a signed 16-bit value`);
    b[i] = x;
  }
  return toHex(new Uint8Array(b.buffer));
}

/** The values of a table as netem holds them (TCA_NETEM_DELAY_DIST / SLOT_DIST bytes, host order). */
export function netemDistValues(hex: string): number[] {
  const u = fromHex(hex);
  return [...new Int16Array(u.buffer.slice(u.byteOffset, u.byteOffset + (u.byteLength & ~1)))];
}
