/**
 * `ip link add type KIND` without a name (root): ip sends no IFLA_IFNAME
 * and the kernel names the link after its kind (ifb0, veth0/veth1,
 * bridge0); words after an option-less kind (`type ifb help`) are ignored,
 * a kind's help (`type veth help`, `type bridge help`) creates nothing.
 * The same command lines run with ip in one namespace and bun-netlink in
 * a twin: same status, stdout, stderr, then the same links (names, kinds,
 * peers, mtu). LinkApi.add without a name returns the link the kernel made.
 */
import { expect, it } from "vitest";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { withConnection } from "../helpers/kernel-env.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const LINES = [
  "link add type ifb help", "link add type ifb", "link add type ifb foo bar", "link add type veth help", "link add type veth",
  "link add type veth peer", "link add type veth peer mtu 1400", "link add mtu 1300 type veth peer name p9",
  "link add type bridge help", "link add type bridge", "link add type macvlan", "link add link lo type macvlan",
  "link add up type ifb", "link add type nosuchkind",
];

/** The links of `ns`: name, kind, mtu, peer and state flags, in ifindex order. */
function links(ns: string): unknown[] {
  return (JSON.parse(ipOk(["-n", ns, "-j", "-d", "link", "show"])) as Array<Record<string, any>>).map((l) => ({
    ifname: l.ifname, kind: l.linkinfo?.info_kind, mtu: l.mtu, link: l.link, flags: l.flags,
  }));
}

describeKernel("link add without a name, as ip", () => {
  it("lets the kernel name the link: ip's status, messages and links", async () => {
    const a = tempNetns();
    const b = tempNetns();
    try {
      for (const line of LINES) {
        const args = line.split(" ");
        const want = ip(["-n", a.name, ...args]);
        const got = await cli(["-n", b.name, ...args]);
        expect({ code: got.code, stdout: got.stdout, stderr: got.stderr }, line).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
        expect(links(b.name), line).toEqual(links(a.name));
      }
      // and in a batch, where names are looked up again after each link line
      const text = "link add type ifb\nlink set ifb3 up\nlink add type veth\nlink del veth4\n";
      const want = ip(["-n", a.name, "-batch", "-"], text);
      const got = await cli(["-n", b.name, "-batch", "-"], text);
      expect({ code: got.code, stderr: got.stderr }).toEqual({ code: want.code, stderr: want.stderr });
      expect(links(b.name)).toEqual(links(a.name));
    } finally {
      a.remove();
      b.remove();
    }
  }, 60_000);

  it("LinkApi.add without a name returns the link the kernel named", () => {
    const ns = tempNetns();
    try {
      withConnection(ns, (conn) => {
        const api = new LinkApi(conn);
        const i0 = api.add({ kind: "ifb" });
        const i1 = api.add({ kind: "ifb", mtu: 1400, alias: "second" });
        expect([i0.attrs.ifname, i1.attrs.ifname, i1.attrs.mtu, i1.attrs.ifalias]).toEqual(["ifb0", "ifb1", 1400, "second"]);
        const v = api.add({ kind: "veth", peer: {} });
        const peer = api.get(v.attrs.link!);
        expect([v.attrs.ifname, peer.attrs.ifname]).toEqual(["veth1", "veth0"]); // the peer is registered first
        const listed = (JSON.parse(ipOk(["-n", ns.name, "-j", "link", "show"])) as Array<{ ifname: string }>).map((l) => l.ifname);
        expect(listed).toEqual(["lo", "ifb0", "ifb1", "veth0", "veth1"]);
      });
    } finally {
      ns.remove();
    }
  });
});
