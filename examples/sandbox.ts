// The namespace manager, osl-style (run as root: bun examples/sandbox.ts).
import { createNetns, deleteNetns, openRtnl, SandboxManager } from "bun-netlink";

// A throwaway "host" namespace stands in for the machine's own.
const host = `sbhost-${process.pid}`;
const hostPath = createNetns(host);
try {
  using nl = openRtnl({ netns: host });
  nl.links.add({ name: `h${process.pid % 1e5}`, kind: "veth", peer: { name: `c${process.pid % 1e5}` } });

  await using mgr = new SandboxManager({ basePath: "/run/netns", hostNetns: hostPath });
  const sb = mgr.create(mgr.generateKey(`ex${process.pid}-container`)); // lo up, IPv6 off by default
  sb.addInterface(`c${process.pid % 1e5}`, "eth", { address: "192.0.2.10/24", addressIPv6: "2001:db8::10/64" });
  sb.setGateway("192.0.2.1");
  sb.addStaticRoute({ destination: "198.51.100.0/24", nextHop: "192.0.2.2" });
  sb.addNeighbour("192.0.2.2", "02:42:c0:00:02:02", { linkName: `c${process.pid % 1e5}` });
  console.log(sb.interfaces(), sb.gateway(), sb.staticRoutes());
  console.log(sb.statistics(`c${process.pid % 1e5}`));
  sb.destroy(); // unmount (MNT_DETACH), path goes to the garbage list; `await using` collects it
} finally {
  deleteNetns(host);
}
