/**
 * The typed policy-routing rule API over rtnetlink (RTM_GETRULE /
 * RTM_NEWRULE / RTM_DELRULE, struct fib_rule_hdr, linux/fib_rules.h), for
 * IPv4 and IPv6. Every argument is validated before the first syscall;
 * kernel refusals surface as NetlinkError.
 *
 *   const rules = new RuleApi(conn);
 *   rules.add({ from: "192.0.2.0/24", table: 100, priority: 1000 });
 *   rules.add({ family: 6, to: "2001:db8::/32", action: "blackhole" });
 *   rules.list(4);
 */
import { NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL } from "../../../codecs/core/constants.ts";
import { AF_INET, AF_INET6, AF_UNSPEC } from "../../../codecs/ip/index.ts";
import { ruleMessage, type RuleMessage } from "../../../codecs/rule/index.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { BatchResult } from "../../conn/batch.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { ruleMessageOf, type RuleSpec } from "./spec.ts";
import { familyNumber } from "../shared/family.ts";
import { toRule, type Rule } from "./model.ts";

export type { RuleSpec } from "./spec.ts";
export type { Range, Rule } from "./model.ts";
/** The decoded RTM_NEWRULE message the message-level methods take and return (codecs/rule). */
export type { RuleMessage };
export { FIB_RULE_FLAGS, RT_PROTOCOLS, RT_TABLES } from "../../../codecs/rule/index.ts";

/** A rule family: "inet"/"inet6" (4/6), or any AF_* number 0..255 (e.g. 128 RTNL_FAMILY_IPMR), passed to the kernel as is. */
export type RuleFamily = "inet" | "inet6" | 4 | 6 | number;

function ruleFamily(family: RuleFamily | undefined): number {
  if (family === undefined) return AF_UNSPEC;
  if (typeof family === "number" && Number.isInteger(family) && family >= 0 && family <= 255 && family !== 4 && family !== 6) return family;
  return familyNumber(family, "family", [AF_INET, AF_INET6]);
}

/** Options of a RuleApi. */
export interface RuleApiOptions {
  /**
   * How `add` and `delete` check their spec. "lib" (default): a `from` or
   * `to` prefix must be of the rule's family. "kernel": sent as given, the
   * kernel answers (its "Invalid source address" when an IPv6 prefix is
   * given to an IPv4 rule), as `ip rule` without -6 does; `family` may
   * then be any AF_* number (`ip -0 rule add`: 17, "Rule family not
   * supported") and `table` 0 (the kernel picks an unused table).
   */
  checks?: "lib" | "kernel";
}

/** Policy routing rules of the namespace a connection talks to. */
export class RuleApi {
  private readonly kernelChecks: boolean;

  constructor(readonly conn: NetlinkConnection, opts: RuleApiOptions = {}) {
    this.kernelChecks = opts.checks === "kernel";
  }

  /**
   * The rules of one family in priority order, or of both IPv4 and IPv6
   * (IPv4 first) when `family` is not given. The kernel accepts only the
   * family as a dump filter (fib_valid_dumprule_req); a family it has no
   * rules for (e.g. AF_PACKET) is its EAFNOSUPPORT NetlinkError, as with
   * `ip -f link rule`.
   */
  list(family?: RuleFamily): Rule[] {
    const fam = ruleFamily(family);
    const out: Rule[] = [];
    for (const m of this.dumpMessages(fam)) if (fam !== AF_UNSPEC || m.family === AF_INET || m.family === AF_INET6) out.push(toRule(m));
    return out;
  }

  /**
   * Message level, for iproute2-compatible tools: the decoded messages of
   * `ip rule show`'s dump (an all-zero fib_rule_hdr with `family`, any
   * AF_* number; AF_UNSPEC for every family).
   */
  dumpMessages(family: number): RuleMessage[] {
    return this.conn.dump(RTM.GETRULE, ruleMessage, { family, dstLen: 0, srcLen: 0, tos: 0, table: 0, action: 0, flags: [], attrs: {} });
  }

