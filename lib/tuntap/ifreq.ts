/**
 * struct ifreq as TUNSETIFF reads and writes it (linux/if.h), 40 bytes on
 * LP64 (the union is as big as its largest member, struct ifmap: 24 bytes):
 *
 *   0                               16      18                      40
 *   +-------------------------------+-------+-----------------------+
 *   | ifr_name: char[IFNAMSIZ]      | flags | rest of the union     |
 *   | NUL-padded, at most 15 bytes  | short | (zero)                |
 *   +-------------------------------+-------+-----------------------+
 *
 * ifr_flags is host byte order. The kernel writes the device's name back
 * into ifr_name (the name it picked for an empty or "%d" name).
 */

/** IFNAMSIZ (linux/if.h): a name has at most 15 bytes plus its NUL. */
export const IFNAMSIZ = 16;
const IFREQ_SIZE = 40;

/** A zeroed ifreq with `name` (UTF-8, checked by the caller to fit) and `flags`. */
export function encodeIfreq(name: string, flags: number): Uint8Array {
  const buf = new Uint8Array(IFREQ_SIZE);
  const bytes = new TextEncoder().encode(name);
  if (bytes.length >= IFNAMSIZ) throw new RangeError(`name: at most ${IFNAMSIZ - 1} bytes, got ${bytes.length}`);
  buf.set(bytes, 0);
  new Uint16Array(buf.buffer)[IFNAMSIZ / 2] = flags & 0xffff; // host byte order
  return buf;
}

/** The name in an ifreq (up to its first NUL). */
export function ifreqName(buf: Uint8Array): string {
  const end = buf.subarray(0, IFNAMSIZ).indexOf(0);
  return new TextDecoder().decode(buf.subarray(0, end < 0 ? IFNAMSIZ : end));
}
