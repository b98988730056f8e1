/**
 * `ip link set DEV [up] type KIND OPTIONS` (the kind's changelink, as the
 * kernel selftest fib_nexthops.sh runs `link set dev vx10 up type vxlan
 * ageing 1`): the same lines through ip in one namespace and through
 * bun-netlink in its twin give the same output and status, and leave the
 * two namespaces' `ip -d -j link show` equal (indexes and generated
 * addresses aside). Covers options of the link's own kind (only those
 * given are sent: no VNI required, learning untouched), the kernel's
 * refusals (a VNI change, options for another kind), a kind named without
 * options, and ip's own refusals.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const SETUP = [
  "link add veth1 type veth peer name veth2",
  "link add name vx10 type vxlan id 1010 local 192.0.2.1 remote 192.0.2.2 dstport 4789 nolearning noudpcsum tos inherit ttl 100",
  "link add br0 type bridge",
];

const LINES = [
  "dev vx10 up type vxlan ageing 1", "dev vx10 type vxlan ageing 5 ttl 3", "dev vx10 type vxlan", "dev vx10 type vxlan learning",
  "dev vx10 type vxlan nolearning proxy", "dev vx10 type vxlan id 7", "dev vx10 type vxlan maxaddress 10 l2miss",
  "dev vx10 type bridge stp_state 1", "dev vx10 type bridge", "dev br0 type bridge stp_state 1 priority 7", "dev br0 type bridge",
  "dev br0 type bridge foo", "dev br0 type bridge help", "dev veth1 type veth", "dev br0 type vxlan ageing 3", "dev br0 mtu 1400 type bridge max_age 1000",
];

/** `ip -d -j link show` without what differs between twins (indexes, generated addresses and ids). */
function state(ns: string): unknown {
  const t = ipOk(["-n", ns, "-d", "-j", "link", "show"]);
  return JSON.parse(t.replace(/"ifindex":\d+/g, '"ifindex":0').replace(/"(address|perm_address|broadcast)":"[^"]*"/g, '"$1":""').replace(/"([a-z_]*id)":"[^"]*"/g, '"$1":""'));
}

describeKernel("ip link set DEV type KIND, as ip 6.1", () => {
  let a: TempNetns;
  let b: TempNetns;
  beforeAll(() => {
    a = tempNetns();
    b = tempNetns();
    for (const n of [a, b]) ipOk(["-n", n.name, "-batch", "-"], SETUP.join("\n") + "\n");
  });
  afterAll(() => {
    a?.remove();
    b?.remove();
  });
  it("every line: same output, status and resulting links", async () => {
    for (const line of LINES) {
      const w = ["link", "set", ...line.split(" ")];
      const theirs = ip(["-n", a.name, ...w]);
      const ours = await cli(["-n", b.name, ...w]);
      expect({ line, code: ours.code, out: ours.stdout, err: ours.stderr }).toEqual({ line, code: theirs.code, out: theirs.stdout, err: theirs.stderr });
      expect(state(b.name), line).toEqual(state(a.name));
    }
    expect(ipOk(["-n", b.name, "-d", "link", "show", "vx10"])).toContain(" ageing 5 ");
  });
});
