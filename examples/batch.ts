// Pipelined batches and streaming dumps (run as root: bun examples/batch.ts).
import { createNetns, deleteNetns, openRtnl } from "bun-netlink";

const ns = `batch-${process.pid}`;
createNetns(ns);
try {
  using nl = openRtnl({ netns: ns, rcvbuf: 8 << 20 });
  nl.links.add({ name: "v0", kind: "veth", peer: { name: "v1" }, up: true });
  nl.addresses.add("v0", "192.0.2.1/24");

  // 10,000 routes, many requests per sendmsg, every ACK checked; request 5 repeats request 1.
  const specs = Array.from({ length: 10_000 }, (_, i) => ({
    dst: `198.51.${100 + ((i === 5 ? 1 : i) >> 8)}.${(i === 5 ? 1 : i) & 255}/32`,
    gateway: "192.0.2.254",
  }));
  const result = nl.routes.addMany(specs);
  console.log(result.ok, result.errors.map((e) => `#${e.index}: ${e.error.code}`)); // 9999 [ "#5: EEXIST" ]

  // A streaming dump keeps memory flat however many routes there are.
  let n = 0;
  for (const r of nl.routes.iterate({ table: "main" })) if (r.gateway === "192.0.2.254") n++;
  console.log(n, "routes via 192.0.2.254");
} finally {
  deleteNetns(ns);
}
