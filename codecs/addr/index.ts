/**
 * codecs/addr: RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR messages (struct
 * ifaddrmsg + addr-attrs, linux/if_addr.h and the rt-addr spec). Pure
 * TypeScript; decode then encode reproduces the kernel's bytes.
 */

export { addrAttrs, IFA, ifaCacheinfo, INFINITY_LIFE_TIME, ipv4Addr, protoAddr } from "./attrs.ts";
export type { AddrAttrs, IfaCacheinfo } from "./attrs.ts";
export { IFADDRMSG_SIZE, ifaddrmsg } from "./header.ts";
export type { IfAddrMsg } from "./header.ts";
export { ADDR_FLAGS, ADDR_PROTOCOLS, IFA_F, IFAPROT, RT_SCOPE, SCOPES } from "./tables.ts";
export { addrMessage } from "./message.ts";
export type { AddrMessage } from "./message.ts";
