/**
 * Requests with the added action kinds (vlan, ...) equal, byte for byte,
 * what tc 6.1 sent for the same command line (strace captures,
 * fixtures/tc/act-more-captures.ts; a kernel without the module refuses
 * after tc sent): once through bun-netlink-tc's parser, once through the
 * nl.tc call a library user writes for the same thing.
 */
import { ACT_MORE_CAPTURES } from "../../fixtures/tc/act-more-captures.ts";
import { LINKS, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { TcApi } from "../../lib/rtnl/tc/api.ts";
import { doAction } from "../../cli/tc/action.ts";
import { doFilter } from "../../cli/tc/commands.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";
import { fakeTcCtx } from "../helpers/tc-fake-ctx.ts";

const TYPES = [RTM_TC.NEWACTION, RTM_TC.NEWTFILTER];

const cli: Record<string, (conn: NetlinkConnection) => unknown> = {};
for (const c of ACT_MORE_CAPTURES) {
  cli[c.name] = (conn) => (c.args[0] === "filter" ? doFilter : doAction)(fakeTcCtx(conn, LINKS), c.args.slice(1));
}

describeIproute2Bytes("bun-netlink-tc added action kinds: requests equal tc 6.1's (strace captures)", {
  captures: ACT_MORE_CAPTURES, calls: cli, api: (conn) => conn, types: TYPES, links: LINKS, read: readTcCapture,
});

const u32Any = { sel: { flags: 1, keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] } };

describeIproute2Bytes<TcApi>("nl.tc added action kinds: requests equal tc 6.1's (strace captures)", {
  captures: ACT_MORE_CAPTURES,
  calls: {
    "tc-act-vlan-push": (t) => t.actions.add({ kind: "vlan", action: "push", id: 5, protocol: "802.1ad", priority: 3, verdict: "pass", index: 7 }),
    "tc-act-vlan-push-eth": (t) => t.actions.add({ kind: "vlan", action: "push_eth", dstMac: "02:00:00:00:00:01", srcMac: "02:00:00:00:00:02" }),
    "tc-act-vlan-u32": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 1, protocol: "ip", kind: "u32", options: { ...u32Any, actions: [{ kind: "vlan", action: "push", id: 5 }] } }),
    "tc-act-tunnel-key-set": (t) => t.actions.add({ kind: "tunnel_key", action: "set", srcIp: "192.0.2.1", dstIp: "192.0.2.2", id: 42, dstPort: 4789, csum: false, tos: 4, ttl: 64, index: 3 }),
    "tc-act-tunnel-key-geneve": (t) => t.actions.add({ kind: "tunnel_key", action: "set", srcIp: "2001:db8::1", dstIp: "2001:db8::2", geneveOpts: [{ class: 0x102, type: 0x80, data: "00880022" }, { class: 1, type: 2, data: "0102030405060708" }], verdict: "drop" }),
    "tc-act-csum": (t) => t.actions.add({ kind: "csum", update: ["iph", "tcp", "udp"], verdict: "pipe", index: 4 }),
    "tc-act-nat": (t) => t.actions.add({ kind: "nat", direction: "egress", old: "192.0.2.0/24", new: "198.51.100.1", index: 5 }),
    "tc-act-connmark-u32": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 1, protocol: "ip", kind: "u32", options: { ...u32Any, actions: [{ kind: "connmark", zone: 3, verdict: "pass" }] } }),
    "tc-act-ct-nat": (t) => t.actions.add({ kind: "ct", zone: 5, commit: true, mark: 0x42, markMask: 0xf0, nat: { type: "src", addr: "192.0.2.1", addrMax: "192.0.2.9", port: 1000, portMax: 2000 }, label: "0102", labelMask: "ff00", index: 9 }),
    "tc-act-ct-clear-u32": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 1, protocol: "ip", kind: "u32", options: { ...u32Any, actions: [{ kind: "ct", clear: true, verdict: "pass" }] } }),
    "tc-act-skbmod": (t) => t.actions.add({ kind: "skbmod", dmac: "02:00:00:00:00:01", etype: 0x800, swapMac: true, index: 3 }),
    "tc-act-sample": (t) => t.actions.add({ kind: "sample", rate: 100, group: 5, trunc: 128, verdict: "drop" }),
    "tc-act-mpls-push": (t) => t.actions.add({ kind: "mpls", action: "push", protocol: "mpls_mc", label: 20, tc: 3, ttl: 64, bos: 1 }),
    "tc-act-ctinfo-u32": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 1, protocol: "ip", kind: "u32", options: { ...u32Any, actions: [{ kind: "ctinfo", dscpMask: 0xfc000000, dscpStatemask: 0x01000000, cpmarkMask: 0xffffffff, zone: 4, verdict: "pass" }] } }),
    "tc-act-tunnel-key-unset-u32": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 1, protocol: "ip", kind: "u32", options: { ...u32Any, actions: [{ kind: "tunnel_key", action: "unset" }] } }),
    // pedit keys: val/mask are tc's network-order words read in host (little-endian) order
    "tc-act-pedit": (t) => t.actions.add({ kind: "pedit", keys: [{ off: 12, val: 0x010200c0, mask: 0, at: 0, offmask: 0, shift: 0 }, { off: 12, val: 0x3412, mask: 0xffff0000, at: 0, offmask: 0, shift: 0 }], verdict: "drop", index: 5 }),
    "tc-act-pedit-ex": (t) => t.actions.add({ kind: "pedit", keys: [{ off: 0, val: 2, mask: 0, at: 0, offmask: 0, shift: 0, htype: 1 }, { off: 4, val: 0x100, mask: 0xffff0000, at: 0, offmask: 0, shift: 0, htype: 1 }, { off: 8, val: 0xff, mask: 0xffffff00, at: 0, offmask: 0, shift: 0, htype: 2, cmd: 1 }], verdict: "pipe", index: 6 }),
    "tc-act-pedit-ex-u32": (t) => t.filters.add({ dev: "v0", parent: "ingress", pref: 1, protocol: "ip", kind: "u32", options: { ...u32Any, actions: [{ kind: "pedit", extended: true, keys: [{ off: 4, val: 0xff000000, mask: 0x00ffffff, at: 0, offmask: 0, shift: 0, htype: 3, cmd: 1 }] }] } }),
  },
  api: (conn) => new TcApi(conn), types: TYPES, links: LINKS, read: readTcCapture,
});
