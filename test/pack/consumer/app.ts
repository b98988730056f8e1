// A consumer program of the packed tarball, compiled with `bun build --compile` by
// test/pack/consumer.test.ts and run as root: usage  app <namespace> <runs-file>
// It appends its pid to <runs-file> each time its own code starts (a second line
// would mean execInNetns ran the host program), creates the namespace, receives a
// link event from subscribe(), runs `ip` inside through execInNetns, removes the
// namespace and prints one JSON line. Between, it adds 5,000 routes (198.18.0.0/15, the
// benchmarking block, inside the namespace only) and lists them: a dump long enough to be
// read ahead, by the io_uring engine where this process can have one.
import { appendFileSync } from "node:fs";
import { createNetns, deleteNetns, execInNetns, KernelTransport, openRtnl, subscribe } from "bun-netlink";
import { splitMessages } from "bun-netlink/codecs";

const [ns, runsFile] = process.argv.slice(2);
if (ns === undefined || runsFile === undefined) throw new Error("usage: app <namespace> <runs-file>");
appendFileSync(runsFile, `${process.pid}\n`);

createNetns(ns);
try {
  const stop = new AbortController();
  const sub = subscribe({ netns: ns, families: ["link"], signal: stop.signal });
  await sub.ready;
  using nl = openRtnl({ netns: ns });
  nl.links.add({ name: "pk0", kind: "veth", peer: { name: "pk1" } });
  let event = "";
  const timer = setTimeout(() => stop.abort(), 10_000);
  for await (const ev of sub) {
    if (ev.kind === "new" && ev.family === "link") {
      event = `${ev.kind} ${ev.family}`;
      stop.abort();
    }
  }
  clearTimeout(timer);
  nl.links.set("pk0", { up: true });
  const added = nl.routes.addMany(Array.from({ length: 5000 }, (_, i) => ({ dst: `198.18.${i >> 8}.${i & 255}/32`, dev: "pk0" })));
  const routes = nl.routes.list({ table: "main" }).filter((r) => r.dst?.startsWith("198.18.")).length;
  const readAhead = (nl.conn.transport as KernelTransport).readAheadEngine ?? "none";
  const ip = execInNetns(ns, ["ip", "-j", "link", "show"]);
  const names = (JSON.parse(ip.stdout) as { ifname: string }[]).map((l) => l.ifname).sort();
  console.log(JSON.stringify({ event, exitCode: ip.exitCode, names, codecs: typeof splitMessages, added: added.ok, routes, readAhead }));
} finally {
  deleteNetns(ns);
}
