/** tun/tap data as the kernel reports it (IFLA_TUN_*, rt-link spec `linkinfo-tun-attrs`). */
import { attrSet } from "../../core/attrset.ts";
import { u32, u8 } from "../../core/fields.ts";

/** IFLA_TUN_* (kind "tun"). */
export const tunData = attrSet("tun", () => ({
  owner: u32(1),
  group: u32(2),
  type: u8(3),
  pi: u8(4),
  vnetHdr: u8(5),
  persist: u8(6),
  multiQueue: u8(7),
  numQueues: u32(8),
  numDisabledQueues: u32(9),
}));
