#!/usr/bin/env bun
/**
 * `npm start`: a tour of bun-netlink on throwaway namespaces.
 *
 * A "host" namespace stands in for the machine (the real root namespace is
 * never touched). Two sandboxes are made with the namespace manager:
 *   - "a" gets one end of a veth pair (198.51.100.1/24, 2001:db8:1::1/64)
 *     and a default gateway 198.51.100.2;
 *   - "b" gets the other end (198.51.100.2/24) and a bridge (203.0.113.1/24)
 *     with two veth ports.
 * It prints each sandbox's links, addresses and routes, asks the kernel for
 * a route lookup from each side (RTM_GETROUTE), sends traffic across (ping,
 * or UDP answered by ICMP where ping is missing), and removes
 * everything at the end, also on error or Ctrl-C.
 */
import { writeFileSync } from "node:fs";
import { createNetns, deleteNetns } from "../netns/manage.ts";
import { execInNetns } from "../netns/exec.ts";
import { openRtnl, type Rtnl } from "../rtnl/rtnl.ts";
import { SandboxManager } from "../sandbox/manager.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { describeNamespace } from "./state.ts";
import { table } from "./table.ts";

if (process.getuid?.() !== 0) {
  console.error("npm start needs root: it creates network namespaces (CAP_SYS_ADMIN) and configures links in them (CAP_NET_ADMIN).\nRun it as root, e.g. `sudo npm start`.");
  process.exit(1);
}

const tag = `bnl-demo-${process.pid}`;
const hostName = `${tag}-host`;
const cleanups: Array<() => void | Promise<void>> = [];

async function cleanup(): Promise<void> {
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (e) {
      console.error(`cleanup: ${(e as Error).message}`);
    }
  }
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}

function lookup(nl: Rtnl, dst: string, names: Map<number, string>): Record<string, string | undefined> {
  const r = nl.routes.get(dst);
  return { lookup: dst, dst: r.dst, via: r.gateway, dev: r.ifindex === undefined ? undefined : names.get(r.ifindex), src: r.prefsrc };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const hostPath = createNetns(hostName);
  cleanups.push(() => deleteNetns(hostName));

  // The host side: veth pairs that the sandboxes will take over.
  using host = openRtnl({ netns: hostName });
  host.links.set("lo", { up: true });
  const n = (s: string) => `bd${process.pid % 100000}${s}`; // host-side link names, unique per run
  host.links.add({ name: n("a"), kind: "veth", peer: { name: n("b") } });
  host.links.add({ name: n("p1"), kind: "veth", peer: { name: n("q1") } });
  host.links.add({ name: n("p2"), kind: "veth", peer: { name: n("q2") } });

  const mgr = new SandboxManager({ basePath: "/run/netns", hostNetns: hostPath, gcPeriodMs: 60_000 });
  cleanups.push(() => mgr[Symbol.asyncDispose]());
  const sandboxes: Sandbox[] = [];
  cleanups.push(() => {
    for (const sb of sandboxes) sb.destroy();
  });
  const a = mgr.create(mgr.generateKey(`a${process.pid}-demo`));
  sandboxes.push(a);
  const b = mgr.create(mgr.generateKey(`b${process.pid}-demo`));
  sandboxes.push(b);

  // Sandbox a: one leg of the link, with a default gateway through b.
  a.addInterface(n("a"), "eth", { address: "198.51.100.1/24", addressIPv6: "2001:db8:1::1/64" });
  a.setGateway("198.51.100.2");
  // Sandbox b: the other leg, and a bridge with two ports.
  b.addInterface(n("b"), "eth", { address: "198.51.100.2/24", addressIPv6: "2001:db8:1::2/64" });
  b.addInterface(`${n("br")}`, "br", { bridge: true, address: "203.0.113.1/24" });
  b.addInterface(n("p1"), "port", { master: n("br") });
  b.addInterface(n("p2"), "port", { master: n("br") });
  b.run(() => writeFileSync("/proc/sys/net/ipv4/ip_forward", "1")); // b routes between its legs

  using nla = openRtnl({ netns: a.key });
  using nlb = openRtnl({ netns: b.key });
  console.log(describeNamespace(`sandbox a (${a.key})`, nla));
  console.log(describeNamespace(`sandbox b (${b.key})`, nlb));
  const recorded = (name: string, sb: Sandbox) => sb.interfaces().map((i) => ({
    sandbox: name, src: i.srcName, dst: i.dstName, bridge: i.bridge ? "yes" : "", master: i.dstMaster, address: i.address,
  }));
  console.log(table("interfaces recorded by the manager", [...recorded("a", a), ...recorded("b", b)]));

  const namesA = new Map(nla.links.list().map((l) => [l.ifindex, l.attrs.ifname ?? ""]));
  const namesB = new Map(nlb.links.list().map((l) => [l.ifindex, l.attrs.ifname ?? ""]));
  console.log(table("route lookups (RTM_GETROUTE)", [
    { from: "a", ...lookup(nla, "203.0.113.1", namesA) },
    { from: "a", ...lookup(nla, "2001:db8:1::2", namesA) },
    { from: "b", ...lookup(nlb, "198.51.100.1", namesB) },
  ]));

  console.log(`${trafficCheck(a.key)}\n`);

  for (const sb of sandboxes.splice(0)) sb.destroy();
  await mgr.gc();
  console.log(`destroyed both sandboxes and collected their paths; total ${(performance.now() - t0).toFixed(0)} ms (the host namespace goes next)`);
}

/**
 * Run by this runtime inside a sandbox where ping is missing: UDP datagrams to port 9 of 203.0.113.1, where
 * nothing listens, so b answers with ICMP port unreachable, which the connected socket reports as
 * ECONNREFUSED: the path there and back works. Prints the error code, or "no answer" after 1.5 s.
 */
const UDP_PROBE = `const s = require("node:dgram").createSocket("udp4");
const timers = [];
let done = false;
const finish = (m) => { if (!done) { done = true; console.log(m); timers.forEach(clearTimeout); try { s.close(); } catch {} } };
s.on("error", (e) => finish(e.code ?? e.message));
s.connect(9, "203.0.113.1", (err) => {
  if (err) return finish(err.code ?? err.message);
  for (let i = 0; i < 3; i++) timers.push(setTimeout(() => { if (!done) s.send(new Uint8Array(1), (e) => { if (e) finish(e.code ?? e.message); }); }, i * 100));
  timers.push(setTimeout(() => finish("no answer"), 1500));
});`;

/** Traffic from sandbox `ns` (a) to b's bridge address through the gateway: ping where it is installed, else the UDP probe. */
function trafficCheck(ns: string): string {
  if (Bun.which("ping")) {
    const ping = execInNetns(ns, ["ping", "-c", "1", "-W", "1", "203.0.113.1"], { timeoutMs: 5000 });
    return `ping from a to b's bridge address 203.0.113.1 through the gateway: ${ping.exitCode === 0 ? "ok" : `failed (exit ${ping.exitCode}) ${ping.stderr.trim()}`}`;
  }
  const r = execInNetns(ns, [process.execPath, "-e", UDP_PROBE], { timeoutMs: 5000 });
  const got = r.stdout.trim();
  const verdict = got === "ECONNREFUSED" ? "ok (b answered with ICMP port unreachable)" : `failed: ${got || r.stderr.trim() || `exit ${r.exitCode}`}`;
  return `UDP from a to b's bridge address 203.0.113.1 through the gateway (ping is not installed here): ${verdict}`;
}

try {
  await main();
} catch (e) {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
