/**
 * Micro-benchmark for the address formatters (not a vitest file):
 *   npx bun test/ip/format.bench.ts
 * Formats 1M IPv4, 1M IPv6 and 1M MAC addresses from one big buffer, a few
 * rounds each, and prints ns/op. "+flatten" also reads the last character,
 * which makes JavaScriptCore resolve a concatenation rope, so it counts the
 * full cost of a usable flat string. formatIPv4 returns a rope (7 pieces,
 * cheap to build, ~65 ns to flatten); formatIPv6 and formatMAC return flat
 * strings already (see codecs/ip/ascii.ts), so for them the two rows differ
 * only by noise.
 */
import { formatIPv4, formatIPv6, formatMAC } from "../../codecs/ip/index.ts";

const N = 1_000_000;
let seed = 0x12345678;
function rnd(): number {
  // xorshift32
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}

const v4 = new Uint8Array(N * 4);
for (let i = 0; i < v4.length; i++) v4[i] = rnd() & 0xff;

// IPv6: half fully random, half route-table shaped (2001:db8:XXXX:YYYY::Z,
// fe80::..., ::ffff:a.b.c.d) so the "::" compressor does real work.
const v6 = new Uint8Array(N * 16);
for (let i = 0; i < N; i++) {
  const o = i * 16;
  const kind = i & 3;
  if (kind < 2) {
    for (let k = 0; k < 16; k++) v6[o + k] = rnd() & 0xff;
  } else if (kind === 2) {
    v6.set([0x20, 0x01, 0x0d, 0xb8, rnd() & 0xff, rnd() & 0xff, rnd() & 0xff, rnd() & 0xff], o);
    v6[o + 15] = rnd() & 0xff;
  } else if ((i & 7) === 3) {
    v6.set([0xfe, 0x80], o);
    for (let k = 8; k < 16; k++) v6[o + k] = rnd() & 0xff;
  } else {
    v6[o + 10] = 0xff;
    v6[o + 11] = 0xff;
    for (let k = 12; k < 16; k++) v6[o + k] = rnd() & 0xff;
  }
}
const mac = new Uint8Array(N * 6);
for (let i = 0; i < mac.length; i++) mac[i] = rnd() & 0xff;

function bench(name: string, stride: number, fmt: (buf: Uint8Array, off: number) => string, buf: Uint8Array, flatten: boolean): void {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    if (flatten) {
      for (let i = 0, off = 0; i < N; i++, off += stride) {
        const s = fmt(buf, off);
        sink += s.charCodeAt(s.length - 1);
      }
    } else {
      for (let i = 0, off = 0; i < N; i++, off += stride) sink += fmt(buf, off).length;
    }
    const dt = performance.now() - t0;
    if (round > 0 && dt < best) best = dt; // round 0 is warm-up
  }
  console.log(`${name.padEnd(22)} ${((best * 1e6) / N).toFixed(1).padStart(6)} ns/op   (sink ${sink & 0xff})`);
}

const runtime = typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process.version}`;
console.log(`${runtime}, ${N} addresses per round, best of 6 rounds`);
for (const flatten of [false, true]) {
  const tag = flatten ? "+flatten" : "";
  bench(`formatIPv4 ${tag}`, 4, formatIPv4, v4, flatten);
  bench(`formatIPv6 ${tag}`, 16, formatIPv6, v6, flatten);
  bench(`formatMAC(6) ${tag}`, 6, (b, o) => formatMAC(b, o, 6), mac, flatten);
}