  /**
   * Message level: delete dumped rules by sending each message back as
   * RTM_DELRULE, pipelined with one ACK per window (`ip rule flush`'s
   * exact requests); every refusal is in the result, tied to its message.
   */
  deleteMessages(msgs: readonly RuleMessage[]): BatchResult {
    return this.conn.batch(msgs.map((msg) => ({ type: RTM.DELRULE, flags: 0, codec: ruleMessage, msg })));
  }

  /**
   * Add a rule and return it as the kernel made it (its echo, NLM_F_ECHO,
   * as `ip -echo rule add`: the priority the kernel chose when none was
   * given, the table...); EEXIST when an identical rule exists. A listed
   * Rule is accepted. With `{ echo: false }` the request is `ip rule add`'s
   * byte for byte and nothing is returned.
   */
  add(spec: RuleSpec | Rule): Rule;
  add(spec: RuleSpec | Rule, opts: { echo: false }): undefined;
  add(spec: RuleSpec | Rule, opts: { echo?: boolean } = {}): Rule | undefined {
    const msg = ruleMessageOf(asSpec(spec), "add", "spec", this.kernelChecks);
    if (opts.echo === false) {
      this.conn.ack(RTM.NEWRULE, NLM_F_CREATE | NLM_F_EXCL, ruleMessage, msg);
      return undefined;
    }
    for (const m of this.conn.echo(RTM.NEWRULE, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, ruleMessage, msg)) {
      if (m.family === AF_INET || m.family === AF_INET6) return toRule(m);
    }
    throw new Error("RTM_NEWRULE: the kernel acknowledged the rule but sent no echo of it (NLM_F_ECHO)");
  }

  /**
   * Delete the first rule matching every field given (`ip rule del`);
   * ENOENT when none does. A Rule from `list` deletes exactly that rule
   * (its read-only fields are dropped, see `specOf`).
   */
  delete(spec: RuleSpec | Rule): void {
    this.conn.ack(RTM.DELRULE, 0, ruleMessage, ruleMessageOf(asSpec(spec), "delete", "spec", this.kernelChecks));
  }
}

/** A Rule read from the kernel (it carries the read-only `flags`) as its RuleSpec; a RuleSpec as is. */
function asSpec(v: RuleSpec | Rule): RuleSpec {
  return v !== null && typeof v === "object" && Array.isArray((v as Rule).flags) ? specOf(v as Rule) : (v as RuleSpec);
}

/** The RuleSpec that selects exactly a listed rule (for `delete`). */
export function specOf(r: Rule): RuleSpec {
  if (r.family !== "inet" && r.family !== "inet6") throw new TypeError(`family: rule of family ${r.family} is not an IPv4/IPv6 rule`);
  const s: RuleSpec = { family: r.family, priority: r.priority };
  if (typeof r.action === "string" && r.action !== "unspec") s.action = r.action as RuleSpec["action"];
  if (r.table !== undefined && r.action === "table") s.table = r.table as RuleSpec["table"];
  if (r.from !== undefined) s.from = r.from;
  if (r.to !== undefined) s.to = r.to;
  if (r.not) s.not = true;
  if (r.tos !== undefined && r.dscp === undefined) s.tos = r.tos;
  if (r.iif !== undefined) s.iif = r.iif;
  if (r.oif !== undefined) s.oif = r.oif;
  if (r.fwmark !== undefined) s.fwmark = r.fwmark;
  if (r.fwmask !== undefined && r.fwmark !== undefined) s.fwmask = r.fwmask;
  if (r.goto !== undefined) s.goto = r.goto;
  if (r.uidRange !== undefined) s.uidRange = r.uidRange;
  if (r.ipProto !== undefined) s.ipProto = r.ipProto;
  if (r.sport !== undefined) s.sport = r.sport;
  if (r.dport !== undefined) s.dport = r.dport;
  if (r.l3mdev) s.l3mdev = true;
  if (r.dscp !== undefined) s.dscp = r.dscp;
  return s;
}
