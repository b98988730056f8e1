/**
 * bun-netlink: rtnetlink for Bun in pure TypeScript (bun:ffi to libc, no
 * native code), and a network-namespace manager in the style of Docker
 * libnetwork's osl package.
 */
export { openRtnl, Rtnl, type RtnlOptions } from "./rtnl/rtnl.ts";
export { AddressLengthError, LinkApi, type LinkApiOptions } from "./rtnl/link/api.ts";
export type { LinkAddSpec, LinkSetSpec, LinkSettings, BridgePortOptions, BridgePortState, XdpMode, XdpSetting } from "./rtnl/link/api.ts";
export { AddressApi } from "./rtnl/address/api.ts";
export { RouteApi } from "./rtnl/route/api.ts";
export { NexthopApi } from "./rtnl/nexthop/api.ts";
export { NeighbourApi } from "./rtnl/neighbour/api.ts";
export { NeighbourTableApi, type NeighbourTable, type NeighbourTableChange, type NeighbourTableFilter } from "./rtnl/ntable/api.ts";
export { RuleApi, type RuleApiOptions } from "./rtnl/rule/api.ts";
export { NsidApi } from "./rtnl/nsid/api.ts";
export { StatsApi, type LinkStats, type StatsQuery, type StatsSelector } from "./rtnl/stats/api.ts";
export { NetconfApi, type NetconfEntry, NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT } from "./rtnl/netconf/api.ts";
export { TcApi, QdiscApi, ClassApi, FilterApi } from "./rtnl/tc/api.ts";
export { ActionApi } from "./rtnl/tc/actions.ts";
export { ChainApi, toChain } from "./rtnl/tc/chains.ts";
export type * from "./rtnl/tc/index.ts";
export { toQdisc, toClass, toFilter } from "./rtnl/tc/model.ts";
export { checkIfIndex, checkIfName, resolveIndex } from "./rtnl/shared/ifindex.ts";
export * from "./conn/connection.ts";
export * from "./conn/errors.ts";
export { openConnection, type OpenOptions } from "./conn/open.ts";
export * from "./format/index.ts";
export type { ReadAheadEngine, ReadAheadEngineName, Transport } from "./transport/transport.ts";
export { KernelTransport } from "./transport/kernel.ts";
export { TracingTransport, traceTransport, type TraceEvent, type TraceHook, type TraceMessage, type TraceOptions } from "./transport/trace.ts";
export { PcapWriter, LINKTYPE_NETLINK } from "./transport/pcap.ts";
export { RecordingTransport } from "./transport/recorder.ts";
export { ReplayTransport, ReplayMismatchError } from "./transport/replay.ts";
export { fixtureToJson, parseFixture, type Fixture } from "./transport/fixture.ts";
export * from "./netns/index.ts";
export * from "./sandbox/index.ts";
export * from "./monitor/index.ts";
export * from "./state/index.ts";
export * from "./tuntap/index.ts";
export { printTunTap } from "./format/tuntap.ts";
export { SyscallError, isSyscallError } from "./sys/syscall-error.ts";
export { NetlinkSocket, type NetlinkSocketOptions } from "./sys/netlink-socket.ts";
export { DecodeError } from "../codecs/core/errors.ts";
