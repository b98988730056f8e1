/**
 * tun/tap devices (ip tuntap): create and delete through /dev/net/tun, list
 * with their flags, owner and group, and the processes attached to one.
 */
export { createTunTap, deleteTunTap, checkTunTapName, specOfDevice, tunTapFlags, type TunTapCreateSpec, type TunTapSpec, type TunTapTarget } from "./device.ts";
export { listTunTap, type TunTapDevice, type TunTapListing, type TunTapListOptions } from "./list.ts";
export { tunTapProcesses, type TunTapProcess, type TunTapProcesses } from "./processes.ts";
export { tunFlagWords, TUN_DEVICE } from "./flags.ts";
export { userId, groupId } from "../sys/users.ts";
