/**
 * The statistics API sends the same RTM_GETSTATS / RTM_SETSTATS as iproute2
 * for the same command: each fixtures/iproute2/stats-*.json (captured by
 * fixtures/stats/iproute2-captures.ts with strace) is compared with what
 * nl.stats puts on the wire over a fake kernel, seq and pid aside. The
 * leaves given are the ones `ip stats show` selects for the same words
 * (cli/stats.ts); the filter (filter_mask, IFLA_STATS_GET_FILTERS) follows.
 */
import { RTM } from "../../codecs/rtnetlink.ts";
import { LINKS, STATS_CAPTURES } from "../../fixtures/stats/iproute2-captures.ts";
import { selectLeaves, StatsApi } from "../../lib/rtnl/stats/api.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

/** The fake kernel acknowledges a GET without answering it: the request has been sent, which is what is compared. */
function sent(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!String(e).includes("the kernel sent no answer")) throw e;
  }
}

const CALLS: Record<string, (s: StatsApi) => void> = {
  "stats-show-dev-all": (s) => sent(() => s.get("v0")),
  "stats-show-dev-cpu-hit": (s) => sent(() => s.get("v0", { groups: [{ group: "offload", subgroup: "cpu_hit" }] })),
  "stats-show-dev-l3-link": (s) => sent(() => s.get("v0", { groups: [{ group: "offload", subgroup: "l3_stats" }, { group: "link" }] })),
  "stats-show-dev-offload": (s) => sent(() => s.getMessage(s.request(LINKS.v0!, selectLeaves({ group: "offload" })))),
  "stats-set-l3-on": (s) => s.setL3Stats("v0", true),
  "stats-set-l3-off": (s) => s.setL3Stats(LINKS.v1!, false),
};

describeIproute2Bytes("statistics requests equal iproute2's", {
  captures: STATS_CAPTURES, calls: CALLS, api: (c) => new StatsApi(c), types: [RTM.GETSTATS, RTM.SETSTATS], links: LINKS,
});
