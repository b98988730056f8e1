// Events: a subscription and a list-then-subscribe watch (run as root: bun examples/events.ts).
import { createNetns, deleteNetns, openRtnl, subscribe, watch } from "bun-netlink";

const ns = `events-${process.pid}`;
createNetns(ns);
try {
  using nl = openRtnl({ netns: ns });
  const stop = new AbortController();
  const sub = subscribe({ netns: ns, families: ["link", "address"], signal: stop.signal });
  await sub.ready; // the worker thread has opened the socket and joined the groups
  await using w = watch({ netns: ns }); // subscribes first, then dumps: w.tables always equals the kernel
  await w.ready;

  nl.links.add({ name: "v0", kind: "veth", peer: { name: "v1" }, up: true });
  nl.addresses.add("v0", "192.0.2.1/24");

  for await (const ev of sub) { // waiting happens on a worker thread: the event loop stays free
    if (ev.kind === "overrun") continue; // ENOBUFS is reported, never silent
    if (ev.kind === "new" && ev.family === "address") {
      console.log("address event:", ev.object.local, "on link", ev.object.ifindex);
      stop.abort(); // ends the loop and closes the socket
    }
  }
  await new Promise((r) => setTimeout(r, 50)); // let the watch apply what it received
  console.log("watched links:", [...w.tables.links.values()].map((l) => l.name).sort());
} finally {
  deleteNetns(ns);
}
