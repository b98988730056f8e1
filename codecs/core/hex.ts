/** Hex helpers for raw attribute payloads kept losslessly as strings. */

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

/** Lowercase hex of `len` bytes at `off` (no separators). */
export function toHex(buf: Uint8Array, off = 0, len = buf.length - off): string {
  let s = "";
  for (let i = off; i < off + len; i++) s += HEX[buf[i]!];
  return s;
}

/** Parse a hex string (even length, [0-9a-fA-F]) into bytes; TypeError naming `field` otherwise. */
export function fromHex(s: string, field = "hex"): Uint8Array {
  if (typeof s !== "string" || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new TypeError(`${field}: expected an even-length hex string, got ${JSON.stringify(s)}`);
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}
