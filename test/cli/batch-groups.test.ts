/**
 * -batch deletes of routes that belong to a group end exactly like
 * `ip -batch` (root): IPv4 routes sharing table, prefix, tos and metric
 * (made by `route append`/`prepend`, before the batch and by its own
 * lines), IPv6 ECMP routes whose siblings are deleted one `via` at a time,
 * IPv6 same-metric routes that cannot be siblings (dev-only), and the
 * kernel's prefix routes of two addresses of one subnet; failing lines at
 * random positions before and after the deletes. An undo re-adding such a
 * route would put it in another place (first among IPv4 aliases, last
 * among IPv6 siblings), so these deletes must be barriers while the others
 * stay speculative. Same status, messages and final state in the kernel's
 * order (`ip -j route show table all`, IPv4 and IPv6: the order of aliases
 * and of next hops counts). Seed printed on failure (CLI_SEED=N reruns).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, jsonState, withTwins } from "./batch-twins.ts";
import { Rng, runSeed } from "./helpers.ts";

const SETUP = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 198.51.100.1/24 dev v1",
  "addr add 2001:db8::1/64 dev v0 nodad", "addr add 2001:db8:1::1/64 dev v1 nodad",
];

/** A gateway on v0 or v1 and its dev, IPv4. */
function gw4(r: Rng): { via: string; dev: string } {
  return r.chance(0.7) ? { via: `192.0.2.${r.int(2, 250)}`, dev: "v0" } : { via: `198.51.100.${r.int(2, 250)}`, dev: "v1" };
}

/** A gateway on v0, IPv6. */
const gw6 = (r: Rng) => `2001:db8::${r.int(2, 0x3f).toString(16)}`;

/** One IPv4 group key: prefix and the words that name its table and metric. */
interface Key4 {
  dst: string;
  extra: string;
  members: string[];
}

/** Routes the batches start from: IPv4 alias groups, IPv6 multipath and dev-only groups, single routes. */
function preload(r: Rng): { lines: string[]; keys4: Key4[]; keys6: Array<{ dst: string; gws: string[] }>; singles: string[] } {
  const lines: string[] = [];
  const keys4: Key4[] = [];
  const keys6: Array<{ dst: string; gws: string[] }> = [];
  const singles: string[] = [];
  for (let i = 0; i < 10; i++) {
    const dst = `203.0.113.${i}/32`;
    const extra = `${r.chance(0.3) ? " table 100" : ""}${r.chance(0.3) ? ` metric ${r.int(1, 3)}` : ""}`;
    const k: Key4 = { dst, extra, members: [] };
    const n = r.int(1, 4);
    const used = new Set<string>(); // the same route twice: EEXIST
    for (let j = 0; j < n; j++) {
      const verb = used.size === 0 ? "add" : r.pick(["append", "prepend"]);
      if (used.size > 0 && !used.has("unreachable") && r.chance(0.15)) {
        used.add("unreachable");
        lines.push(`route ${verb} unreachable ${dst}${extra}`);
        continue;
      }
      const g = gw4(r);
      if (used.has(g.via)) continue;
      used.add(g.via);
      lines.push(`route ${verb} ${dst} via ${g.via} dev ${g.dev}${extra}`);
      k.members.push(`via ${g.via}${r.chance(0.5) ? ` dev ${g.dev}` : ""}`);
    }
    keys4.push(k);
  }
  for (let i = 0; i < 8; i++) {
    const dst = `2001:db8:${(0x20 + i).toString(16)}::/64`;
    const gws = Array.from(new Set(Array.from({ length: r.int(2, 4) }, () => gw6(r))));
    const kind = r.int(0, 2);
    if (kind === 0) lines.push(`route add ${dst} ${gws.map((g) => `nexthop via ${g} dev v0`).join(" ")}`);
    else if (kind === 1) {
      lines.push(`route add ${dst} via ${gws[0]} dev v0`);
      for (const g of gws.slice(1)) lines.push(`route append ${dst} via ${g} dev v0`);
    } else {
      gws.length = 1;
      lines.push(`route add ${dst} via ${gws[0]} dev v0`);
    }
    if (r.chance(0.3)) lines.push(`route append ${dst} dev v1`); // same metric, no gateway: not a sibling
    keys6.push({ dst, gws });
  }
  for (let i = 0; i < 10; i++) {
    const dst = `203.0.113.${100 + i}/32`;
    lines.push(`route add ${dst} via 192.0.2.${r.int(2, 250)} dev v0`);
    singles.push(`route del ${dst}`);
  }
  lines.push("route add 2001:db8:30::/64 dev v0", "route add 2001:db8:31::/64 via 2001:db8::9 dev v0 metric 7");
  singles.push("route del 2001:db8:30::/64", "route del 2001:db8:31::/64");
  return { lines, keys4, keys6, singles };
}

