/**
 * The bun-netlink library contender: the same workloads as the C floor
 * (bench/floor/), through the library's typed API in-process. The
 * runner starts it inside the benchmark namespace with `ip netns exec`
 * (netns-cycle runs where it is started and makes its own namespaces).
 *
 *   bun bench/contenders/ours.ts MODE N [ARG]
 *
 * For route-add/route-del N is the route batch file (bench/lib/route-sets.ts),
 * for route-dump/route-stream the family (4 or 6).
 *
 * Inputs (route specs, names) are built before the clock starts; the
 * connection is already open. Output: one JSON line like the C floor's
 * (maxrss is VmHWM), plus `minflt`, the minor page faults of the timed part
 * (the runner ignores it; docs/BENCHMARKS.md reads it by hand), and
 * `hwmBefore`/`hwmAfter` for route-stream.
 */
import { readFileSync } from "node:fs";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { createNetns, deleteNetns } from "../../lib/netns/manage.ts";
import { openSocketInNetns } from "../../lib/netns/run.ts";
import { AddressApi } from "../../lib/rtnl/address/api.ts";
import { resolveIndex } from "../../lib/rtnl/shared/ifindex.ts";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { RouteApi, type RouteSpec } from "../../lib/rtnl/route/api.ts";
import { routeRequestCodec } from "../../codecs/route/message.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import type { BatchRequest } from "../../lib/conn/connection.ts";
import { ADDR_PREFIX_LEN, addrText, warmAddrText } from "../lib/addresses.ts";
import { readRouteFile, tableOf } from "../lib/route-file.ts";

const [mode, nArg, arg = ""] = process.argv.slice(2);
if (mode === undefined || nArg === undefined) {
  console.error("usage: bun bench/contenders/ours.ts MODE N [ARG]");
  process.exit(2);
}
const n = Number(nArg);

/** RTM_DELROUTE for a prefix in `table`, as `ip route del PREFIX [table T]` sends it: ids above 255 go in RTA_TABLE (header 0). */
function delRoute(prefix: string, table: number): BatchRequest {
  const big = table >= 256;
  const [dst, len] = prefix.split("/") as [string, string | undefined];
  const v6 = dst.includes(":");
  return {
    type: RTM.DELROUTE, flags: 0, codec: routeRequestCodec,
    msg: { family: v6 ? 10 : 2, dstLen: len === undefined ? (v6 ? 128 : 32) : Number(len), table: big ? 0 : table, protocol: 0, scope: 255, type: 0, attrs: big ? { dst, table } : { dst } },
  };
}

/** Minor page faults of this process so far (field 10 of /proc/self/stat). */
function minorFaults(): number {
  const s = readFileSync("/proc/self/stat", "utf8");
  return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[7]);
}

/** VmHWM (peak resident set) of this process in bytes. */
function vmHwm(): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

const conn = mode === "netns-cycle" ? undefined : new NetlinkConnection(KernelTransport.open());
/** route-add/route-del: the routes of the workload's batch file (N is the file's path). */
const fileRoutes = mode === "route-add" || mode === "route-del" ? readRouteFile(nArg) : [];
/** The file's first 1,000 routes in tables 240 + k / 512: the untimed warm-up's (as in bench/floor/routes.c). */
const warmRoutes = fileRoutes.slice(0, 1000).map((r, k) => ({ ...r, table: 240 + Math.floor(k / 512) }));
let prepared: unknown;
if (mode === "route-add") prepared = fileRoutes;
// No typed bulk delete exists: the connection's pipelined batch with the route codec, as RouteApi.flush sends it.
if (mode === "route-del") prepared = fileRoutes.map((r) => delRoute(r.dst, tableOf(r)));
/** route-dump/route-stream: the family to dump (ARG... N is 4 or 6). */
const dumpFamily = nArg === "6" ? 6 : 4;
const names: string[] = [];
if (mode === "veth-add" || mode === "veth-del") for (let i = 0; i < n; i++) names.push(`a${i}`);
const cidrs: string[] = [];
if (mode === "addr-add") for (let i = 0; i < n; i++) cidrs.push(`${addrText(i)}/${ADDR_PREFIX_LEN}`);
/** Every address is added without duplicate address detection (IFA_F_NODAD), as by the other contenders. */
const NODAD = { flags: ["nodad"] };

/**
 * Untimed warm-up, the same in every self-timing contender (see bench/floor/main.c):
 * a small run of the same operation, undone before the clock starts. The
 * library is meant to live in long-running processes, where its JIT is
 * warm; the CLI rows show the cold start.
 */
