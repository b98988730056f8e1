/**
 * tc -p's u32 key printers (f_u32.c show_keys with `pretty`: print_ipv4
 * for protocol ip, print_ipv6 for ipv6, print_raw otherwise), call for
 * call: a key print_ipv4/6 recognises returns with its "match" JSON object
 * still open, as tc's does; one it does not recognise prints nothing.
 * (print_ipv6 reads offsets 12/16 as IPv4 addresses, as tc 6.1 does.)
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { U32Key } from "../../codecs/tc/u32.ts";

/** mask2bits: the prefix length of a contiguous netmask, -1 otherwise. */
function mask2bits(mask: number): number {
  const host = ~mask >>> 0;
  if (((host & ((host + 1) >>> 0)) >>> 0) !== 0) return -1;
  let bits = 0;
  for (let m = mask >>> 0; m; m = (m << 1) >>> 0) bits++;
  return bits;
}

const ipv4 = (v: number) => `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;

/** print_ipv4 / print_ipv6 (`v6`). */
function printIp(p: Printer, k: U32Key, v6: boolean): void {
  const val = k.val >>> 0, mask = k.mask >>> 0;
  p.obj("match");
  switch (k.off) {
    case 0:
      if (mask === 0x0f000000) { p.nl(); p.num("ip_ihl", "  match IP ihl %s", val >>> 24); return; }
      if (mask === 0x00ff0000) { p.nl(); const d = val >>> 16; p.str("ip_dsfield", "  match IP dsfield %s", d ? `0x${d.toString(16)}` : "0"); return; }
      break;
    case 8:
      if (mask === 0x00ff0000) { p.nl(); p.num("ip_protocol", "  match IP protocol %s", val >>> 16); return; }
      break;
    case 12: case 16: {
      const bits = mask2bits(mask);
      if (bits >= 0) {
        p.nl();
        p.text(k.off === 12 ? "  match IP src " : "  match IP dst ");
        p.obj(k.off === 12 ? "src" : "dst");
        p.str("address", "%s", ipv4(val));
        p.num("prefixlen", "/%s", bits);
        p.endObj();
        return;
      }
      break;
    }
    case 20: {
      const lo = val & 0xffff, hi = val >>> 16;
      if (mask === 0x0000ffff) {
        if (v6) { p.nl(); p.num("sport", "  match sport %s", lo); } else p.num("dport", "match dport %s", lo);
        return;
      }
      if (mask === 0xffff0000) {
        if (v6) p.num("dport", "match dport %s", hi); else { p.nl(); p.num("sport", "  match sport %s", hi); }
        return;
      }
      if (mask === 0xffffffff) {
        p.nl();
        if (v6) { p.num("sport", "  match sport %s, ", lo); p.num("dport", "match dport %s", hi); } else { p.num("dport", "  match dport %s, ", lo); p.num("sport", "match sport %s", hi); }
        return;
      }
      break;
    }
    default: break;
  }
  p.endObj();
}

/** show_keys with tc's `pretty`: true when it printed the key (protocol ip or ipv6), false for print_raw. */
export function u32PrettyKey(p: Printer, k: U32Key, protocol: string | number): boolean {
  if (protocol !== "ip" && protocol !== "ipv6") return false;
  printIp(p, k, protocol === "ipv6");
  return true;
}
