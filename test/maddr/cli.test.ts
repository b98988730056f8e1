/**
 * `ip maddress` against ip 6.1 (root, a throwaway namespace with links that
 * joined IPv4, IPv6 and link-layer groups): every form prints what ip
 * prints (stdout, stderr, status) with -json, -pretty, -4/-6/-0, -oneline
 * and the dev filter; and the parsers of lib/netns/multicast.ts read the
 * kernel's file formats (igmp's host-order hex, dev_mcast's global_use).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDevMcast, parseIgmp, parseIgmp6 } from "../../lib/netns/multicast.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, noDad } from "../cli/helpers.ts";

describe("multicast file parsers", () => {
  it("read the kernel's formats", () => {
    expect(parseIgmp("Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n4\tveryverylongn:     2      V3\n\t\t\t\tFB0000E0     3 0:00000000\t\t0\n"))
      .toEqual([{ ifindex: 1, ifname: "lo", family: "inet", address: "224.0.0.1", users: 1 }, { ifindex: 4, ifname: "veryverylongn", family: "inet", address: "224.0.0.251", users: 3 }]);
    expect(parseIgmp6("1    lo              ff020000000000000000000000000001     1 0000000C 0\n"))
      .toEqual([{ ifindex: 1, ifname: "lo", family: "inet6", address: "ff02::1", users: 1 }]);
    expect(parseDevMcast("2    v1              1     0     333300000001\n3    br0             2     1     01005e000001\n"))
      .toEqual([{ ifindex: 2, ifname: "v1", family: "link", address: "33:33:00:00:00:01", users: 1 }, { ifindex: 3, ifname: "br0", family: "link", address: "01:00:5e:00:00:01", users: 2, static: true }]);
  });
});

describeKernel("ip maddress, as ip 6.1", () => {
  let ns: TempNetns;
  beforeAll(() => {
    ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], ["link set lo up", "link add v0 type veth peer name v1", "link set v0 up", "link set v1 up",
      "link add br0 type bridge", "link set br0 up", "addr add 2001:db8::1/64 dev v0", "addr add 192.0.2.1/24 dev v1"].join("\n") + "\n");
    // the joins that follow a link's carrier come from the kernel's own work: wait until ip's listing stops changing
    let last = "";
    for (let i = 0; i < 40; i++) {
      const now = ipOk(["-n", ns.name, "maddr"]);
      if (now === last) break;
      last = now;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  });
  afterAll(() => ns?.remove());
  const FORMS = ["maddr", "maddress show", "maddr show dev v0", "maddr show v1", "maddr list dev lo", "maddr lst dev nope", "maddr show dev v0 dev v1", "maddr show dev", "maddr help", "maddr foo", "maddr show help"];
  for (const form of FORMS) {
    it(form, async () => {
      for (const opts of [[], ["-j"], ["-j", "-p"], ["-4"], ["-6"], ["-0"], ["-o"]]) {
        const args = ["-n", ns.name, ...opts, ...form.split(" ")];
        const want = ip(args);
        expect({ args: args.join(" "), ...(await cli(args)) }).toEqual({ args: args.join(" "), ...want });
      }
    });
  }
  it("lists what the kernel joined", () => {
    const t = ipOk(["-n", ns.name, "maddr"]);
    expect(t).toContain("\tinet  224.0.0.1\n");
    expect(t).toContain("\tlink  33:33:00:00:00:01\n");
  });
});
