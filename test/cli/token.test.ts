/**
 * `ip token` against ip 6.1 (root, twin namespaces): every command of
 * ip/iptoken.c through `ip -n A` and `bun-netlink -n B`, the same status,
 * stdout and stderr, then the same tokens listed by ip in both (text and
 * -json). Covers list/show/get/no word, set/add with a prefix, a
 * link-local token (the kernel keeps the low 64 bits), del, the first dev
 * and first token winning, each "Not enough information", a missing dev,
 * an IPv4 token, help and unknown words, the kernel's refusal of lo, and
 * "default"/"any" tokens.
 */
import { expect, it } from "vitest";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { inTempNetns } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";
import { withTwins } from "./batch-twins.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\nlink set v0 up\nlink add d0 type bridge\n";

const COMMANDS = [
  "token", "token set ::1:2/64 dev v0", "token", "-j token", "-j -p token get dev v0", "token list dev v0", "token s", "-o token",
  "token set ::5 dev lo", "token set ::5", "token set dev v0", "token del dev v0", "token list dev nosuch", "token set 1.2.3.4 dev v0",
  "token foo", "token help", "token set ::7 dev v0 ::8 dev v1", "token set fe80::1:2:3:4:5 dev v1", "token get dev v1",
  "token set default dev v1", "token set any dev v1", "token set all dev v0", "token set ::9 dev", "token list dev", "token set h dev v0",
  "token add ::a:b dev v0", "-6 token", "-4 token", "token set ::1/200 dev v0", "token del ::1 dev v0 ::2", "token add ::c dev d0", "-j token",
];

/** The tokens of `ns` as ip lists them. */
const tokens = (ns: string) => ipOk(["-n", ns, "token"]) + ipOk(["-n", ns, "-j", "token"]);

describeKernel("ip token: the same words, messages, statuses and tokens as ip", () => {
  it("every command of iptoken.c", async () => {
    await withTwins(SETUP, async (a, b) => {
      for (const line of COMMANDS) {
        const args = line.split(" ");
        const want = ip(["-n", a, ...args]);
        const got = await cli(["-n", b, ...args]);
        expect({ code: got.code, stdout: got.stdout, stderr: got.stderr }, line).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
        expect(tokens(b), line).toBe(tokens(a));
      }
    });
  }, 60_000);

  it("LinkApi.ipv6Tokens and setIpv6Token read and write what ip reads", () =>
    inTempNetns(({ conn, ipj }) => {
      const links = new LinkApi(conn);
      links.setIpv6Token("v0", "::1:2");
      const want = ipj("token") as Array<{ token: string; ifname: string }>;
      expect(links.ipv6Tokens().map((t) => ({ token: t.token, ifname: t.ifname }))).toEqual(want);
      expect(links.ipv6Tokens("v0")).toEqual([{ ifindex: links.index("v0"), ifname: "v0", token: "::0.1.0.2" }]);
      links.setIpv6Token("v0", "::");
      expect(links.ipv6Tokens("v0")[0]!.token).toBe("::");
      expect(() => links.setIpv6Token("v0", "192.0.2.1")).toThrow(/^token: "192\.0\.2\.1" is not an IPv6 address/);
    }, { setup: [["link", "add", "v0", "type", "veth", "peer", "name", "v1"]] }));
});
