/**
 * The nsid API sends the same bytes as `ip netns set PEER ID` (captured by
 * fixtures/nsid/iproute2-captures.ts): NETNSA_FD then NETNSA_NSID, with
 * ip's fd number reused so the payloads are comparable.
 */
import { expect } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NSID_CAPTURES } from "../../fixtures/nsid/iproute2-captures.ts";
import { NsidApi } from "../../lib/rtnl/nsid/api.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

/** set(ip's fd, id), after checking that ip asked for that id. */
const setAs = (id: number) => (api: NsidApi, theirs: Uint8Array): void => {
  const m = splitMessages(theirs)[0]!;
  const decoded = nsidMessage.decode(m.buf, m.dv, m.payload, m.end);
  expect(decoded.attrs.nsid).toBe(id);
  api.set({ fd: decoded.attrs.fd! }, id);
};

/** The expected id of each capture. */
const CALLS = { "nsid-set": setAs(7), "nsid-set-auto": setAs(-1) };

describeIproute2Bytes("nsid requests equal iproute2's", {
  captures: NSID_CAPTURES, calls: CALLS, api: (c) => new NsidApi(c), types: [RTM.NEWNSID], links: {},
  title: (c) => `${c.name}: ip ${c.args.slice(0, 2).join(" ")} PEER ${c.args[3]}`,
  checkCommand: false, // the peer's name (and so the command) differs per capture run
});
