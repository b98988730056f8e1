/**
 * Reading batch files from their bytes (cli/batch-parse.ts BatchReader)
 * against a plain string reading of ip's getcmdline + makeargs (the
 * reference below, as the CLI did it before it read bytes): random texts
 * with comments, continuation lines, quotes, blanks, CR, UTF-8 and invalid
 * UTF-8 give the same commands, line numbers and errors.
 */
import { describe, expect, it } from "vitest";
import { BatchReader, makeArgs, parseBatch } from "../../cli/batch-parse.ts";
import { Rng, runSeed } from "./helpers.ts";

/** The reference: split the text decoded as readFileSync(FILE, "utf8") does, line by line. */
function reference(text: string): Array<{ line: number; words: string[] }> | string {
  const phys = text.split("\n");
  if (phys.length > 0 && phys[phys.length - 1] === "") phys.pop();
  const out: Array<{ line: number; words: string[] }> = [];
  const strip = (s: string) => (s.includes("#") ? s.slice(0, s.indexOf("#")) : s);
  let i = 0;
  while (i < phys.length) {
    let lineNo = i + 1;
    let cur = strip(phys[i++]!);
    while (cur.endsWith("\\") && !phys[i - 1]!.includes("#")) {
      if (i >= phys.length) return "Missing continuation line\n";
      cur = cur.slice(0, -1) + strip(phys[i++]!);
      lineNo = i;
    }
    const words: string[] = [];
    let j = 0;
    while (j < cur.length) {
      while (j < cur.length && " \t\r\n".includes(cur[j]!)) j++;
      if (j >= cur.length) break;
      const q = cur[j]!;
      if (q === "'" || q === '"') {
        const end = cur.indexOf(q, j + 1);
        if (end < 0) return "Unterminated quoted string\n";
        words.push(cur.slice(j + 1, end));
        j = end + 1;
      } else {
        let k = j;
        while (k < cur.length && !" \t\r\n".includes(cur[k]!)) k++;
        words.push(cur.slice(j, k));
        j = k;
      }
      j++;
    }
    if (words.length > 0) out.push({ line: lineNo, words });
  }
  return out;
}

const PIECES = [
  "route", "add", "198.51.100.1/32", "via", "dev", "v0", " ", " ", " ", "  ", "\t", "\r", "\n", "\n", "\n", "#", "# c", "\\", "\\\n",
  "'", '"', "'a b'", '"x y"', "é", "日本", "\u00ff", "x'y", "", "0",
];

function randomBytes(r: Rng): Uint8Array {
  const parts: Uint8Array[] = [];
  const n = r.int(0, 40);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.05)) parts.push(Uint8Array.from(Array.from({ length: r.int(1, 3) }, () => r.pick([0x80, 0xbf, 0xc3, 0xe2, 0xef, 0xbb, 0xff, 0xfe, 0xf0]))));
    else parts.push(Buffer.from(r.pick(PIECES), "utf8"));
  }
  if (r.chance(0.05)) parts.unshift(Uint8Array.from([0xef, 0xbb, 0xbf]));
  return Buffer.concat(parts);
}

describe("batch file reading", () => {
  const seed = runSeed();

  it(`reads bytes as the string reading did (seed ${seed})`, () => {
    const r = new Rng(seed);
    for (let i = 0; i < 20_000; i++) {
      const bytes = randomBytes(r);
      const text = Buffer.from(bytes).toString("utf8");
      const want = reference(text);
      let got: Array<{ line: number; words: string[] }> | string;
      try {
        const reader = new BatchReader(bytes);
        got = [];
        while (reader.next()) {
          const words = makeArgs(reader.text());
          if (words.length > 0) got.push({ line: reader.line, words });
        }
      } catch (e) {
        got = (e as Error).message;
      }
      expect(got, `seed ${seed}: ${JSON.stringify(text)}`).toEqual(want);
      let viaString: typeof got;
      try {
        viaString = parseBatch(text);
      } catch (e) {
        viaString = (e as Error).message;
      }
      expect(viaString, `seed ${seed}: ${JSON.stringify(text)}`).toEqual(want);
    }
  });

  it("gives single physical lines without a comment as byte ranges", () => {
    const bytes = Buffer.from("route add 1.2.3.4\n\nx # c\na \\\nb\nlast");
    const r = new BatchReader(bytes);
    const seen: Array<[number, number, number, string]> = [];
    while (r.next()) seen.push([r.line, r.start, r.end, r.text()]);
    expect(seen).toEqual([
      [1, 0, 17, "route add 1.2.3.4"], [2, 18, 18, ""], [3, -1, -1, "x "], [5, -1, -1, "a b"], [6, 31, 35, "last"],
    ]);
  });
});
