/**
 * `bun-netlink route add ... encap ip|ip6 ...` (also inside `nexthop`
 * hops, as the kernel selftest fib_tests.sh writes them) sends, byte for
 * byte (nlmsg_seq and nlmsg_pid zeroed), the RTM_NEWROUTE iproute2 6.1
 * sent for the same command line (fixtures/route/encap-ip-captures.ts).
 * The CLI runs in-process over the fake kernel with the captures' link
 * indexes. Also ip's errors for bad encap arguments (stderr and exit code
 * as ip 6.1 printed them in a scratch namespace).
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { memoryIo } from "../../cli/io.ts";
import { main } from "../../cli/main.ts";
import { ENCAP_IP_CAPTURES } from "../../fixtures/route/encap-ip-captures.ts";
import { LINKS } from "../../fixtures/route/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";

/** Run the CLI over a fake kernel; the RTM_NEWROUTE messages it sent and its outcome. */
async function run(argv: string[]) {
  const { conn, kernel } = fakeConn({ links: LINKS });
  const io = memoryIo();
  const code = await main(argv, io, { connect: () => conn });
  return { code, stdout: io.stdout, stderr: io.stderr, sent: messagesOf(kernel.sent, [RTM.NEWROUTE]) };
}

/**
 * ip writes RTA_ENCAP_TYPE (type 21, u16) with rta_addattr16 and the u8
 * LWTUNNEL_IP*_TTL/TOS (types 4, 5) with rta_addattr8, leaving the pad
 * bytes after the value uninitialised (captures hold 0100, c001 there):
 * compare them as zero.
 */
function padZero(hex: string): string {
  return hex
    .replace(/06001500([0-9a-f]{4})[0-9a-f]{4}/g, "06001500$10000")
    .replace(/0500(0[45]00)([0-9a-f]{2})[0-9a-f]{6}/g, "0500$1$2000000");
}

describe("route add with encap ip|ip6 equals iproute2's bytes", () => {
  it("covers route encap ip, encap ip6 and multipath hops with encap", () => {
    const cmds = ENCAP_IP_CAPTURES.map((c) => c.args.join(" "));
    expect(cmds.some((c) => /^route add \S+ encap ip /.test(c))).toBe(true);
    expect(cmds.some((c) => /^route add \S+ encap ip6 /.test(c))).toBe(true);
    expect(cmds.some((c) => /nexthop encap ip .* nexthop encap ip /.test(c))).toBe(true);
  });

  for (const c of ENCAP_IP_CAPTURES) {
    it(`${c.name}: ip ${c.args.join(" ")}`, async () => {
      const cap = readIpCapture(c.name);
      expect(cap.command).toBe(`ip ${c.args.join(" ")}`);
      const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), [RTM.NEWROUTE]);
      expect(theirs.length).toBe(1);
      const r = await run(c.args);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.sent.length).toBe(1);
      expect(padZero(normalisedHex(r.sent[0]!))).toBe(padZero(normalisedHex(theirs[0]!)));
    });
  }
});

describe("encap ip|ip6 argument errors as ip 6.1 reports them", () => {
  const cases: [string, number, string][] = [
    ["route add 198.51.100.0/24 encap foo id 1 dev v0", 255, 'Error: argument "foo" is wrong: "encap type" value is invalid\n\n'],
    ["route add 198.51.100.0/24 encap ip id", 255, 'Error: unexpected end of line after "encap"\n'],
    ["route add 198.51.100.0/24 encap ip id x dev v0", 255, 'Error: argument "x" is wrong: "id" value is invalid\n\n'],
    ["route add 198.51.100.0/24 encap ip id 1 id 2 dev v0", 255, 'Error: either "id" is duplicate, or "2" is a garbage.\n'],
    ["route add 198.51.100.0/24 encap ip ttl 256 dev v0", 255, 'Error: argument "256" is wrong: "ttl" value is invalid\n\n'],
    ["route add 2001:db8:5::/64 encap ip6 hoplimit x dev v0", 255, 'Error: argument "x" is wrong: "hoplimit" value is invalid\n\n'],
    ["route add 2001:db8:5::/64 encap ip6 tc zz dev v0", 255, 'Error: argument "zz" is wrong: "tc" value is invalid\n\n'],
    ["route add 198.51.100.0/24 encap ip dst 2001:db8::1 dev v0", 1, 'Error: inet address is expected rather than "2001:db8::1".\n'],
  ];
  for (const [cmd, code, err] of cases) {
    it(cmd, async () => {
      const r = await run(cmd.split(" "));
      expect(r.stderr).toBe(err);
      expect(r.code).toBe(code);
      expect(r.sent.length).toBe(0);
    });
  }
});
