/**
 * The neighbour table API sends the same RTM_SETNEIGHTBL as iproute2 for
 * the same change: each fixtures/iproute2/ntable-*.json (captured by
 * fixtures/ntable/iproute2-captures.ts with strace) is compared with what
 * nl.neighbours.tables.change puts on the wire over a fake kernel, seq and
 * pid aside (the spec's keys in ip's word order give ip's attribute order).
 */
import { RTM } from "../../codecs/rtnetlink.ts";
import { LINKS, NTABLE_CAPTURES } from "../../fixtures/ntable/iproute2-captures.ts";
import { NeighbourTableApi } from "../../lib/rtnl/ntable/api.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

const CALLS: Record<string, (t: NeighbourTableApi) => void> = {
  "ntable-change-dev-all": (t) => t.change({
    name: "arp_cache", dev: "v0", baseReachableTime: 20000, retransTime: 500, gcStaletime: 30000, delayProbeTime: 3000, queueLen: 50,
    appProbes: 1, ucastProbes: 4, mcastProbes: 2, anycastDelay: 900, proxyDelay: 700, proxyQlen: 32, locktime: 800,
  }),
  // ip -6 puts AF_INET6 in ndtm_family
  "ntable-change-v6-dev-last": (t) => t.change({ family: 6, name: "ndisc_cache", retransTime: 2000, queueLen: 7, dev: "v1" }),
  "ntable-change-thresh": (t) => t.change({ thresh1: 256, name: "arp_cache", thresh2: 1024, thresh3: 2048, gcInterval: 60000 }),
};

describeIproute2Bytes("neighbour table requests equal iproute2's", {
  captures: NTABLE_CAPTURES, calls: CALLS, api: (c) => new NeighbourTableApi(c), types: [RTM.SETNEIGHTBL, RTM.GETNEIGHTBL], links: LINKS,
});
