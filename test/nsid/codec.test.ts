/**
 * Golden bytes for the nsid codec: requests captured from iproute2 6.1
 * (`strace -e trace=sendmsg,sendto -xx ip -n NS netns ...`, payload after
 * the nlmsghdr) and a kernel answer.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { nsidMessage, type NsidMessage } from "../../codecs/nsid/index.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";

const { decode, encode } = hexCodec(nsidMessage);

const CASES: Array<[string, string, NsidMessage]> = [
  ["ip netns set NAME 7 (RTM_NEWNSID, fd 6)", "00000000" + "0800030006000000" + "0800010007000000", { family: 0, attrs: { fd: 6, nsid: 7 } }],
  ["ip netns list (RTM_GETNSID for fd 6)", "00000000" + "0800030006000000", { family: 0, attrs: { fd: 6 } }],
  ["ip netns list-id (dump request)", "00000000", { family: 0, attrs: {} }],
  ["ip netns list-id target-nsid 7", "00000000" + "0800040007000000", { family: 0, attrs: { targetNsid: 7 } }],
  ["kernel answer: no id assigned", "00000000" + "08000100ffffffff", { family: 0, attrs: { nsid: -1 } }],
  ["kernel answer with NETNSA_CURRENT_NSID", "00000000" + "0800010003000000" + "0800050007000000", { family: 0, attrs: { nsid: 3, currentNsid: 7 } }],
  ["by pid", "00000000" + "0800020001000000", { family: 0, attrs: { pid: 1 } }],
];

describe("nsid codec", () => {
  itRoundTripsGolden(CASES, nsidMessage);

  it("decodes a bare 1-byte rtgenmsg (nlmsg_len 17)", () => {
    expect(decode("00")).toEqual({ family: 0, attrs: {} });
  });

  it("rejects malformed attributes with a DecodeError", () => {
    expect(() => decode("")).toThrow(DecodeError);
    expect(() => decode("00000000" + "06000100ffff")).toThrow(DecodeError);
    expect(() => decode("00000000" + "0800010003")).toThrow(DecodeError);
  });

  it("names the field in encode errors", () => {
    expect(() => encode({ family: 0, attrs: { nsid: 2 ** 31 } })).toThrow(/nsid\.attrs\.nsid: 2147483648 is out of range/);
    expect(() => encode({ family: 300, attrs: {} })).toThrow(/nsid\.family/);
  });
});
