/**
 * Differential test (root): random IPv4/IPv6 address sets (peers,
 * broadcasts, labels, scopes, metrics, flags, finite lifetimes) on a few
 * links, then `bun-netlink -n NS [-j|-o|-br|-4|-6] address show [filters]`
 * must print what ip prints. Seed printed on failure (CLI_SEED=N reruns).
 */
import { afterAll, beforeAll, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { expectSame, ip, ipOk, Rng, runSeed, noDad } from "./helpers.ts";

const CONFIGS = Number(process.env.CLI_CONFIGS ?? 50);
const LINKS = ["v0", "v1", "br0", "if0"];

/** Batch lines adding random addresses. */
export function randomAddresses(r: Rng): string[] {
  const lines: string[] = [];
  const n = r.int(1, 8);
  for (let i = 0; i < n; i++) {
    const dev = r.pick(LINKS);
    if (r.chance(0.55)) {
      const net = r.pick(["192.0.2", "198.51.100", "203.0.113"]);
      const len = r.pick([24, 24, 25, 28, 30, 31, 32]);
      let line = `addr add ${net}.${r.int(1, 254)}`;
      if (r.chance(0.15)) line += ` peer ${net}.${r.int(1, 254)}/${len}`;
      else {
        line += `/${len}`;
        if (r.chance(0.4)) line += " brd +";
        else if (r.chance(0.1)) line += ` broadcast ${net}.255`;
      }
      if (r.chance(0.3)) line += ` label ${dev}:${r.int(0, 9)}`;
      if (r.chance(0.2)) line += ` scope ${r.pick(["link", "host", "site", "global", "100"])}`;
      if (r.chance(0.2)) line += ` metric ${r.int(1, 1000)}`;
      if (r.chance(0.2)) line += " noprefixroute";
      if (r.chance(0.2)) {
        const v = r.int(100, 100000);
        line += ` valid_lft ${v} preferred_lft ${r.chance(0.3) ? 0 : r.int(0, v)}`;
      }
      lines.push(`${line} dev ${dev}`);
    } else {
      let line = `addr add 2001:db8:${r.int(1, 0xffff).toString(16)}::${r.int(1, 0xffff).toString(16)}/${r.pick([48, 64, 64, 96, 128])}`;
      if (r.chance(0.7)) line += " nodad";
      if (r.chance(0.2)) line += " noprefixroute";
      if (r.chance(0.1)) line += " home";
      if (r.chance(0.1)) line += " mngtmpaddr";
      if (r.chance(0.2)) line += ` metric ${r.int(1, 1000)}`;
      if (r.chance(0.1)) line += ` scope ${r.pick(["link", "global"])}`;
      if (r.chance(0.25)) {
        const v = r.int(100, 100000);
        line += ` valid_lft ${v} preferred_lft ${r.chance(0.3) ? 0 : r.int(0, v)}`;
      }
      lines.push(`${line} dev ${dev}`);
    }
  }
  for (const l of LINKS) if (r.chance(0.4)) lines.push(`link set ${l} ${r.chance(0.5) ? "up" : "down"}`);
  return lines;
}

describeKernel("cli differential: address show", () => {
  let ns: TempNetns;
  const seed = runSeed();
  const LABEL_PATTERNS = ["v*", "v?:[0-4]", "*:[!5-9]", "[bv]*:[[:digit:]]", "v0:\\3", "v1:[3", "*[]0]", "v[[:alpha:]]:?"];
  beforeAll(() => {
    ns = tempNetns();
    noDad(ns.name);
    ipOk(["-n", ns.name, "-batch", "-"], "link add v0 type veth peer name v1\nlink add br0 type bridge\nlink add if0 type ifb\nlink set lo up\n");
  });
  afterAll(() => ns?.remove());

  it(`${CONFIGS} random address configurations print like ip (seed ${seed})`, async () => {
    const r = new Rng(seed);
    const n = () => ns.name;
    for (let c = 0; c < CONFIGS; c++) {
      ip(["-n", n(), "-force", "-batch", "-"], LINKS.map((l) => `addr flush dev ${l}`).join("\n") + "\n");
      const lines = randomAddresses(r);
      ip(["-n", n(), "-force", "-batch", "-"], lines.join("\n") + "\n");
      const ctx = `seed ${seed}, configuration ${c}:\n${lines.join("\n")}`;
      await expectSame(["-j", "-n", n(), "address", "show"], ctx);
      await expectSame(["-n", n(), "address", "show"], ctx);
      await expectSame(["-j", "-4", "-n", n(), "address", "show"], ctx);
      await expectSame(["-j", "-6", "-n", n(), "address", "show"], ctx);
      await expectSame(["-j", "-n", n(), "address", "show", "dev", r.pick(LINKS)], ctx);
      if (c % 3 === 0) {
        await expectSame(["-o", "-n", n(), "address", "show"], ctx);
        await expectSame(["-br", "-n", n(), "address", "show"], ctx);
        await expectSame(["-j", "-br", "-n", n(), "address", "show"], ctx);
        await expectSame(["-j", "-n", n(), "address", "show", "scope", r.pick(["global", "link", "host"])], ctx);
        // ip matches labels with libc's fnmatch(3): classes, negation, escapes, an unterminated [ as a literal.
        await expectSame(["-j", "-n", n(), "address", "show", "label", r.pick(LABEL_PATTERNS)], ctx);
        await expectSame(["-j", "-n", n(), "address", "show", r.pick(["secondary", "primary", "dynamic", "permanent", "nodad", "-tentative"])], ctx);
        await expectSame(["-j", "-n", n(), "address", "show", "to", r.pick(["192.0.2.0/24", "198.51.100.0/25", "2001:db8::/32"])], ctx);
        await expectSame(["-j", "-n", n(), "address", "show", "up"], ctx);
        await expectSame(["-j", "-d", "-n", n(), "address", "show"], ctx);
      }
    }
  }, 120_000);
});
