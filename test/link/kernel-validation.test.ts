/**
 * Link validation against the kernel (root, throwaway namespaces): what the
 * API accepts and refuses must match what the kernel accepts and refuses for
 * the link in question, with errors that name the field (and the link). Each
 * case failed before: an 8-byte MAC was cut to 6 bytes silently and a 5-byte
 * one gave a bare EINVAL; a 6-byte MAC went unchecked to a tun device (no
 * hardware address) and came back as EOPNOTSUPP; `lo` could not get its own default MTU 65536; a
 * name rule used JavaScript's \s on UTF-16; an alias after a %d name went to
 * the pattern (ENODEV) instead of the link the kernel made; a missing link
 * gave "RTM_GETLINK: ENODEV (No such device)", naming neither field nor name.
 */
import { expect, it } from "vitest";
import { AddressApi } from "../../lib/rtnl/address/api.ts";
import { AddressLengthError, LinkApi } from "../../lib/rtnl/link/api.ts";
import { kernelLacks, lacking } from "../helpers/kernel-caps.ts";
import { inTempNetns, refusal, VETH } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

type IpLink = { ifname: string; address?: string; mtu: number; ifalias?: string };

describeKernel("link validation matches the kernel", () => {
  it("a missing link is a NetlinkError ENODEV whose message names the field and the name", () =>
    inTempNetns(({ conn }) => {
      const links = new LinkApi(conn);
      for (const [call, text] of [
        [() => links.get("nosuch0"), 'link: no link named "nosuch0": RTM_GETLINK: ENODEV (No such device)'],
        [() => links.set("nosuch0", { up: true }), 'link: no link named "nosuch0": RTM_GETLINK: ENODEV (No such device)'],
        [() => links.index("nosuch0"), 'name: no link named "nosuch0": RTM_GETLINK: ENODEV (No such device)'],
        [() => new AddressApi(conn).add("nosuch0", "192.0.2.1/24"), /^link: no link named "nosuch0": RTM_GETLINK: ENODEV/],
      ] as const) {
        const e = refusal(call);
        expect(e.code).toBe("ENODEV");
        if (typeof text === "string") expect(e.message).toBe(text);
        else expect(e.message).toMatch(text);
      }
      expect(links.find("nosuch0")).toBeUndefined();
    }));

  it("a MAC address must have the link's address length: 8 and 5 bytes are RangeErrors naming the link, 6 bytes is set", () =>
    inTempNetns(({ conn, ipj }) => {
      const api = new LinkApi(conn);
      const before = (ipj("link", "show", "v0") as IpLink[])[0]!.address;
      expect(() => api.set("v0", { address: "02:00:00:00:00:01:02:03" })).toThrow(RangeError);
      expect(() => api.set("v0", { address: "02:00:00:00:00:01:02:03" })).toThrow(/^address: "02:00:00:00:00:01:02:03" has 8 bytes, link "v0" has 6-byte addresses/);
      expect(() => api.set("v0", { address: "02:00:00:00:01" })).toThrow(/^address: .* has 5 bytes, link "v0" has 6-byte addresses/);
      expect((ipj("link", "show", "v0") as IpLink[])[0]!.address).toBe(before);
      api.set("v0", { address: "02:00:00:00:00:42" });
      expect((ipj("link", "show", "v0") as IpLink[])[0]!.address).toBe("02:00:00:00:00:42");
    }, { setup: [VETH] }));

  it("a link's address length is checked for every length: a 6-byte MAC on a tun device (no hardware address) is a RangeError before any request", () =>
    inTempNetns(({ conn, ipj, ip, connect }) => {
      if (kernelLacks("link:tun")) {
        expect(() => ip("tuntap", "add", "mode", "tun", "name", "t0")).toThrow(lacking("link:tun"));
        return;
      }
      ip("tuntap", "add", "mode", "tun", "name", "t0");
      // iproute2's own view: link/none, no address (rtnl_fill_ifinfo leaves IFLA_ADDRESS out when addr_len is 0)
      expect((ipj("link", "show", "t0") as Array<IpLink & { link_type: string }>)[0]).toMatchObject({ link_type: "none" });
      expect((ipj("link", "show", "t0") as IpLink[])[0]!.address).toBeUndefined();
      const types: number[] = []; // nlmsg_type of every request sent
      const api = new LinkApi(connect({}, (t) => ({
        get portId() { return t.portId; },
        get closed() { return t.closed; },
        send: (d) => { types.push(d[4]! | (d[5]! << 8)); t.send(d); },
        recv: (o) => t.recv(o),
        waitReadable: (ms) => t.waitReadable(ms),
        setNetlinkOption: (o, on) => t.setNetlinkOption(o, on),
        receiveBufferSize: () => t.receiveBufferSize?.() ?? 212992,
        close: () => t.close(),
        [Symbol.dispose]: () => t.close(),
      })));
      expect(() => api.set("t0", { address: "02:00:00:00:00:01" })).toThrow(AddressLengthError);
      expect(() => api.set("t0", { address: "02:00:00:00:00:01", up: true })).toThrow(/^address: link "t0" has no hardware address \(address length 0\), so "02:00:00:00:00:01" \(6 bytes\) cannot be set$/);
      // only the RTM_GETLINKs that read the length went out (18), no RTM_NEWLINK: t0 is still down
      expect(types).toEqual([18, 18]);
      expect((ipj("link", "show", "t0") as Array<IpLink & { flags: string[] }>)[0]!.flags).not.toContain("UP");
      // what the kernel itself says when the set does reach it (ip sends it: it checks only links that report a length)
      const e = refusal(() => new LinkApi(conn, { addressLength: "iproute2" }).set("t0", { address: "02:00:00:00:00:01" }));
      expect(e.code).toBe("EOPNOTSUPP");
      expect(() => ip("link", "set", "t0", "address", "02:00:00:00:00:01")).toThrow(/Operation not supported/);
    }));

  it("the MTU range is the link's own: lo takes 65536 (its default), a veth refuses it with the kernel's reason", () =>
    inTempNetns(({ conn, ipj }) => {
      const api = new LinkApi(conn);
      api.set("lo", { mtu: 65536 });
      expect((ipj("link", "show", "lo") as IpLink[])[0]!.mtu).toBe(65536);
      const e = refusal(() => api.set("v0", { mtu: 65536 }));
      expect([e.code, e.message]).toEqual(["EINVAL", expect.stringMatching(/mtu greater than device maximum/)]);
      const low = refusal(() => api.set("v0", { mtu: 67 }));
      expect(low.message).toMatch(/mtu less than device minimum/);
      expect(() => api.set("v0", { mtu: -1 })).toThrow(/^mtu: -1 is out of range/);
    }, { setup: [VETH] }));

  it("names follow dev_valid_name on UTF-8 bytes: U+2003 inside is accepted like the kernel does, 0xA0 inside 'à' is refused before any syscall", () =>
    inTempNetns(({ conn, ipj }) => {
      const api = new LinkApi(conn);
      api.add({ name: "a\u2003b", kind: "veth", peer: { name: "p\u2003q" } });
      expect((ipj("link", "show") as IpLink[]).map((l) => l.ifname)).toContain("a\u2003b");
      // the kernel's own verdict on the same bytes (ip leaves the check to it)
      expect(() => ipj("link", "add", "\u00e0x", "type", "veth", "peer", "name", "y0")).toThrow(/Invalid argument|not a valid|Error/);
      expect(() => api.add({ name: "\u00e0x", kind: "veth", peer: { name: "y0" } })).toThrow(TypeError);
      expect(() => api.add({ name: "\u00e0x", kind: "veth", peer: { name: "y0" } })).toThrow(/^name: "àx" is not a valid interface name/);
      for (const bad of ["a b", "a\tb", "a/b", "a:b", "0123456789abcdef", ""]) expect(() => api.add({ name: bad, kind: "veth" })).toThrow(/^name: /);
      expect(() => api.add({ name: "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", kind: "veth" })).toThrow(/1-15 bytes/);
    }));

  it("an alias after a %d name goes to the link the kernel made", () =>
    inTempNetns(({ conn, ipj }) => {
      const api = new LinkApi(conn);
      api.add({ name: "al%d", kind: "veth", alias: "uplink", peer: { name: "alpeer" } });
      const made = (ipj("link", "show") as IpLink[]).filter((l) => /^al\d+$/.test(l.ifname));
      expect(made.map((l) => [l.ifname, l.ifalias])).toEqual([["al0", "uplink"]]);
    }));
});