/** A batch of `n` lines: deletes of group members and singles, group-making lines, failing lines. */
function randomBatch(r: Rng, n: number, p: ReturnType<typeof preload>): string {
  const lines: string[] = [];
  const added: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 99);
    if (k < 30) {
      const key = r.pick(p.keys4);
      const m = key.members.length > 0 && r.chance(0.8) ? ` ${r.pick(key.members)}` : "";
      lines.push(`route del ${key.dst}${m}${key.extra}`);
    } else if (k < 45) {
      const key = r.pick(p.keys6);
      const w = r.int(0, 3);
      lines.push(`route del ${key.dst}${w === 0 ? "" : w === 1 ? " dev v1" : ` via ${r.pick(key.gws)}${r.chance(0.5) ? " dev v0" : ""}`}`);
    } else if (k < 55) {
      // lines that make groups: appended/prepended aliases, siblings, a new multipath route
      const key = r.pick(p.keys4);
      const g = gw4(r);
      const w = r.int(0, 3);
      if (w === 0) {
        lines.push(`route ${r.pick(["append", "prepend"])} ${key.dst} via ${g.via} dev ${g.dev}${key.extra}`);
        key.members.push(`via ${g.via}`);
      } else if (w === 1) {
        const k6 = r.pick(p.keys6);
        const gw = gw6(r);
        lines.push(`route append ${k6.dst} via ${gw} dev v0`);
        k6.gws.push(gw);
      } else if (w === 2) {
        const dst = `2001:db8:${(0x40 + r.int(0, 3)).toString(16)}::/64`;
        const gws = [gw6(r), gw6(r), gw6(r)];
        lines.push(`route add ${dst} ${gws.map((x) => `nexthop via ${x} dev v0`).join(" ")}`);
        p.keys6.push({ dst, gws });
      } else {
        const dst = `198.18.0.${r.int(0, 7)}/32`;
        const g1 = gw4(r);
        lines.push(`route ${r.pick(["append", "prepend"])} ${dst} via ${g1.via} dev ${g1.dev}`);
        p.keys4.push({ dst, extra: "", members: [`via ${g1.via}`] });
      }
    } else if (k < 70) {
      // plain lines that stay speculative: adds and deletes of single routes
      if (added.length > 0 && r.chance(0.4)) lines.push(r.pick(added).replace("route add", "route del"));
      else if (r.chance(0.5)) lines.push(r.pick(p.singles));
      else {
        const l = `route add 198.18.1.${r.int(0, 255)}/32 via 192.0.2.${r.int(2, 250)} dev v0`;
        lines.push(l);
        added.push(l.replace(/ via.*/, ""));
      }
    } else if (k < 85) {
      lines.push(r.pick([
        `route del 198.51.100.${r.int(2, 255)}/32 dev v0`, // nothing to delete
        `route add 203.0.113.${r.int(200, 250)}/32 via 203.0.113.1 dev v0`, // unreachable gateway
        "route del 2001:db8:ff::/64",
        `route del ${r.pick(p.keys4).dst} via 192.0.2.251`, // no such alias
        `route add ${r.pick(p.keys6).dst} via ${r.pick(p.keys6[0]!.gws)} dev v0`, // EEXIST or a new route
      ]));
    } else if (k < 90) {
      // the kernel's prefix routes: a second address in v1's subnet makes a group of 198.51.100.0/24
      lines.push(r.pick([`addr add 198.51.100.${r.int(2, 250)}/24 dev v0`, `addr add 198.18.7.${r.int(1, 254)}/32 dev v0`, "route del 198.51.100.0/24 dev v1", "route del 198.51.100.0/24"]));
    } else lines.push(r.pick(p.singles));
  }
  return lines.join("\n") + "\n";
}

/**
 * Scripted cases for what random batches rarely line up: a group made by
 * the batch's own lines after its table was read (append, prepend, an
 * IPv6 sibling, an EXCL multipath create), a group made by the kernel's
 * prefix route of an address added earlier in the batch, a multipath-form
 * IPv6 delete, -force with a failing neighbour line. In each, the first
 * two deletes make the table read, and the failing line shares a window
 * with the delete after it (every link is looked up before).
 */
