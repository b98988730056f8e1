/**
 * Differential test (root): random link configurations of every kind this
 * kernel supports (veth, bridge with ports, macvlan, macvtap, vxlan, ifb),
 * then `bun-netlink -n NS [-j|-d|-br|-o] link show` must print what
 * `ip -n NS ...` prints. The seed is printed on failure (CLI_SEED=N reruns).
 */
import { afterAll, beforeAll, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { expectSame, ipOk, ip, Rng, runSeed } from "./helpers.ts";

const CONFIGS = Number(process.env.CLI_CONFIGS ?? 50);

/** ip commands (batch lines) for one random link configuration. */
export function randomLinks(r: Rng): string[] {
  const lines: string[] = [];
  const names: string[] = [];
  const bridges: string[] = [];
  const lowers: string[] = [];
  const n = r.int(1, 6);
  for (let i = 0; i < n; i++) {
    const kind = r.pick(["veth", "veth", "bridge", "macvlan", "macvtap", "vxlan", "ifb"]);
    const name = `${kind.slice(0, 2)}${i}`;
    let opts = "";
    if (r.chance(0.3)) opts += ` mtu ${r.int(1280, 1500)}`;
    if (r.chance(0.3)) opts += ` address ${r.mac()}`;
    if (r.chance(0.2)) opts += ` txqueuelen ${r.int(0, 2000)}`;
    let tail = "";
    if (kind === "veth") {
      tail = ` type veth peer name ${name}p`;
      if (r.chance(0.3)) tail += ` address ${r.mac()}`;
      if (r.chance(0.2)) tail += ` mtu ${r.int(1280, 1500)}`;
      lowers.push(name, `${name}p`);
      names.push(`${name}p`);
    } else if (kind === "bridge") {
      tail = " type bridge";
      if (r.chance(0.5)) tail += ` forward_delay ${r.int(200, 3000)}`;
      if (r.chance(0.3)) tail += ` hello_time ${r.int(100, 1000)}`;
      if (r.chance(0.3)) tail += ` max_age ${r.int(600, 4000)}`;
      if (r.chance(0.3)) tail += ` ageing_time ${r.int(1000, 100000)}`;
      if (r.chance(0.3)) tail += ` priority ${r.int(0, 65535)}`;
      if (r.chance(0.2)) tail += ` group_fwd_mask ${r.pick([0, 8, 0x4000])}`;
      if (r.chance(0.2)) tail += ` mcast_snooping ${r.int(0, 1)}`;
      if (r.chance(0.2)) tail += ` mcast_router ${r.int(0, 2)}`;
      bridges.push(name);
    } else if (kind === "macvlan" || kind === "macvtap") {
      if (lowers.length === 0) continue;
      const mode = r.pick(["private", "vepa", "bridge", "passthru", "source"]);
      tail = ` link ${r.pick(lowers)} type ${kind} mode ${mode}`;
      if (r.chance(0.3)) tail += ` bcqueuelen ${r.int(0, 5000)}`;
    } else if (kind === "vxlan") {
      tail = ` type vxlan id ${r.int(1, 16000000)} dstport ${r.pick([0, 4789, 8472, r.int(1024, 65535)])}`;
      const remote = r.int(0, 3);
      if (remote === 1) tail += ` remote 192.0.2.${r.int(1, 254)}`;
      else if (remote === 2) tail += ` group 239.1.${r.int(0, 255)}.${r.int(1, 254)}${lowers.length ? ` dev ${r.pick(lowers)}` : ""}`;
      else if (remote === 3) tail += ` remote 2001:db8::${r.int(1, 0xffff).toString(16)}`;
      if (remote !== 3 && r.chance(0.4)) tail += ` local 192.0.2.${r.int(1, 254)}`;
      if (r.chance(0.3)) tail += ` ttl ${r.int(1, 255)}`;
      if (r.chance(0.2)) tail += ` tos 0x${r.int(1, 255).toString(16)}`;
      if (r.chance(0.3)) tail += " nolearning";
      if (r.chance(0.2)) tail += " proxy";
      if (r.chance(0.2)) tail += " l2miss l3miss";
      if (r.chance(0.2)) tail += ` ageing ${r.int(1, 1000)}`;
      if (r.chance(0.2)) tail += ` maxaddress ${r.int(1, 1000)}`;
      if (r.chance(0.2)) tail += ` srcport ${r.int(1000, 2000)} ${r.int(2001, 3000)}`;
      if (r.chance(0.2)) tail += " noudpcsum";
      if (remote === 3 && r.chance(0.3)) tail += ` flowlabel ${r.int(1, 0xfffff)}`;
      if (r.chance(0.1)) tail += " gbp";
    } else tail = " type ifb";
    lines.push(`link add ${name}${opts}${tail}`);
    names.push(name);
  }
  for (const name of names) {
    if (bridges.length && !bridges.includes(name) && r.chance(0.3)) lines.push(`link set ${name} master ${r.pick(bridges)}`);
    if (r.chance(0.5)) lines.push(`link set ${name} up`);
    if (r.chance(0.2)) lines.push(`link set ${name} alias "${r.pick(["uplink", "a b", "x-1"])}"`);
    if (r.chance(0.2)) lines.push(`link set ${name} group ${r.int(1, 10)}`);
  }
  if (r.chance(0.5)) lines.push("link set lo up");
  return lines;
}

/** Remove every link but lo (veth pairs go with either end). */
export function flushLinks(ns: string): void {
  const links = JSON.parse(ipOk(["-j", "-n", ns, "link", "show"])) as Array<{ ifname: string }>;
  const lines = links.filter((l) => l.ifname !== "lo").map((l) => `link del ${l.ifname}`);
  if (lines.length) ip(["-n", ns, "-force", "-batch", "-"], lines.join("\n") + "\n");
  ipOk(["-n", ns, "link", "set", "lo", "down"]);
}

describeKernel("cli differential: link show", () => {
  let ns: TempNetns;
  const seed = runSeed();
  beforeAll(() => {
    ns = tempNetns();
  });
  afterAll(() => ns?.remove());

  it(`${CONFIGS} random link configurations print like ip (seed ${seed})`, async () => {
    const r = new Rng(seed);
    for (let c = 0; c < CONFIGS; c++) {
      flushLinks(ns.name);
      const lines = randomLinks(r);
      ip(["-n", ns.name, "-force", "-batch", "-"], lines.join("\n") + "\n");
      const ctx = `seed ${seed}, configuration ${c}:\n${lines.join("\n")}`;
      const n = ns.name;
      await expectSame(["-j", "-n", n, "link", "show"], ctx);
      await expectSame(["-n", n, "link", "show"], ctx);
      await expectSame(["-j", "-d", "-n", n, "link", "show"], ctx);
      await expectSame(["-d", "-n", n, "link", "show"], ctx);
      if (c % 5 === 0) {
        await expectSame(["-j", "-br", "-n", n, "link", "show"], ctx);
        await expectSame(["-br", "-n", n, "link"], ctx);
        await expectSame(["-o", "-n", n, "link"], ctx);
        await expectSame(["-j", "-p", "-n", n, "link", "show", "up"], ctx);
        await expectSame(["-j", "-s", "-s", "-n", n, "link", "show"], ctx);
        await expectSame(["-j", "-n", n, "link", "show", "type", "bridge"], ctx);
        await expectSame(["-j", "-n", n, "link", "show", "type", "veth"], ctx);
      }
    }
  }, 120_000);
});
