/**
 * The number and IPv4 readers of iproute2's lib/utils.c that every command
 * line shares: strtoul with base 0 (leading blanks, a sign, 0x hex, 0
 * octal) and get_addr_ipv4 (one to four such parts, each at most 255, "."
 * between them: "10" is 10.0.0.0, "0xc0.0.2.010" is 192.0.2.8).
 */

/** ULONG_MAX on a 64-bit machine. */
export const U64_MAX = (1n << 64n) - 1n;

/**
 * strtoul(s + pos, &end, base 0): leading blanks, a sign, 0x hex, 0 octal;
 * the value clamped to ULONG_MAX and negated modulo 2^64; end === pos when
 * no digits were read.
 */
export function strtoul(s: string, pos: number): { value: bigint; end: number } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F])|0)?/.exec(s.slice(pos))!;
  let i = pos + m[0].length;
  const lead = m[2] ?? "";
  const radix = lead.length === 2 ? 16 : lead === "0" ? 8 : 10;
  const digit = radix === 16 ? /[0-9a-fA-F]/ : radix === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  while (i < s.length && digit.test(s[i]!)) i++;
  if (i === start && lead !== "0") return { value: 0n, end: pos };
  const body = s.slice(start, i) || "0";
  let v = BigInt(radix === 16 ? `0x${body}` : radix === 8 ? `0o${body}` : body);
  if (v > U64_MAX) v = U64_MAX;
  if (m[1] === "-" && v !== 0n) v = (1n << 64n) - v;
  return { value: v, end: i };
}

/** get_addr_ipv4: up to four strtoul parts each at most 255, "." between them. */
export function ipv4(s: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul(s, pos);
    if (value > 255n || end === pos) return undefined;
    out[i] = Number(value);
    if (end === s.length) return out;
    if (i === 3 || s[end] !== ".") return undefined;
    pos = end + 1;
  }
  return out;
}
