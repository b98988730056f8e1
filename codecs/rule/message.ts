/**
 * codecs/rule message codec: FIB rule messages, RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE
 * (linux/fib_rules.h, rt-rule.yaml). A decoded message is
 * `{ ...fib_rule_hdr, attrs: { priority, src, table, ... } }`.
 */
import { messageCodec, type MessageCodec } from "../core/message.ts";
import { ruleAttrs, type RuleAttrs } from "./attrs.ts";
import { fibRuleHdr, type FibRuleHdr } from "./header.ts";

/** A decoded rule message: fib_rule_hdr members plus `attrs`. */
export type RuleMessage = FibRuleHdr & { attrs: RuleAttrs };

/** Codec of RTM_*RULE payloads (struct fib_rule_hdr + FRA_* attributes). */
export const ruleMessage: MessageCodec<RuleMessage> = messageCodec("rule", fibRuleHdr, ruleAttrs);
