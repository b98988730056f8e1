/**
 * Golden bytes for the address label codec: the request iproute2 6.1
 * sends for `ip -n NS addrlabel add prefix 2001:db8::/32 dev lo label 100`
 * (strace -f -e trace=sendmsg -xx, payload after the nlmsghdr; lo is
 * ifindex 1), and a dump entry as the kernel answers it.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { addrlabelMessage, type AddrlabelMessage } from "../../codecs/addrlabel/index.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";

const { decode, encode } = hexCodec(addrlabelMessage);

const CASES: Array<[string, string, AddrlabelMessage]> = [
  [
    "ip addrlabel add prefix 2001:db8::/32 dev lo label 100",
    "0a002000" + "01000000" + "00000000" + "0800020064000000" + "1400010020010db8000000000000000000000000",
    { family: 10, prefixlen: 32, flags: 0, index: 1, seq: 0, attrs: { label: 100, address: "2001:db8::" } },
  ],
  [
    "dump entry ::1/128 label 0 (seq 5)",
    "0a008000" + "00000000" + "05000000" + "0800020000000000" + "1400010000000000000000000000000000000001",
    { family: 10, prefixlen: 128, flags: 0, index: 0, seq: 5, attrs: { label: 0, address: "::1" } },
  ],
];

describe("addrlabel codec", () => {
  itRoundTripsGolden(CASES, addrlabelMessage);

  it("rejects a short header and a truncated attribute with a DecodeError", () => {
    expect(() => decode("0a0020000100")).toThrow(DecodeError);
    expect(() => decode("0a002000010000000000000008000200640000")).toThrow(DecodeError);
  });

  it("names the field in encode errors", () => {
    expect(() => encode({ family: 10, prefixlen: 300, flags: 0, index: 0, seq: 0, attrs: {} })).toThrow(/prefixlen/);
  });
});
