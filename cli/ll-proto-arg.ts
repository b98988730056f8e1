/**
 * ll_proto_a2n of iproute2 6.1 for command words (`tc ... protocol`,
 * `type bridge vlan_protocol`): kept out of args.ts so that commands
 * without a protocol word do not load the protocol table.
 */
import { llProtoByName } from "../codecs/tc/ll-proto.ts";
import { getUnsigned } from "./args.ts";

/** An Ethernet protocol name of tc's table (any case) or a number (strtoul, at most 0xffff). */
export function llProtoA2n(v: string): number | undefined {
  return llProtoByName(v) ?? getUnsigned(v, 0xffff);
}
