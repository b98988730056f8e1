/**
 * lib/format: iproute2-shaped renderers of the model (ip text and `-json`),
 * the ones the CLI prints with, exported for users who want ip-shaped output.
 */
export { Printer, type PrinterOptions } from "./printer.ts";
export { familyName } from "./names.ts";
export { addressFlagBits, formatAddress, printAddress, type AddressFormatOptions, type AddressPrintOptions } from "./address.ts";
export { formatNeighbour, neighbourStateBits, printNeighbour, type NeighbourFormatOptions, type NeighbourPrintOptions } from "./neighbour.ts";
export { formatRule, printRule, type RuleFormatOptions, type RulePrintOptions } from "./rule.ts";
export { formatNexthop, printNexthop, type NexthopFormatOptions, type NexthopPrintOptions } from "./nexthop.ts";
export { FLAG_ORDER as RT_FLAG_ORDER, printRtFlags } from "./rt-flags.ts";
export { printAddrlabel, type AddrlabelPrintOptions } from "./addrlabel.ts";
export { printNetconf, type NetconfPrintOptions } from "./netconf.ts";
export { printIpv6Token } from "./token.ts";
export { printNtable, type NtablePrintOptions } from "./ntable.ts";
export { printNsid } from "./nsid.ts";
export { printRoute, type RouteShowEnv } from "./route.ts";
export { RouteListWriter, type RouteListOptions } from "./route-list.ts";
export { Bytes } from "./bytes.ts";
export { printLink, printLinkBrief, printLinkFlags, type LinkEnv, type LinkPrintOptions } from "./link.ts";
export { formatRoute, formatRoutes, type RouteFormatOptions } from "./route-model.ts";
export { formatLink, formatLinks, type LinkFormatOptions } from "./link-model.ts";
