/**
 * -batch route deletes whose undo would need a gateway that no longer
 * resolves (cli/batch-gateways.ts), root, twin namespaces against
 * `ip -batch`: a device route deleted (in the same window as the failing
 * line, in an earlier window, or as the first line, whose table is not
 * read yet), then a failing line, then a delete naming no gateway of a
 * route through a gateway of that device route's prefix. ip never runs the
 * last line, so the route stays (IPv4 keeps a route whose gateway stopped
 * resolving); a speculative delete could not be undone ("Nexthop has
 * invalid gateway"). Same status, messages and state as ip.
 *
 * And the other side: deletes of routes through gateways, with no route
 * gateways resolve through deleted, stay pipelined (counted sends).
 */
import { afterEach, expect, it, vi } from "vitest";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, jsonState, withTwins } from "./batch-twins.ts";
import { cli, ipOk } from "./helpers.ts";

const SETUP = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 198.51.100.1/24 dev v1",
  "addr add 2001:db8::1/64 dev v0 nodad", "addr add 2001:db8:1::1/64 dev v1 nodad",
  "route add 203.0.113.60/32 via 198.51.100.79 dev v1", "route add 203.0.113.61/32 via 198.51.100.80",
  "route add 203.0.113.100/32 via 192.0.2.10 dev v0", "route add 203.0.113.101/32 via 192.0.2.11 dev v0",
  "route add 2001:db8:60::/64 via 2001:db8:1::79 dev v1",
].join("\n") + "\n";

/** A line that fails (nothing to delete). */
const FAIL = "route del 198.51.100.77/32 dev v0";

const CASES: Array<{ name: string; batch: string[] }> = [
  {
    name: "device route deleted in the failing line's window (its table read before)",
    batch: ["route del 203.0.113.100/32", "route del 198.51.100.0/24", FAIL, "route del 203.0.113.60/32", "route del 203.0.113.61/32"],
  },
  {
    name: "device route deleted as the first line (its table not read yet)",
    batch: ["route del 198.51.100.0/24 dev v1", FAIL, "route del 203.0.113.60/32"],
  },
  {
    name: "device route deleted in an earlier window (an address line in between)",
    batch: ["route del 203.0.113.100/32", "route del 198.51.100.0/24", "addr add 192.0.2.9/24 dev v0", "route del 203.0.113.101/32", FAIL, "route del 203.0.113.60/32"],
  },
  {
    name: "IPv6: the prefix route of the gateway deleted",
    batch: ["route del 203.0.113.100/32", "route del 2001:db8:1::/64", FAIL, "route del 2001:db8:60::/64"],
  },
  {
    name: "IPv6: a route added in the window shadows the gateway",
    batch: ["route del 203.0.113.100/32", "route add 2001:db8:1::79/128 via 2001:db8::5 dev v0", FAIL, "route del 2001:db8:60::/64"],
  },
  {
    name: "an address removed: its prefix route with it",
    batch: ["route del 203.0.113.100/32", "addr del 198.51.100.1/24 dev v1", "route del 203.0.113.101/32", FAIL, "route del 203.0.113.60/32"],
  },
];

describeKernel("-batch deletes whose undo needs a gateway end like ip -batch", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a route gateways resolve through removed, a failing line, a delete through that gateway", async () => {
    for (const c of CASES) {
      const text = c.batch.join("\n") + "\n";
      await withTwins(SETUP, async (a, b) => {
        const ctx = `${c.name}:\n${text}`;
        const want = await expectSameBatch(a, b, text, [], ctx);
        expect(want.code, `${ctx}\nip must fail it`).not.toBe(0);
        expect(jsonState(b), ctx).toEqual(jsonState(a));
      });
    }
  }, 120_000);

  it("deletes through gateways stay pipelined; behind a deleted device route each is sent alone", async () => {
    const adds = Array.from({ length: 200 }, (_, i) => `route add 198.18.0.${i}/32 via 192.0.2.${2 + (i % 50)} dev v0`);
    const dels = Array.from({ length: 200 }, (_, i) => `route del 198.18.0.${i}/32`);
    await withTwins(SETUP + adds.join("\n") + "\n", async (a, b) => {
      const sends = vi.spyOn(NetlinkConnection.prototype, "batch");
      // the first delete is sent with its echo (its table unknown), the second after the table is read, the rest in one window
      const got = await cli(["-n", b, "-batch", "-"], dels.join("\n") + "\n");
      expect(got).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(sends.mock.calls.length).toBeLessThanOrEqual(3);
      ipOk(["-n", a, "-batch", "-"], dels.join("\n") + "\n");
      expect(jsonState(b)).toEqual(jsonState(a));
    });
    await withTwins(SETUP + adds.join("\n") + "\n", async (_a, b) => {
      const sends = vi.spyOn(NetlinkConnection.prototype, "batch");
      const got = await cli(["-n", b, "-batch", "-"], ["route del 198.51.100.0/24", ...dels].join("\n") + "\n");
      expect(got).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(sends.mock.calls.length).toBeGreaterThanOrEqual(dels.length);
    });
  }, 120_000);
});
