/**
 * Golden bytes for the nsid codec: requests captured from iproute2 6.1
 * (`strace -e trace=sendmsg,sendto -xx ip -n NS netns ...`, payload after
 * the nlmsghdr) and a kernel answer.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { nsidMessage, type NsidMessage } from "../../codecs/nsid/index.ts";

function decode(hex: string): NsidMessage {
  const b = fromHex(hex);
  return nsidMessage.decode(b, new DataView(b.buffer), 0, b.length);
}
function encode(m: NsidMessage): string {
  const w = new NlWriter();
  nsidMessage.encode(w, m);
  return toHex(w.view());
}

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
  for (const [what, hex, want] of CASES) {
    it(what, () => {
      expect(decode(hex)).toEqual(want);
      expect(encode(decode(hex))).toBe(hex);
      expect(encode(want)).toBe(hex);
    });
  }

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