function warmUp(): void {
  const c = conn;
  switch (mode) {
    case "route-add":
    case "route-del": {
      const add = new RouteApi(c!).addMany(warmRoutes);
      const del = c!.batch(warmRoutes.map((r) => delRoute(r.dst, tableOf(r))));
      if (add.errors.length + del.errors.length > 0) throw new Error("warm-up: route errors");
      break;
    }
    case "route-dump": new RouteApi(c!).list({ family: dumpFamily, table: "all" }); break;
    // Only the first datagram: a whole warm-up stream would already have raised VmHWM to the peak being measured.
    case "route-stream": for (const _ of new RouteApi(c!).iterate({ family: dumpFamily, table: "all" })) break; break;
    case "link-dump": new LinkApi(c!).list(); break;
    case "addr-dump": new AddressApi(c!).list({ family: 6 }); break;
    case "addr-add": {
      const a = new AddressApi(c!);
      const index = resolveIndex(c!, arg);
      for (let i = 0; i < 100; i++) a.add(index, `${warmAddrText(i)}/${ADDR_PREFIX_LEN}`, NODAD);
      for (let i = 99; i >= 0; i--) a.delete(index, `${warmAddrText(i)}/${ADDR_PREFIX_LEN}`);
      break;
    }
    case "veth-add":
    case "veth-del": {
      const l = new LinkApi(c!);
      for (let i = 0; i < 10; i++) l.add({ name: `w${i}`, kind: "veth", peer: { name: `x${i}` } });
      for (let i = 0; i < 10; i++) l.delete(`w${i}`);
      break;
    }
    case "link-get": {
      const l = new LinkApi(c!);
      for (let i = 0; i < 1000; i++) l.get(arg);
      break;
    }
    case "link-index": for (let i = 0; i < 1000; i++) resolveIndex(c!, arg); break;
    case "netns-cycle":
      for (let i = 0; i < 3; i++) {
        const name = `${arg}w${i}`;
        createNetns(name);
        try {
          using w = new NetlinkConnection(new KernelTransport(openSocketInNetns(name, 0)));
          new LinkApi(w).set("lo", { up: true });
        } finally {
          deleteNetns(name);
        }
      }
      break;
  }
}

let count = 0;
let errors = 0;
let hwmBefore = 0;
let hwmAfter = 0;
warmUp();
if (mode === "route-stream") hwmBefore = vmHwm();

const flt0 = minorFaults();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
switch (mode) {
  case "route-add": {
    const r = new RouteApi(conn!).addMany(prepared as RouteSpec[]);
    count = r.ok;
    errors = r.errors.length;
    break;
  }
  case "route-del": {
    const r = conn!.batch(prepared as BatchRequest[]);
    count = r.ok;
    errors = r.errors.length;
    break;
  }
  case "route-dump":
    count = new RouteApi(conn!).list({ family: dumpFamily, table: "all" }).length;
    break;
  case "route-stream":
    for (const _ of new RouteApi(conn!).iterate({ family: dumpFamily, table: "all" })) count++;
    break;
  case "link-dump":
    count = new LinkApi(conn!).list().length;
    break;
  case "addr-dump":
    count = new AddressApi(conn!).list({ family: 6 }).length;
    break;
  case "addr-add": {
    const addrs = new AddressApi(conn!);
    const index = resolveIndex(conn!, arg);
    for (const c of cidrs) {
      try {
        addrs.add(index, c, NODAD);
        count++;
      } catch {
        errors++;
      }
    }
    break;
  }
  case "veth-add": {
    const links = new LinkApi(conn!);
    for (let i = 0; i < n; i++) {
      try {
        links.add({ name: names[i]!, kind: "veth", peer: { name: `b${i}` } });
        count++;
      } catch {
        errors++;
      }
    }
    break;
  }
  case "veth-del": {
    const links = new LinkApi(conn!);
    for (const name of names) {
      try {
        links.delete(name);
        count++;
      } catch {
        errors++;
      }
    }
    break;
  }
  case "link-get": {
    const links = new LinkApi(conn!);
    for (let i = 0; i < n; i++) if (links.get(arg).attrs.ifname === arg) count++;
    else errors++;
    break;
  }
  case "link-index":
    for (let i = 0; i < n; i++) if (resolveIndex(conn!, arg) > 0) count++;
    else errors++;
    break;
  case "netns-cycle":
    for (let i = 0; i < n; i++) {
      const name = `${arg}${i}`;
      createNetns(name);
      try {
        using c = new NetlinkConnection(new KernelTransport(openSocketInNetns(name, 0)));
        new LinkApi(c).set("lo", { up: true });
        count++;
      } catch {
        errors++;
      } finally {
        deleteNetns(name);
      }
    }
    break;
  default:
    console.error(`ours: unknown mode ${mode}`);
    process.exit(2);
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const minflt = minorFaults() - flt0;
if (mode === "route-stream") hwmAfter = vmHwm();
conn?.close();
const out: Record<string, number> = {
  seconds, user: cpu.user / 1e6, sys: cpu.system / 1e6, maxrss: vmHwm(), minflt, count, errors,
};
if (mode === "route-stream") Object.assign(out, { hwmBefore, hwmAfter });
console.log(JSON.stringify(out));
