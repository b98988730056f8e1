/**
 * `action vlan ...` as tc 6.1 parses it (m_vlan.c parse_vlan): one of pop,
 * push, modify, pop_eth, push_eth (a second is "unexpected"), push/modify's
 * id (base 0), protocol (ll_proto_a2n) and priority (0..7), push_eth's
 * dst_mac and src_mac, until the first other word; then the control verdict
 * (pipe by default) and `index N`; then tc's checks (id, both addresses,
 * the protocol 802.1Q or 802.1ad). A bad value is invarg (exit 255).
 */
import { getUnsigned, matches } from "../args.ts";
import { invarg } from "../errors.ts";
import { formatMAC } from "../../codecs/ip/mac.ts";
import { llProtoByName } from "../../codecs/tc/ll-proto.ts";
import { llAddrA2n } from "../neighbour-addr.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

/** m_vlan.c explain(). */
export const VLAN_EXPLAIN = "Usage: vlan pop [CONTROL]\n" +
  "       vlan push [ protocol VLANPROTO ] id VLANID [ priority VLANPRIO ] [CONTROL]\n" +
  "       vlan modify [ protocol VLANPROTO ] id VLANID [ priority VLANPRIO ] [CONTROL]\n" +
  "       vlan pop_eth [CONTROL]\n" +
  "       vlan push_eth dst_mac LLADDR src_mac LLADDR [CONTROL]\n" +
  "       VLANPROTO is one of 802.1Q or 802.1AD\n" +
  "            with default: 802.1Q\n" +
  "       CONTROL := reclassify | pipe | drop | continue | pass |\n" +
  "                  goto chain <CHAIN_INDEX>\n";

const ACTIONS = ["pop", "push", "modify", "pop_eth", "push_eth"];
const exit = (e: Error) => new ActionExit(e.message, 255, true);

/** ll_proto_a2n: a name of tc's table (any case) or a number (get_be16, base 0). */
export function llProtoA2n(s: string): number | undefined {
  return llProtoByName(s) ?? getUnsigned(s, 0xffff);
}

/** ll_addr_a2n into ETH_ALEN bytes, as a MAC string; invarg(`what is invalid`) after its own line on failure. */
function ethAddr(v: string, what: string): string {
  const r = llAddrA2n(v, 6);
  if (r.bytes === undefined) throw new ActionExit(r.stderr + invarg(`${what} is invalid`, r.shown).message, 255, true);
  const b = new Uint8Array(6);
  b.set(r.bytes.subarray(0, 6));
  return formatMAC(b);
}

/** The words of a vlan action from a[i.i] (after the word "vlan") into `spec`; i.i ends after them. */
export function parseVlan(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, i);
  const { fail, next } = c;
  let action = 0;
  const push = () => action === 2 || action === 3;
  while (!c.done()) {
    const w = c.peek()!;
    // matches() in m_vlan.c's order: "pop" before "pop_eth", so "pop" and "po" are pop
    const n = ACTIONS.findIndex((k) => matches(w, k)) + 1;
    if (n > 0) {
      if (action) throw fail(`unexpected "${w}" - action already specified\n${VLAN_EXPLAIN}`);
      action = n;
      spec.action = ACTIONS[n - 1];
    } else if (matches(w, "id")) {
      if (!push()) throw exit(invarg("only valid for push/modify", w));
      const v = next();
      const id = getUnsigned(v, 0xffff);
      if (id === undefined) throw exit(invarg("id is invalid", v));
      spec.id = id;
    } else if (matches(w, "protocol")) {
      if (!push()) throw exit(invarg("only valid for push/modify", w));
      const v = next();
      const proto = llProtoA2n(v);
      if (proto === undefined) throw exit(invarg("protocol is invalid", v));
      spec.protocol = proto;
    } else if (matches(w, "priority")) {
      if (!push()) throw exit(invarg("only valid for push/modify", w));
      const v = next();
      const prio = getUnsigned(v, 0xff);
      if (prio === undefined || prio & ~7) throw exit(invarg("prio is invalid", v));
      spec.priority = prio;
    } else if (matches(w, "dst_mac") || matches(w, "src_mac")) {
      const dst = matches(w, "dst_mac");
      if (action !== 5) throw exit(invarg("only valid for push_eth", w));
      spec[dst ? "dstMac" : "srcMac"] = ethAddr(next(), dst ? "dst_mac" : "src_mac");
    } else if (matches(w, "help")) throw new ActionExit(VLAN_EXPLAIN, 255, true);
    else break;
    c.p++;
  }
  c.control(spec);
  if (c.is("index")) spec.index = c.index('vlan: Illegal "index"\n');
  if (push() && spec.id === undefined) throw fail(`id needs to be set for ${ACTIONS[action - 1]}\n${VLAN_EXPLAIN}`);
  if (action === 5 && spec.dstMac === undefined) throw fail(`dst_mac needs to be set for push_eth\n${VLAN_EXPLAIN}`);
  if (action === 5 && spec.srcMac === undefined) throw fail(`src_mac needs to be set for push_eth\n${VLAN_EXPLAIN}`);
  if (spec.protocol !== undefined && spec.protocol !== 0x8100 && spec.protocol !== 0x88a8) throw fail(`protocol not supported\n${VLAN_EXPLAIN}`);
  c.end(i);
}
