/**
 * The nsid API sends the same bytes as `ip netns set PEER ID` (captured by
 * fixtures/nsid/iproute2-captures.ts): NETNSA_FD then NETNSA_NSID, with
 * ip's fd number reused so the payloads are comparable.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NSID_CAPTURES } from "../../fixtures/nsid/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { NsidApi } from "../../lib/rtnl/nsid.ts";
import { fakeConn, normalisedHex as normalised } from "../helpers/fake-kernel.ts";

const IDS: Record<string, number> = { "nsid-set": 7, "nsid-set-auto": -1 };

describe("nsid requests equal iproute2's", () => {
  it("every capture has an expected id", () => {
    expect(Object.keys(IDS).sort()).toEqual(NSID_CAPTURES.map((c) => c.name).sort());
  });

  for (const c of NSID_CAPTURES) {
    it(`${c.name}: ip ${c.args.slice(0, 2).join(" ")} PEER ${c.args[3]}`, () => {
      const cap = readIpCapture(c.name);
      const theirs = cap.requests.flatMap((d) => splitMessages(fromHex(d))).filter((m) => m.type === RTM.NEWNSID);
      expect(theirs.length).toBe(1);
      const m = theirs[0]!;
      const decoded = nsidMessage.decode(m.buf, m.dv, m.payload, m.end);
      expect(decoded.attrs.nsid).toBe(IDS[c.name]);
      const { conn, kernel } = fakeConn();
      new NsidApi(conn).set({ fd: decoded.attrs.fd! }, IDS[c.name]!);
      const ours = kernel.requestsOf(RTM.NEWNSID);
      expect(ours.length).toBe(1);
      expect(normalised(ours[0]!)).toBe(normalised(m.buf.slice(m.off, m.end)));
    });
  }
});