const CASES: Array<{ name: string; pre: string[]; batch: string[]; force?: boolean }> = [
  {
    name: "IPv4 aliases appended and prepended by the batch",
    pre: ["route add 203.0.113.50/32 via 192.0.2.2 dev v0"],
    batch: [
      "route del 203.0.113.100/32", "route del 203.0.113.101/32",
      "route append 203.0.113.50/32 via 192.0.2.3 dev v0", "route prepend 203.0.113.50/32 via 192.0.2.4 dev v0",
      "route del 198.51.100.77/32 dev v0", "route del 203.0.113.50/32 via 192.0.2.2 dev v0", "route del 203.0.113.102/32",
    ],
  },
  {
    name: "a preloaded IPv4 alias group, a later alias deleted",
    pre: ["route add 203.0.113.50/32 via 192.0.2.2 dev v0", "route append 203.0.113.50/32 via 192.0.2.3 dev v0", "route append 203.0.113.50/32 via 198.51.100.3 dev v1"],
    batch: ["route del 203.0.113.100/32 dev v1", "route del 198.51.100.77/32 dev v0", "route del 203.0.113.50/32 via 192.0.2.3", "route del 203.0.113.101/32"],
  },
  {
    name: "an IPv6 sibling appended by the batch",
    pre: ["route add 2001:db8:50::/64 via 2001:db8::2 dev v0"],
    batch: [
      "route del 203.0.113.100/32", "route del 2001:db8:30::/64", "route del 2001:db8:31::/64",
      "route append 2001:db8:50::/64 via 2001:db8::3 dev v0",
      "route del 198.51.100.77/32 dev v0", "route del 2001:db8:50::/64 via 2001:db8::2", "route del 203.0.113.102/32",
    ],
  },
  {
    name: "an IPv6 multipath route created by the batch, one hop deleted",
    pre: [],
    batch: [
      "route del 2001:db8:30::/64", "route del 2001:db8:31::/64",
      "route add 2001:db8:51::/64 nexthop via 2001:db8::2 dev v0 nexthop via 2001:db8::3 dev v0 nexthop via 2001:db8::4 dev v0",
      "route del 198.51.100.77/32 dev v0", "route del 2001:db8:51::/64 via 2001:db8::3 dev v0",
    ],
  },
  {
    name: "an IPv6 delete in the multipath form (one route removed, and echoed, per hop)",
    pre: ["route add 2001:db8:52::/64 nexthop via 2001:db8::2 dev v0 nexthop via 2001:db8::3 dev v0 nexthop via 2001:db8::4 dev v0"],
    batch: [
      "route del 2001:db8:30::/64 dev v0", "route del 2001:db8:31::/64", "route del 2001:db8:99::/64",
      "route del 2001:db8:52::/64 nexthop via 2001:db8::3 dev v0 nexthop via 2001:db8::4 dev v0",
    ],
  },
  {
    name: "the kernel's prefix route of an address added by the batch",
    pre: [],
    batch: [
      "route del 203.0.113.100/32 dev v0", "route del 203.0.113.101/32", "addr add 198.51.100.7/24 dev v0",
      "route replace 203.0.113.60/32 via 192.0.2.5 dev v0", "route del 198.51.100.77/32 dev v1", "route del 198.51.100.0/24 dev v0",
    ],
  },
  {
    name: "-force: a failing neighbour line ends the batch",
    force: true,
    pre: ["route add 203.0.113.50/32 via 192.0.2.2 dev v0", "route append 203.0.113.50/32 via 192.0.2.3 dev v0", "neigh add 192.0.2.77 lladdr 02:00:00:00:00:01 dev v0 nud permanent"],
    batch: [
      "route del 203.0.113.100/32 dev v0", "route del 198.51.100.77/32", "route del 203.0.113.101/32",
      "neigh add 192.0.2.77 lladdr 02:00:00:00:00:02 dev v0 nud permanent", "route del 203.0.113.50/32 via 192.0.2.3", "route del 203.0.113.102/32",
    ],
  },
];

/** Single routes the scripted cases delete around their groups. */
const SINGLES = [
  ...Array.from({ length: 4 }, (_, i) => `route add 203.0.113.${100 + i}/32 via 192.0.2.${10 + i} dev v0`),
  "route add 2001:db8:30::/64 dev v0", "route add 2001:db8:31::/64 via 2001:db8::9 dev v0 metric 7",
];

describeKernel("-batch deletes of grouped routes end like ip -batch", () => {
  it("scripted cases: groups made by the batch, prefix routes of its addresses, -force", async () => {
    for (const c of CASES) {
      const text = c.batch.join("\n") + "\n";
      const extra = c.force ? ["-force"] : [];
      await withTwins([...SETUP, ...SINGLES, ...c.pre].join("\n") + "\n", async (a, b) => {
        const ctx = `${c.name}:\n${text}`;
        const want = await expectSameBatch(a, b, text, extra, ctx);
        expect(want.code, `${ctx}\nip must fail it`).not.toBe(0);
        expect(jsonState(b), ctx).toEqual(jsonState(a));
      });
    }
  }, 120_000);

  const seed = runSeed();
  it(`append/prepend groups, ECMP siblings, failing lines at random positions (seed ${seed})`, () => randomBatches(seed), 180_000);
  // seeds that found a difference once (955658354: a device route deleted in the window before a failing line,
  // a later delete through a gateway of that prefix could not be added back; 979941613: the same, the later
  // delete naming no gateway)
  for (const known of [955658354, 979941613]) it(`the same with seed ${known}, which once differed`, () => randomBatches(known), 180_000);
});

/** Twelve random preloads and batches of `seed`, each through ip and bun-netlink in twin namespaces. */
async function randomBatches(seed: number): Promise<void> {
  {
    const r = new Rng(seed);
    for (let c = 0; c < 12; c++) {
      const p = preload(r);
      const text = randomBatch(r, r.int(15, 60), p);
      const force = c % 4 === 3;
      const extra = force ? ["-force"] : [];
      await withTwins([...SETUP, ...p.lines].join("\n") + "\n", async (a, b) => {
        const ctx = `seed ${seed} batch ${c}${force ? " -force" : ""}:\n${[...SETUP, ...p.lines].join("\n")}\n--- batch:\n${text}`;
        await expectSameBatch(a, b, text, extra, ctx);
        expect(jsonState(b), ctx).toEqual(jsonState(a));
      });
    }
  }
}
