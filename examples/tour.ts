// A tour of the typed API on a throwaway namespace (run as root: bun examples/tour.ts).
import { createNetns, deleteNetns, NetlinkError, openRtnl } from "bun-netlink";

const ns = `tour-${process.pid}`;
createNetns(ns); // like `ip netns add`: /run/netns/<ns>, visible to `ip netns list`
try {
  using nl = openRtnl({ netns: ns }); // the socket lives in that namespace
  nl.links.set("lo", { up: true });
  nl.links.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
  nl.links.set("v0", { up: true, mtu: 9000 });
  nl.addresses.add("v0", "192.0.2.1/24");
  nl.addresses.add("v0", "2001:db8::1/64", { flags: ["nodad"], validLft: 3600, preferredLft: 1800 });
  nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.254", metric: 10 });
  nl.routes.add({ dst: "203.0.113.0/24", dev: "v0", table: 1000 });

  const v0 = nl.links.get("v0"); // one RTM_GETLINK by name, never a dump
  console.log(v0.ifindex, v0.name, v0.flags, v0.mtu, v0.kind);
  for (const a of nl.addresses.list({ link: "v0" })) console.log(`${a.local}/${a.prefixlen}`, a.scope, a.flags);
  for (const r of nl.routes.list({ table: "all", family: 4 })) console.log(r.table, r.dst, r.gateway ?? "");
  console.log(nl.routes.get("198.51.100.7")); // like `ip route get`

  try {
    nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.254", metric: 10 });
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
    console.log(e.code, e.message); // EEXIST, with the kernel's extended ACK text when it sends one
  }
} finally {
  deleteNetns(ns);
}
