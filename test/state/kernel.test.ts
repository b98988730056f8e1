// Declarative state against the kernel, in throwaway namespaces: seeded random configurations built
// with `ip -batch` are exported, applied to an empty namespace and read back identical with `ip -j`
// (interface indexes and MAC-derived values aside); a second apply changes nothing; a document with
// one impossible change fails and leaves the namespace exactly as before (full `ip -j` dumps);
// apply --prune turns another configuration into the document's. STATE_SEED (default: random) / STATE_ROUNDS.
import { expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { applyState, driftState, exportState, openStateKernel, StateApplyError, validateState, type ApplyOutcome, type Change, type StateDocument } from "../../lib/state/index.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { Prng } from "../helpers/prng.ts";
import { cli, ipOk, noDad } from "../cli/helpers.ts";
import { historyAside, ipDump, withoutMacDerived } from "./ip-dump.ts";
import { waitCarrierSettled } from "../helpers/carrier.ts";
import { randomConfig } from "./random-config.ts";

// Each run explores new configurations: the seed is random unless STATE_SEED gives one, and it is in
// every test's name and printed, so any failure is replayed with STATE_SEED=<seed> (docs/STATE.md, "Seeds").
const SEED = process.env.STATE_SEED === undefined || process.env.STATE_SEED === "random" ? (Math.random() * 2 ** 31) >>> 0 : Number(process.env.STATE_SEED);
const ROUNDS = Number(process.env.STATE_ROUNDS ?? 5);

const nap = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Read until two reads 150 ms apart agree (carrier and operstate settle asynchronously). */
function settled(read: () => unknown): any {
  let a = JSON.stringify(read());
  for (let i = 0; i < 20; i++) {
    nap(150);
    const b = JSON.stringify(read());
    if (a === b) return JSON.parse(b);
    a = b;
  }
  return JSON.parse(a);
}

/** The `ip -j` dumps of `ns` once no carrier change is on its way and two reads agree. */
function settledDump(ns: string, keys: readonly string[] = []): Record<string, unknown> {
  waitCarrierSettled(ns);
  return settled(() => ipDump(ns, keys));
}

/** Build configuration `seed` in `ns` with ip -batch (links, wait for carriers, the rest) and sysctl writes. */
function build(ns: TempNetns, seed: number): string[] {
  const c = randomConfig(seed);
  noDad(ns.name); // link-local addresses usable at once: the dumps do not change under the test's feet
  ipOk(["-n", ns.name, "-batch", "-"], c.links.join("\n") + "\n");
  waitCarrierSettled(ns.name); // a bridge gets its carrier up to two linkwatch runs after its ports
  if (c.rest.length > 0) ipOk(["-n", ns.name, "-batch", "-"], c.rest.join("\n") + "\n");
  if (c.rest6.length > 0) ipOk(["-6", "-n", ns.name, "-batch", "-"], c.rest6.join("\n") + "\n");
  ns.run(() => { for (const [k, v] of Object.entries(c.sysctls)) writeFileSync(`/proc/sys/${k.split(".").join("/")}`, v); });
  return Object.keys(c.sysctls);
}

/** The document with one change the kernel must refuse, chosen by `rng`. */
function impossible(doc: StateDocument, rng: Prng): { doc: StateDocument; what: string } {
  const d = structuredClone(doc);
  const made = (d.links ?? []).filter((l) => l.kind !== undefined);
  const choice = rng.below(made.length > 0 ? 4 : 2);
  if (choice === 0) {
    d.routes ??= [];
    d.routes.splice(rng.below(d.routes.length + 1), 0, { dst: "203.0.113.240/28", gateway: "192.0.2.77" });
    return { doc: d, what: "route 203.0.113.240/28" };
  }
  if (choice === 1) {
    d.sysctls = { ...d.sysctls, "net.ipv4.conf.all.rp_filter": "x" };
    return { doc: d, what: "sysctl net.ipv4.conf.all.rp_filter" };
  }
  const l = rng.pick(made);
  if (choice === 2) {
    l.mtu = 70000;
    return { doc: d, what: l.name };
  }
  d.nexthops ??= [];
  d.nexthops.splice(rng.below(d.nexthops.length + 1), 0, { id: 77, gateway: "192.0.2.77", dev: l.name });
  return { doc: d, what: "nexthop 77" };
}

describeKernel("declarative state on the kernel", () => {
  console.log(`state kernel tests: seed ${SEED}, ${ROUNDS} rounds (rerun with STATE_SEED=${SEED})`);

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round} (STATE_SEED=${SEED + round}): export -> apply to an empty namespace -> identical; again: no changes; one impossible change: nothing changes; --prune converges`, () => {
      const seed = SEED + round;
      const rng = new Prng(seed ^ 0x5eed);
      using a = tempNetns();
      using b = tempNetns();
      using c = tempNetns();
      const keysA = build(a, seed);
      const doc = exportState({ netns: a.name });
      expect(validateState(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
      const keys = [...new Set([...Object.keys(doc.sysctls ?? {}), ...keysA])];

      const first = applyState(doc, { netns: b.name });
      expect(first.changes.length).toBeGreaterThan(0);
      const want = withoutMacDerived(settledDump(a.name, keys));
      expect(withoutMacDerived(settledDump(b.name, keys)), `seed ${seed}`).toEqual(want);
      expect(applyState(doc, { netns: b.name }).lines).toEqual([]);
      expect(driftState(doc, { netns: b.name })).toEqual([]);

      // One impossible change: the apply (with prune, so deletions are undone too) fails and nothing changes.
      const keysC = build(c, seed + 7919);
      const allKeys = [...new Set([...keys, ...keysC])];
      const before = settledDump(c.name, allKeys);
      const bad = impossible(doc, rng);
      let err: unknown;
      try {
        applyState(bad.doc, { netns: c.name, prune: true });
      } catch (e) {
        err = e;
      }
      expect(err, `seed ${seed}: ${bad.what}`).toBeInstanceOf(StateApplyError);
      const e = err as StateApplyError;
      expect(e.message).toContain(bad.what);
      expect(e.undoErrors).toEqual([]);
      expect(e.restored, `seed ${seed}: ${e.message}`).toBe(true);
      expect(historyAside(settledDump(c.name, allKeys)), `seed ${seed}: ${bad.what} at ${e.index}`).toEqual(historyAside(before));

      // --prune: the other configuration becomes the document's.
      applyState(doc, { netns: c.name, prune: true });
      expect(withoutMacDerived(settledDump(c.name, keys)), `seed ${seed}`).toEqual(want);
      expect(applyState(doc, { netns: c.name, prune: true }).lines).toEqual([]);
    });
  }

  it(`a refusal injected at sampled positions of a real plan (with --prune) leaves the ip -j dumps as before (STATE_SEED=${SEED})`, () => {
    const rng = new Prng(SEED ^ 0xfa11);
    using a = tempNetns();
    build(a, SEED);
    const doc = exportState({ netns: a.name });
    const positions = new Set<number>();
    let n = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      using c = tempNetns();
      const keys = [...new Set([...Object.keys(doc.sysctls ?? {}), ...build(c, SEED + 7919)])];
      if (n === 0) n = applyState(doc, { netns: c.name, prune: true, dryRun: true }).changes.length;
      let i = rng.below(n);
      while (positions.has(i) && positions.size < n) i = rng.below(n);
      positions.add(i);
      const before = settledDump(c.name, keys);
      using k = openStateKernel(c.name);
      const real = k.apply.bind(k);
      let first = true;
      k.apply = (cs: readonly Change[]): ApplyOutcome => {
        if (!first) return real(cs);
        first = false;
        const r = real(cs.slice(0, i)); // the first i changes for real, then a refusal
        return r.failed !== undefined ? r : { applied: r.applied, failed: { index: i, error: new Error("refused by the test") } };
      };
      let err: unknown;
      try {
        applyState(doc, { kernel: k, prune: true });
      } catch (e) {
        err = e;
      }
      expect(err, `seed ${SEED}, position ${i} of ${n}`).toBeInstanceOf(StateApplyError);
      expect((err as StateApplyError).undoErrors).toEqual([]);
      expect((err as StateApplyError).differences, `seed ${SEED}, position ${i}`).toEqual([]);
      expect(historyAside(settledDump(c.name, keys)), `seed ${SEED}, position ${i} of ${n}`).toEqual(historyAside(before));
    }
    console.log(`state rollback positions (seed ${SEED}): ${[...positions].sort((x, y) => x - y).join(", ")} of ${n}`);
  });

  it("CLI: apply prints the changes or `no changes`; exit 2 on a kernel refusal (rolled back), 1 on an invalid document", async () => {
    using ns = tempNetns();
    noDad(ns.name); // link-local addresses final at once: the dumps before and after do not differ by DAD's progress
    const doc: StateDocument = {
      version: 1,
      links: [{ name: "lo", up: true }, { name: "v0", kind: "veth", peer: "v1", up: true }, { name: "v1", kind: "veth", peer: "v0", up: true, mtu: 1400 }],
      addresses: [{ dev: "v0", address: "192.0.2.1/24" }],
      routes: [{ dst: "198.51.100.0/24", gateway: "192.0.2.254", table: 100 }],
    };
    const file = `/tmp/state-cli-${process.pid}.json`;
    writeFileSync(file, JSON.stringify(doc));
    const plan = await cli(["-n", ns.name, "state", "plan", file]);
    expect(plan).toEqual({ code: 0, stdout: "change link lo: up false -> true\ncreate link v0 (veth, peer v1)\ncreate address 192.0.2.1/24 dev v0\ncreate route 198.51.100.0/24 table 100\n", stderr: "" });
    expect((await cli(["-n", ns.name, "state", "apply", file])).stdout).toBe(plan.stdout);
    expect(await cli(["-n", ns.name, "state", "apply", file])).toEqual({ code: 0, stdout: "no changes\n", stderr: "" });
    expect(ipOk(["-n", ns.name, "route", "show", "table", "100"])).toBe("198.51.100.0/24 via 192.0.2.254 dev v0 \n");
    const before = ipDump(ns.name);
    writeFileSync(file, JSON.stringify({ ...doc, routes: [{ dst: "203.0.113.0/24", dev: "v0" }, { dst: "198.51.100.0/24", gateway: "198.18.99.77", metric: 5 }] }));
    const refused = await cli(["-n", ns.name, "state", "apply", file, "--prune"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^Error: create route 198\.51\.100\.0\/24 metric 5: .*ENETUNREACH.*; 2 changes rolled back\n$/);
    expect(ipDump(ns.name)).toEqual(before);
    writeFileSync(file, JSON.stringify({ version: 1, links: [{ name: "v0", mtu: "big" }] }));
    expect(await cli(["-n", ns.name, "state", "apply", file])).toEqual({ code: 1, stdout: "", stderr: 'Error: $.links[0].mtu: expected an integer 0..4294967295, got "big"\n' });
  });
});
