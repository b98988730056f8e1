/**
 * formatRoute/formatLink print a model object exactly as printRoute/printLink
 * print the kernel message it was made from (toRoute/toLink, then
 * routeMessageOf/linkMessageOf back), for every RTM_NEWROUTE/RTM_NEWLINK
 * answer in the captured fixtures, text and JSON, with -details and -stats.
 * What the route model leaves out (cacheinfo counters other than expires,
 * ttl-propagate) is removed from the message side first.
 */
import { describe, expect, it } from "vitest";
import { decodeRoute, type RouteMessage } from "../../codecs/route/decode.ts";
import { linkMessage } from "../../codecs/link/message.ts";
import { formatLink, formatRoute } from "../../lib/format/index.ts";
import { printLink } from "../../lib/format/link.ts";
import { Printer } from "../../lib/format/printer.ts";
import { printRoute } from "../../lib/format/route.ts";
import { toLink } from "../../lib/rtnl/link/model.ts";
import { toRoute } from "../../lib/rtnl/route/model.ts";
import { fixturePayloads } from "../helpers/fuzz-harness.ts";

const nameOf = (i: number): string => `if${i}`;

/** The message without what the route model does not keep. */
function modelled(m: RouteMessage): RouteMessage {
  const { cacheinfo, ttlPropagate: _t, ...attrs } = m.attrs;
  const out = { ...m, attrs: { ...attrs } } as RouteMessage;
  if (cacheinfo?.expires) out.attrs.cacheinfo = { clntref: 0, lastuse: 0, expires: cacheinfo.expires, error: 0, used: 0, id: 0, ts: 0, tsage: 0 };
  return out;
}

describe("formatRoute/formatLink == printRoute/printLink of the message", () => {
  it("every captured route answer", () => {
    const payloads = fixturePayloads("route", [24], "answers");
    expect(payloads.length).toBeGreaterThan(20);
    let v6 = 0;
    for (const b of payloads) {
      const m = decodeRoute(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
      if (m.family === 10) v6++;
      for (const json of [false, true]) {
        for (const details of [0, 1]) {
          const p = new Printer({ json, pretty: false, oneline: false });
          p.obj();
          printRoute(p, modelled(m), {
            details, stats: 1, nameOf, filterTable: 0, hideOif: false, hideProto: false, hideScope: false, hideMetric: false,
            hideTos: false, hideGateway: false, hidePrefsrc: false, hideIif: false, typemask: 0,
          });
          p.endObj();
          expect(formatRoute(toRoute(m), { json, details, stats: 1 })).toBe(p.take());
        }
      }
    }
    expect(v6).toBeGreaterThan(0);
  });

  it("every captured link answer", () => {
    const payloads = fixturePayloads("link", [16], "answers");
    expect(payloads.length).toBeGreaterThan(5);
    for (const b of payloads) {
      const m = linkMessage.decode(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length);
      for (const json of [false, true]) {
        for (const [details, stats] of [[0, 0], [1, 0], [1, 2]] as const) {
          const p = new Printer({ json, pretty: false, oneline: false });
          p.obj();
          printLink(p, m, { opts: { family: 0, details, stats }, nameOf, upOf: () => false, doLink: true, showQueue: true });
          p.text("\n");
          p.endObj();
          expect(formatLink(toLink(m), { json, details, stats })).toBe(p.take());
        }
      }
    }
  });
});
