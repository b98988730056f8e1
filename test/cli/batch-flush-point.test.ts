/**
 * -batch sends its queue every FLUSH_AT (16,384) requests, as before a
 * barrier; a failing line just before that point, on it (the last request
 * of the window sent) and just after it (the first of the next one) must
 * end the batch exactly like `ip -batch` (root, twin namespaces): the
 * lines after the failure that shared its window, route adds and
 * speculative route deletes, undone; the same messages and status, the
 * same routes in the kernel's order. With -force every line runs.
 *
 * Line arithmetic: lines 1-2 add two routes (queued), line 3 deletes one:
 * its table is read first (the queue is sent), so line 3 heads a new queue
 * and the FLUSH_AT-th request from it, line FLUSH_AT + 2, is the last of
 * that window. Every line names dev v0, looked up once at line 1.
 */
import { expect, it } from "vitest";
import { FLUSH_AT } from "../../cli/batch.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = ["link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up", "addr add 192.0.2.1/24 dev v0"];

/** The i-th route of the batch's bulk (198.18.0.0/15, inside the throwaway namespaces only). */
const dst = (i: number) => `198.18.${i >> 8}.${i & 255}/32`;

/** The last line of the first full window. */
const EDGE = FLUSH_AT + 2;

/** A batch whose line `fail` (1-based) is a route that exists already (EEXIST), followed by adds and deletes. */
function batch(fail: number): string {
  const lines = ["route add 198.18.255.1/32 via 192.0.2.2 dev v0", "route add 198.18.255.2/32 via 192.0.2.2 dev v0", "route del 198.18.255.1/32"];
  for (let i = 0; lines.length < fail - 1; i++) lines.push(`route add ${dst(i)} via 192.0.2.2 dev v0`);
  lines.push("route add 198.18.255.2/32 via 192.0.2.3 dev v0"); // EEXIST
  for (let k = 0; k < 40; k++) {
    if (k % 3 === 0) lines.push(`route add 198.18.254.${k}/32 via 192.0.2.4 dev v0`);
    else if (k % 3 === 1) lines.push(`route del ${dst(k * 97)}`);
    else lines.push(k === 20 ? "route del 198.18.255.2/32" : `route del ${dst(FLUSH_AT - 200 + k)}`);
  }
  return lines.join("\n") + "\n";
}

/** IPv4 routes as `ip -j` lists them, in the kernel's order. */
const routes = (ns: string) => ipOk(["-n", ns, "-j", "-4", "route", "show", "table", "all"]);

describeKernel("-batch around the queue's flush point ends like ip -batch", () => {
  const cases: Array<[number, boolean]> = [[EDGE - 1, false], [EDGE, false], [EDGE + 1, false], [EDGE, true], [EDGE + 1, true]];
  for (const [fail, force] of cases) {
    it(`failing line ${fail} (${fail - EDGE >= 0 ? "+" : ""}${fail - EDGE} from the flush point)${force ? " with -force" : ""}`, async () => {
      const text = batch(fail);
      await withTwins(SETUP.join("\n") + "\n", async (a, b) => {
        const want = await expectSameBatch(a, b, text, force ? ["-force"] : []);
        expect(want.stderr).toContain(`Command failed -:${fail}\n`);
        expect(routes(b) === routes(a), "same routes in the same order").toBe(true);
      });
    }, 120_000);
  }
});
