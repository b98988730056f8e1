/**
 * codecs/rule: FIB rule messages, RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE
 * (linux/fib_rules.h, rt-rule.yaml). A decoded message is
 * `{ ...fib_rule_hdr, attrs: { priority, src, table, ... } }`.
 */

export { FRA, portRange, ruleAttrs, uidRange } from "./attrs.ts";
export type { RuleAttrs } from "./attrs.ts";
export { FIB_RULE_HDR_SIZE, fibRuleHdr } from "./header.ts";
export type { FibRuleHdr } from "./header.ts";
export { FIB_RULE_FLAGS, FR_ACTIONS, IP_PROTOCOLS, RT_PROTOCOLS, RT_TABLES } from "./tables.ts";
export { ruleMessage } from "./message.ts";
export type { RuleMessage } from "./message.ts";
