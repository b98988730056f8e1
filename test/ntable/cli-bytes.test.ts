/**
 * `bun-netlink ntable change ...` sends, byte for byte (nlmsg_seq and
 * nlmsg_pid zeroed), the RTM_SETNEIGHTBL iproute2 6.1 sent for the same
 * command line (fixtures/iproute2/ntable-*.json, captured with strace by
 * fixtures/ntable/iproute2-captures.ts): the CLI runs in-process over the
 * fake kernel, whose links have the captures' indexes. ip's words keep
 * their order on the wire (name where it was given, the parameters nested
 * last), which this checks with a command that starts with a threshold
 * and one that names the device last.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { memoryIo } from "../../cli/io.ts";
import { main } from "../../cli/main.ts";
import { LINKS, NTABLE_CAPTURES } from "../../fixtures/ntable/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";

describe("ip ntable change: the CLI sends iproute2's bytes", () => {
  for (const c of NTABLE_CAPTURES) {
    it(`${c.name}: ip ${c.args.join(" ")}`, async () => {
      const cap = readIpCapture(c.name);
      const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), [RTM.SETNEIGHTBL]);
      expect(theirs.length).toBe(1);
      const { conn, kernel } = fakeConn({ links: LINKS });
      const io = memoryIo();
      expect(await main(c.args, io, { connect: () => conn })).toBe(0);
      const ours = messagesOf(kernel.sent, [RTM.SETNEIGHTBL]);
      expect(ours.map(normalisedHex)).toEqual(theirs.map(normalisedHex));
    });
  }
});
