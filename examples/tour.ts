// A tour of the typed API on a throwaway namespace (run as root: bun examples/tour.ts).
import { createNetns, deleteNetns, formatAddress, NetlinkError, openRtnl } from "bun-netlink";

const ns = `tour-${process.pid}`;
createNetns(ns); // like `ip netns add`: /run/netns/<ns>, visible to `ip netns list`
try {
  using nl = openRtnl({ netns: ns }); // the socket lives in that namespace
  nl.links.set("lo", { up: true });
  const v0 = nl.links.add({ name: "v0", kind: "veth", peer: { name: "v1" } }); // add returns the Link made
  nl.links.change({ ...v0, up: true, mtu: 9000 }); // a listed (or just made) link, edited, given back
  const br = nl.links.add({ name: "br%d", kind: "bridge", data: { stpState: 0 } }); // the kernel picks br0
  nl.links.change({ ...br, data: { forwardDelay: 500 } }); // kind options too, as `ip link set type bridge`
  const a4 = nl.addresses.add("v0", "192.0.2.1/24"); // the Address the kernel made
  nl.addresses.add("v0", "2001:db8::1/64", { flags: ["nodad"], validLft: 3600, preferredLft: 1800 });
  nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.254", metric: 10 });
  nl.routes.add({ dst: "203.0.113.0/24", dev: "v0", table: 1000 });

  console.log(v0.ifindex, v0.name, br.name, nl.links.get("v0").mtu); // one RTM_GETLINK by name, never a dump
  for (const a of nl.addresses.list({ link: "v0" })) process.stdout.write(formatAddress(a)); // as `ip addr` prints it
  for (const r of nl.routes.list({ table: "all", family: 4 })) console.log(r.table, r.dst, r.ifindex, r.gateway ?? "");
  console.log(nl.routes.get("198.51.100.7")); // like `ip route get`

  // Output is valid input: what list() returns deletes or replaces exactly that object.
  const route = nl.routes.list().find((r) => r.dst === "198.51.100.0/24")!;
  nl.routes.replace(route); // unchanged: changes nothing

  try {
    nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.254", metric: 10 });
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
    console.log(e.code, e.message); // EEXIST, with the kernel's extended ACK text when it sends one
  }
  nl.addresses.delete(a4); // exactly that address (its routes go with it)
} finally {
  deleteNetns(ns);
}
