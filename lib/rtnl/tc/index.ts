/** Traffic control on the rtnetlink connection (`nl.tc`): qdiscs, classes, filters, actions in filters. */
export * from "./api.ts";
export * from "./actions.ts";
export * from "./chains.ts";
export * from "./model.ts";
export * from "./spec.ts";
export * from "./units.ts";
export type { QdiscKindOptions, HtbQdiscOptions, HtbClassOptions, TbfOptions, FifoOptions, PrioOptions, NetemOptions, FqCodelOptions, FqOptions, SfqOptions } from "./qdisc-options.ts";
export type { CodelOptions, PieOptions, FqPieOptions, RedOptions, CakeOptions, DrrClassOptions, EtsQdiscOptions, EtsClassOptions, MultiqOptions, MqprioOptions, HfscQdiscOptions, HfscClassOptions, HfscCurve, QfqClassOptions, ChokeOptions, SfbOptions, HhfOptions, CbsOptions, EtfOptions, SkbprioOptions, PlugOptions } from "./qdisc-options.ts";
export type { FwOptions, RouteOptions, FlowOptions, FlowKey } from "./filter-classic.ts";
export type { FilterKindOptions, U32Options, U32SelSpec, U32Mark, U32Ordered, MatchallOptions, BasicOptions, CgroupOptions, BpfOptions, FlowerOptions, ClsFlags } from "./filter-options.ts";
export type { TcActionSpec, MirredAction, MirredRefAction, GactAction, PoliceAction, SkbeditAction, PeditAction, RawAction, Verdict, HwStats } from "./action-options.ts";
export type { MoreActionSpec, VlanAction, TunnelKeyAction, GeneveOpt, ErspanOpts, CsumAction, NatAction, SimpleAction, ConnmarkAction, CtAction, CtNat, SkbmodAction, SampleAction, MplsAction, CtinfoAction } from "./action-more.ts";
