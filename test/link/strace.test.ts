/**
 * fixtures/strace.ts turns strace's `-X raw -xx` rendering of sendmsg back
 * into the datagram bytes: one message, several messages in one iov (with
 * NLMSG_ALIGN padding between them), a raw string iov, [pid N] prefixes;
 * other address families are skipped; output it cannot reconstruct
 * exactly (a payload decoded into a struct, a truncated string, a length
 * that does not add up) is an error rather than wrong bytes.
 */
import { describe, expect, it } from "vitest";
import { parseStrace } from "../../fixtures/strace.ts";

const NAME = "msg_name={sa_family=0x10, nl_pid=0, nl_groups=00000000}, msg_namelen=12";
const line = (iov: string, len: number, name = NAME) =>
  `sendmsg(3, {${name}, msg_iov=[{iov_base=${iov}, iov_len=${len}}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = ${len}`;

describe("parseStrace", () => {
  it("one message: header struct + \\x payload", () => {
    const l = line('[{nlmsg_len=20, nlmsg_type=0x10, nlmsg_flags=0x605, nlmsg_seq=1795927638, nlmsg_pid=0}, "\\x01\\x02\\x03\\xff"]', 20);
    expect(parseStrace(l)).toEqual(["14000000" + "1000" + "0506" + "56ae0b6b" + "00000000" + "010203ff"]);
  });

  it("several messages in one iov, padded to 4 bytes, and a [pid N] prefix", () => {
    const iov = '[[{nlmsg_len=17, nlmsg_type=0x10, nlmsg_flags=0x5, nlmsg_seq=1, nlmsg_pid=0}, "\\xaa"], [{nlmsg_len=16, nlmsg_type=0x11, nlmsg_flags=0x5, nlmsg_seq=2, nlmsg_pid=0}]]';
    expect(parseStrace(`[pid  4242] ${line(iov, 36)}`)).toEqual([
      "11000000100005000100000000000000" + "aa000000" + "10000000110005000200000000000000",
    ]);
  });

  it("a raw string iov and several sendmsg calls in order; non-netlink calls skipped", () => {
    const text = [
      line('"\\x10\\x00\\x00\\x00\\x12\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"', 16),
      line('"\\x01"', 1, "msg_name={sa_family=0x2, sin_port=0, sin_addr=0}, msg_namelen=16"),
      "write(1, \"x\", 1) = 1",
      line('[{nlmsg_len=16, nlmsg_type=0x11, nlmsg_flags=0x5, nlmsg_seq=7, nlmsg_pid=0}]', 16),
      "+++ exited with 0 +++",
    ].join("\n");
    expect(parseStrace(text)).toEqual(["10000000120001000000000000000000", "10000000110005000700000000000000"]);
  });

  it("refuses what it cannot reconstruct exactly", () => {
    expect(() => parseStrace(line("[{nlmsg_len=32, nlmsg_type=0x10, nlmsg_flags=0x605, nlmsg_seq=1, nlmsg_pid=0}, {ifi_family=AF_UNSPEC, ifi_type=0}]", 32))).toThrow(/decoded the payload/);
    expect(() => parseStrace(line('[{nlmsg_len=20, nlmsg_type=0x10, nlmsg_flags=0x605, nlmsg_seq=1, nlmsg_pid=0}, "\\x01\\x02"...]', 20))).toThrow(/truncated/);
    expect(() => parseStrace(line('[{nlmsg_len=24, nlmsg_type=0x10, nlmsg_flags=0x605, nlmsg_seq=1, nlmsg_pid=0}, "\\x01\\x02\\x03\\x04"]', 20))).toThrow(/nlmsg_len 24/);
    expect(() => parseStrace(line("[{nlmsg_len=16, nlmsg_type=RTM_NEWLINK, nlmsg_flags=0x605, nlmsg_seq=1, nlmsg_pid=0}]", 16))).toThrow(/-X raw/);
  });
});
