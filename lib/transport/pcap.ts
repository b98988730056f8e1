/**
 * A pcap file of netlink traffic, the way an nlmon device records it
 * (LINKTYPE_NETLINK = 253, which tcpdump, tshark and Wireshark decode):
 * each record is one netlink message behind a 16-byte Linux "cooked"
 * (SLL) header. This kernel may lack nlmon; the file is written by the
 * process itself, one record per message, in the order sent and received.
 *
 * pcap file header (little-endian; readers tell the order by the magic a1b2c3d4), version 2.4:
 *   0      4      6      8           12          16          20          24
 *   +------+------+------+-----------+-----------+-----------+-----------+
 *   | magic|major |minor | thiszone  | sigfigs   | snaplen   | linktype  |
 *   +------+------+------+-----------+-----------+-----------+-----------+
 * record header (little-endian):
 *   0           4           8           12          16
 *   +-----------+-----------+-----------+-----------+
 *   | ts_sec    | ts_usec   | incl_len  | orig_len  |
 *   +-----------+-----------+-----------+-----------+
 * cooked header before each message (network byte order):
 *   0        2        4        6                           14       16
 *   +--------+--------+--------+---------------------------+--------+
 *   |pkttype | hatype | halen  | address (8 bytes, zero)   |protocol|
 *   +--------+--------+--------+---------------------------+--------+
 *   pkttype 4 (PACKET_OUTGOING) for requests, 0 (PACKET_HOST) for answers;
 *   hatype 824 (ARPHRD_NETLINK); protocol = netlink family (0, NETLINK_ROUTE).
 */

/** node:fs, loaded on first use (loading it costs a command's start several ms). */
const fs = (): typeof import("node:fs") => process.getBuiltinModule("node:fs");

/** LINKTYPE_NETLINK (tcpdump.org link-layer header types). */
export const LINKTYPE_NETLINK = 253;
/** ARPHRD_NETLINK (linux/if_arp.h). */
export const ARPHRD_NETLINK = 824;
/** Packet types (linux/if_packet.h). */
export const PACKET_HOST = 0;
export const PACKET_OUTGOING = 4;

const SNAPLEN = 262144;
const SLL_LEN = 16;

/** Writes netlink messages to a pcap file. Disposable; `close()` is idempotent. */
export class PcapWriter implements Disposable {
  #fd: number | null;
  readonly #protocol: number;

  /** Create (truncate) `path` and write the file header. `protocol` is the netlink family (0 = NETLINK_ROUTE). */
  constructor(path: string, protocol = 0) {
    if (typeof path !== "string" || path.length === 0) throw new TypeError("pcap: expected a file path");
    this.#protocol = protocol;
    this.#fd = fs().openSync(path, "w", 0o600);
    const h = new DataView(new ArrayBuffer(24));
    h.setUint32(0, 0xa1b2c3d4, true);
    h.setUint16(4, 2, true);
    h.setUint16(6, 4, true);
    h.setUint32(16, SNAPLEN, true);
    h.setUint32(20, LINKTYPE_NETLINK, true);
    fs().writeSync(this.#fd, new Uint8Array(h.buffer));
  }

  /** Append one message (`outgoing` for what we send). `timeMs` is a Unix time in milliseconds. */
  write(message: Uint8Array, outgoing: boolean, timeMs: number = Date.now()): void {
    if (this.#fd === null) return;
    const rec = new Uint8Array(16 + SLL_LEN + message.length);
    const dv = new DataView(rec.buffer);
    const sec = Math.floor(timeMs / 1000);
    dv.setUint32(0, sec, true);
    dv.setUint32(4, Math.min(999_999, Math.floor((timeMs - sec * 1000) * 1000)), true);
    dv.setUint32(8, SLL_LEN + message.length, true);
    dv.setUint32(12, SLL_LEN + message.length, true);
    dv.setUint16(16, outgoing ? PACKET_OUTGOING : PACKET_HOST, false);
    dv.setUint16(18, ARPHRD_NETLINK, false);
    dv.setUint16(20, 0, false);
    dv.setUint16(30, this.#protocol, false);
    rec.set(message, 32);
    fs().writeSync(this.#fd, rec);
  }

  /** Close the file; idempotent. */
  close(): void {
    if (this.#fd === null) return;
    fs().closeSync(this.#fd);
    this.#fd = null;
  }
  [Symbol.dispose](): void {
    this.close();
  }
}
