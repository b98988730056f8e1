/**
 * Seeded random namespace configurations for the state kernel tests, as
 * `ip -batch` lines: veth pairs, bridges with ports, IPv4/IPv6 addresses,
 * routes in several tables (gateway, device, blackhole/unreachable, IPv6,
 * IPv6 of one prefix on two devices),
 * nexthops and a group, permanent neighbours, rules, and a few sysctls.
 * Only 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32,
 * inside throwaway namespaces.
 */
import { Prng } from "../helpers/prng.ts";

/** A configuration: links first, the rest once the links have their carrier (nexthops need it). */
export interface RandomConfig {
  links: string[];
  rest: string[];
  /** Lines for `ip -6 -batch` (a batch line cannot say -6). */
  rest6: string[];
  sysctls: Record<string, string>;
}

/** A random configuration from `seed`. */
export function randomConfig(seed: number): RandomConfig {
  const rng = new Prng(seed);
  const links: string[] = [], rest: string[] = [], rest6: string[] = [];
  const sysctls: Record<string, string> = {};
  const upLinks = new Set<string>(); // routes need their device up
  if (rng.chance(0.7)) { links.push("link set lo up"); upLinks.add("lo"); }
  const pairs = 1 + rng.below(3);
  const bridges = rng.below(3);
  const carrier: string[] = []; // links with a carrier (both veth ends up, or a bridge with such a port)
  const addressable: string[] = [];
  for (let b = 0; b < bridges; b++) links.push(`link add br${b} type bridge${rng.chance(0.4) ? ` priority ${rng.int(1, 60000)}` : ""}`);
  const portsOf = new Map<number, string[]>();
  for (let i = 0; i < pairs; i++) {
    const up = rng.chance(0.85);
    const mtu = rng.pick([1280, 1400, 1500, 9000]);
    links.push(`link add a${i} ${rng.chance(0.5) ? `mtu ${mtu} ` : ""}type veth peer name b${i}`);
    if (rng.chance(0.3)) links.push(`link set b${i} alias peer-of-a${i}`);
    if (rng.chance(0.2)) links.push(`link set a${i} txqueuelen ${rng.pick([100, 500, 2000])}`);
    if (up) { links.push(`link set a${i} up`, `link set b${i} up`); upLinks.add(`a${i}`).add(`b${i}`); }
    else if (rng.chance(0.5)) { links.push(`link set b${i} up`); upLinks.add(`b${i}`); }
    if (bridges > 0 && rng.chance(0.6)) {
      const b = rng.below(bridges);
      links.push(`link set a${i} master br${b}`);
      portsOf.set(b, [...(portsOf.get(b) ?? []), up ? `a${i}` : ""]);
    } else {
      addressable.push(`a${i}`);
      if (up) carrier.push(`a${i}`);
    }
    addressable.push(`b${i}`);
    if (up) carrier.push(`b${i}`);
  }
  for (let b = 0; b < bridges; b++) {
    links.push(`link set br${b} up`);
    upLinks.add(`br${b}`);
    if (rng.chance(0.3)) links.push(`link set br${b} mtu 1280`);
    addressable.push(`br${b}`);
    if ((portsOf.get(b) ?? []).some((p) => p !== "")) carrier.push(`br${b}`);
  }
  // Addresses: one subnet per address (no secondaries), host .1; IPv6 without DAD.
  let net = 0;
  const subnets: Array<{ dev: string; net: number }> = [];
  for (const dev of addressable) {
    for (let n = rng.below(3); n > 0; n--) {
      const x = net++;
      rest.push(`addr add 198.18.${x}.1/24 dev ${dev}${rng.chance(0.2) ? " noprefixroute" : ""}`);
      if (!rest[rest.length - 1]!.includes("noprefixroute")) subnets.push({ dev, net: x });
    }
    if (rng.chance(0.5)) rest.push(`addr add 2001:db8:${net++}::1/64 dev ${dev} nodad`);
  }
  // Nexthops on links with a carrier, then a group of them.
  const nhs: number[] = [];
  const withCarrier = subnets.filter((s) => carrier.includes(s.dev));
  for (let i = 0; i < Math.min(withCarrier.length, rng.below(4)); i++) {
    const s = withCarrier[i]!;
    rest.push(`nexthop add id ${i + 1} via 198.18.${s.net}.${rng.int(2, 250)} dev ${s.dev}`);
    nhs.push(i + 1);
  }
  if (nhs.length >= 2) rest.push(`nexthop add id 50 group ${nhs.map((id) => `${id}${rng.chance(0.5) ? `,${rng.int(2, 9)}` : ""}`).join("/")}`);
  // Routes in several tables: destinations are /28s of the two documentation /24s.
  const upSubnets = subnets.filter((x) => upLinks.has(x.dev));
  const upDevs = [...upLinks];
  const tables = ["main", "100", "200", "1000"];
  for (let i = 0, n = rng.below(8); i < n; i++) {
    const dst = `${rng.pick(["198.51.100", "203.0.113"])}.${16 * i}/28`;
    const table = rng.pick(tables);
    const metric = rng.chance(0.3) ? ` metric ${rng.int(1, 500)}` : "";
    const k = rng.below(5);
    if (k === 0 && upSubnets.length > 0) { const s = rng.pick(upSubnets); rest.push(`route add ${dst} via 198.18.${s.net}.254 table ${table}${metric}`); }
    else if (k === 1 && upDevs.length > 0) rest.push(`route add ${dst} dev ${rng.pick(upDevs)} table ${table}${metric}`);
    else if (k === 2) rest.push(`route add ${rng.pick(["blackhole", "unreachable", "prohibit"])} ${dst} table ${table}${metric}`);
    else if (k === 3 && nhs.length > 0) rest.push(`route add ${dst} nhid ${rng.chance(0.5) && nhs.length >= 2 ? 50 : rng.pick(nhs)} table ${table}`);
    else rest.push(`route add throw ${dst} table ${table}${metric}`);
  }
  const v6 = rest.filter((l) => l.startsWith("addr add 2001:db8:")).map((l) => /2001:db8:(\d+)::1\/64 dev (\S+)/.exec(l)!).filter((m) => upLinks.has(m[2]!));
  for (let i = 0; i < Math.min(v6.length, rng.below(3)); i++) rest.push(`route add 2001:db8:ff${i}::/48 via 2001:db8:${v6[i]![1]}::fe dev ${v6[i]![2]} table ${rng.pick(tables)}`);
  // Permanent neighbours in connected subnets.
  for (let i = 0; i < Math.min(upSubnets.length, rng.below(3)); i++) {
    const s = upSubnets[i]!;
    rest.push(`neigh add 198.18.${s.net}.${200 + i} lladdr 02:00:00:00:${(16 + i).toString(16)}:01 dev ${s.dev} nud permanent`);
  }
  // Rules with distinct priorities.
  for (let i = 0, n = rng.below(4); i < n; i++) {
    const sel = rng.pick([`from 198.18.${i}.0/24`, `to 203.0.113.${16 * i}/28`, `fwmark ${i + 1}`, `fwmark ${i + 1}/0xff`, `iif lo`]);
    rest.push(`rule add ${sel} table ${rng.pick(["100", "200", "1000"])} priority ${100 + 10 * i}`);
  }
  if (rng.chance(0.5)) rest6.push(`rule add from 2001:db8::/32 table 100 priority 500`);
  // Sysctls.
  if (rng.chance(0.5)) sysctls["net.ipv4.ip_forward"] = "1";
  if (rng.chance(0.4)) sysctls["net.ipv6.conf.all.forwarding"] = "1";
  for (const dev of addressable) if (rng.chance(0.3)) sysctls[`net.ipv4.conf.${dev}.rp_filter`] = String(rng.int(1, 2));
  // IPv6 routes of one prefix and metric on two devices (two routes for the kernel; drawn last so that
  // the configurations of earlier seeds stay as they were apart from these).
  const up6 = upDevs.filter((d) => d !== "lo");
  if (up6.length >= 2 && rng.chance(0.4)) {
    const metric = rng.chance(0.5) ? ` metric ${rng.int(1, 500)}` : "";
    const [x, y] = [rng.pick(up6), rng.pick(up6)];
    if (x !== y) rest.push(`route append 2001:db8:fe::/48 dev ${x}${metric}`, `route append 2001:db8:fe::/48 dev ${y}${metric}`);
  }
  return { links, rest, rest6, sysctls };
}
