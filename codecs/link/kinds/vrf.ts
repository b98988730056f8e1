/** VRF device data (IFLA_VRF_TABLE) and VRF port data (IFLA_VRF_PORT_TABLE). linux/if_link.h */
import { attrSet } from "../../core/attrset.ts";
import { u32 } from "../../core/fields.ts";

/** IFLA_VRF_* (kind "vrf"). */
export const vrfData = attrSet("vrf", () => ({ table: u32(1) }));
/** IFLA_VRF_PORT_* (slave kind "vrf"). */
export const vrfPortData = attrSet("vrf-port", () => ({ table: u32(1) }));
