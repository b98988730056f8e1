/**
 * Golden bytes for the netconf codec: ip 6.1's requests and a kernel answer
 * captured with `strace -e trace=sendmsg,recvmsg -xx ip -4 netconf show dev v0`
 * in a throwaway namespace (v0 ifindex 3, forwarding 1, rp_filter 2), the
 * payload after the nlmsghdr. The kernel writes NETCONFA_BC_FORWARDING (8)
 * between MC_FORWARDING and PROXY_NEIGH.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { netconfMessage, type NetconfMessage } from "../../codecs/netconf/index.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";

const { decode, encode } = hexCodec(netconfMessage);

const KERNEL_INET_V0 =
  "02000000" + "0800010003000000" + "0800020001000000" + "0800030002000000" + "0800040000000000" +
  "0800080000000000" + "0800050000000000" + "0800060000000000";

const CASES: Array<[string, string, NetconfMessage]> = [
  ["kernel answer (RTM_NEWNETCONF, inet v0)", KERNEL_INET_V0, {
    family: 2,
    attrs: { ifindex: 3, forwarding: 1, rpFilter: 2, mcForwarding: 0, bcForwarding: 0, proxyNeigh: 0, ignoreRoutesWithLinkdown: 0 },
  }],
  ["ip -4 netconf show dev v0 (RTM_GETNETCONF)", "02000000" + "0800010003000000", { family: 2, attrs: { ifindex: 3 } }],
  ["ip netconf (dump request, AF_UNSPEC)", "00000000", { family: 0, attrs: {} }],
  ["NETCONFA_IFINDEX_ALL / DEFAULT are negative", "0a000000" + "08000100feffffff", { family: 10, attrs: { ifindex: -2 } }],
];

describe("netconf codec", () => {
  itRoundTripsGolden(CASES, netconfMessage);

  it("rejects malformed attributes with a DecodeError", () => {
    expect(() => decode("")).toThrow(DecodeError);
    expect(() => decode("02000000" + "0800010003")).toThrow(DecodeError);
  });

  it("names the field in encode errors", () => {
    expect(() => encode({ family: 300, attrs: {} })).toThrow(/netconf\.family/);
    expect(() => encode({ family: 2, attrs: { forwarding: -1 } })).toThrow(/forwarding/);
  });
});
