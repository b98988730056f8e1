/**
 * `ip link add ... type vxlan ...` against ip 6.1 (vxlan_parse_opt): each
 * line goes through `ip -batch` and ours in twin namespaces; status,
 * messages (ip's duplicate checks, "both group and remote", the missing
 * VNI, the destination port warning) and the links read back with
 * `ip -d -j` and `ip -d` must agree: ttl inherit, df, vnifilter, dstport 0,
 * srcport 0 0, -4/-6 without addresses, label.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { expectSameBatch, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\n";

const LINES = [
  "link add x0 type vxlan id 5 dstport 4789 local 192.0.2.1",
  "link add x1 type vxlan id 6 dstport 4789 remote 198.51.100.9 dev v0 ttl 64 tos inherit learning noproxy l2miss l3miss udpcsum",
  "link add x2 type vxlan id 16777215 group 239.1.1.1 dev v0 dstport 0 srcport 1000 2000 ageing 300 maxaddress 10",
  "link add x3 type vxlan external dstport 4790",
  "link add x4 type vxlan external vnifilter dstport 4791",
  "link add x5 type vxlan id 7 local 2001:db8::1 dstport 4792 udp6zerocsumtx udp6zerocsumrx label 77",
  "link add x6 type vxlan id 8 gbp dstport 4793",
  "link add x7 type vxlan id 9 dstport 4794 nolearning df set",
  "link add x8 type vxlan id 10 dstport 4795 df inherit ttl inherit",
  "link add x9 type vxlan vni 11",
  "link add y0 type vxlan id 12 srcport 0 0 dstport 4796 remcsumtx",
  "-4 link add y1 type vxlan id 13 dstport 4797",
  "-6 link add y2 type vxlan id 14 dstport 4798",
];

const BAD = [
  "link add z0 type vxlan dstport 4789", "link add z0 type vxlan id 99999999 dstport 4789", "link add z0 type vxlan id 5 id 6",
  "link add z0 type vxlan id 5 group 239.1.1.1 remote 198.51.100.1", "link add z0 type vxlan id 5 remote 198.51.100.1 group 239.1.1.1",
  "link add z0 type vxlan id 5 group 198.51.100.1 dev v0", "link add z0 type vxlan id 5 remote 239.1.1.1", "link add z0 type vxlan id 5 group 239.1.1.1",
  "link add z0 type vxlan id 5 dev nosuch", "link add z0 type vxlan id 5 ttl 300", "link add z0 type vxlan id 5 tos zz", "link add z0 type vxlan id 5 df maybe",
  "link add z0 type vxlan id 5 learning learning", "link add z0 type vxlan id 5 bogus", "link add z0 type vxlan help", "link add z0 type vxlan id 7 external",
  "link add z0 type vxlan vnifilter id 4", "link add z0 type vxlan id 5 dstport 4789 label 5", "link add z0 type vxlan id 5 local 192.0.2.1 remote 2001:db8::1",
];

describeKernel("ip link add type vxlan, as ip 6.1 parses it", () => {
  it(`each option builds the link ip builds, and is shown as ip shows it${kernelLacks("link:vxlan") ? " (kernel lacks: link:vxlan)" : ""}`, async () => {
    if (kernelLacks("link:vxlan")) return;
    await withTwins(SETUP, async (a, b) => {
      await expectSameBatch(a, b, LINES.join("\n") + "\n", ["-force"]);
      const vx = (ns: string) => (JSON.parse(ipOk(["-n", ns, "-d", "-j", "link", "show", "type", "vxlan"])) as Array<{ ifname: string; linkinfo: unknown }>)
        .map((l) => [l.ifname, l.linkinfo]);
      expect(vx(b)).toEqual(vx(a));
      // options newer than a kernel (df, vnifilter, ttl inherit) fail alike for both; x0 needs none
      expect(vx(a).map((x) => x[0])).toContain("x0");
      const text = (ns: string) => ipOk(["-n", ns, "-d", "link", "show", "type", "vxlan"]).replace(/link\/ether \S+/g, "").replace(/^\d+:/gm, "");
      expect(text(b)).toBe(text(a));
      for (const line of BAD) await expectSameBatch(a, b, line + "\n", [], line);
    });
  });
});
