/**
 * The all-family fuzz run: 1,000,000 seeded inputs at full budget (`npm run
 * fuzz`; npm test runs a share of it, ./budget.ts) through every family's
 * decoders (link, address, route, neighbour, rule, nsid, nexthop, and the
 * core datagram walker with NLMSG_ERROR / NLMSG_DONE decoding), mutating
 * every message captured under fixtures/ (see seeds.ts, engine.ts).
 *
 * For every input: only DecodeError may be thrown; no decode may take more
 * than SLOW_MS; whatever decodes must satisfy
 * decode(encode(decode(x))) == decode(x), with a stable re-encoding.
 * Deterministic (fixed seeds); a failure message names the target, seed,
 * input number and bytes. The whole file takes well under 60 s (logged).
 */
import { afterAll, describe, expect, it } from "vitest";
import { decodeDone, decodeError } from "../../codecs/core/ack.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLMSG_DONE, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { checkMessage } from "../../codecs/core/header.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { addrMessage } from "../../codecs/addr/index.ts";
import { linkMessage, linkRequest } from "../../codecs/link/message.ts";
import { neighMessage } from "../../codecs/neigh/index.ts";
import { nexthopCodec, nexthopRequestCodec } from "../../codecs/nexthop/message.ts";
import { NHMSG_SIZE } from "../../codecs/nexthop/header.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { routeCodec, routeRequestCodec, RTMSG_SIZE } from "../../codecs/route/message.ts";
import { FIB_RULE_HDR_SIZE, ruleMessage } from "../../codecs/rule/index.ts";
import { Prng } from "../helpers/prng.ts";
import { fuzzBudget } from "./budget.ts";
import { mutate, retimed, run, type Target } from "./engine.ts";
import { loadSeeds } from "./seeds.ts";

/** A decode slower than this in CPU time (re-timed, engine.ts retimed()) fails the run. */
const SLOW_MS = 20;

const seeds = loadSeeds();
const s = seeds.byFamily;
const codec = (c: unknown) => c as MessageCodec<unknown>;

/** Every decoder, with its share of the million. */
const PLAN: Array<{ target: Target; inputs: number }> = [
  { target: { name: "link: linkMessage", codec: codec(linkMessage), headerSpace: 16, seeds: s.link }, inputs: fuzzBudget(60_000) },
  { target: { name: "link: linkRequest", codec: codec(linkRequest), headerSpace: 16, seeds: s.link }, inputs: fuzzBudget(60_000) },
  { target: { name: "address: addrMessage", codec: codec(addrMessage), headerSpace: 8, seeds: s.address }, inputs: fuzzBudget(140_000) },
  { target: { name: "route: routeCodec", codec: codec(routeCodec), headerSpace: RTMSG_SIZE, seeds: s.route }, inputs: fuzzBudget(80_000) },
  { target: { name: "route: routeRequestCodec", codec: codec(routeRequestCodec), headerSpace: RTMSG_SIZE, seeds: s.route }, inputs: fuzzBudget(80_000) },
  { target: { name: "neighbour: neighMessage", codec: codec(neighMessage), headerSpace: 12, seeds: s.neighbour }, inputs: fuzzBudget(140_000) },
  { target: { name: "rule: ruleMessage", codec: codec(ruleMessage), headerSpace: FIB_RULE_HDR_SIZE, seeds: s.rule }, inputs: fuzzBudget(140_000) },
  { target: { name: "nsid: nsidMessage", codec: codec(nsidMessage), headerSpace: 4, seeds: s.nsid }, inputs: fuzzBudget(100_000) },
  { target: { name: "nexthop: nexthopCodec", codec: codec(nexthopCodec), headerSpace: NHMSG_SIZE, seeds: s.nexthop }, inputs: fuzzBudget(60_000) },
  { target: { name: "nexthop: nexthopRequestCodec", codec: codec(nexthopRequestCodec), headerSpace: NHMSG_SIZE, seeds: s.nexthop }, inputs: fuzzBudget(60_000) },
];
const CORE_INPUTS = fuzzBudget(80_000);

let total = 0;
const t0 = performance.now();

describe(`fuzz: every family's decoders, ${fuzzBudget(1_000_000).toLocaleString("en")} of the full 1,000,000 inputs from captured fixtures`, () => {
  it("has seeds for every family from the captured fixtures", () => {
    expect(seeds.files).toBeGreaterThan(50);
    for (const [family, list] of Object.entries(s)) expect(list.length, family).toBeGreaterThanOrEqual(5);
  });

  PLAN.forEach(({ target, inputs }, i) => {
    it(`${target.name}: ${inputs.toLocaleString("en")} inputs`, () => {
      const started = performance.now();
      const st = run(target, 0x5eed0000 + i, inputs, SLOW_MS);
      total += st.inputs;
      console.log(`${target.name}: ${st.inputs} inputs (${st.decoded} decoded, ${st.rejected} DecodeError) in ${((performance.now() - started) / 1000).toFixed(1)} s, slowest decode ${st.maxDecodeMs.toFixed(2)} ms`);
      expect(st.failures).toEqual([]);
      expect(st.decoded).toBeGreaterThan(inputs / 10); // mutations of real messages mostly still decode
      expect(st.rejected).toBeGreaterThan(inputs / 10); // and many are malformed
    }, 60_000);
  });

  it(`core: datagram walker and NLMSG_ERROR/NLMSG_DONE decoding, ${CORE_INPUTS.toLocaleString("en")} inputs`, () => {
    const r = new Prng(0x5eedc0de);
    const failures: string[] = [];
    let rejected = 0;
    let maxMs = 0;
    const walk = (b: Uint8Array) => {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      let off = 0;
      while (off + 16 <= b.length) {
        const len = checkMessage(dv, off, b.length);
        const type = dv.getUint16(off + 4, HOST_LE);
        const flags = dv.getUint16(off + 6, HOST_LE);
        if (type === NLMSG_ERROR) decodeError(b, dv, off + 16, off + len, flags);
        else if (type === NLMSG_DONE) decodeDone(b, dv, off + 16, off + len, flags);
        off += (len + 3) & ~3;
      }
    };
    for (let i = 0; i < CORE_INPUTS; i++) {
      const input = mutate(r, r.pick(seeds.datagrams), seeds.datagrams, 0);
      const start = performance.now();
      try {
        walk(input);
      } catch (e) {
        if (!(e instanceof DecodeError)) {
          if (failures.length < 10) failures.push(`core input #${i}: threw ${(e as Error)?.name}: ${(e as Error)?.message}; bytes ${Buffer.from(input).toString("hex")}`);
        } else rejected++;
      }
      let dt = performance.now() - start;
      if (dt > SLOW_MS) dt = retimed(() => walk(input));
      if (dt > SLOW_MS && failures.length < 10) failures.push(`core input #${i}: took ${dt.toFixed(2)} ms`);
      maxMs = Math.max(maxMs, dt);
    }
    total += CORE_INPUTS;
    console.log(`core: ${CORE_INPUTS} datagrams (${rejected} DecodeError), slowest ${maxMs.toFixed(2)} ms`);
    expect(failures).toEqual([]);
    expect(rejected).toBeGreaterThan(0);
  }, 60_000);

  afterAll(() => {
    const secs = (performance.now() - t0) / 1000;
    console.log(`fuzz: ${total.toLocaleString("en")} inputs in ${secs.toFixed(1)} s`);
    expect(total).toBeGreaterThanOrEqual(PLAN.reduce((a, p) => a + p.inputs, CORE_INPUTS));
  });
});
