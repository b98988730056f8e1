/**
 * One link (a decoded RTM_NEWLINK, the link codec's LinkMessage; a Link of
 * the model carries the same tree as `attrs`) as `ip link show` / `ip addr show`
 * print it, in text and JSON (ip/ipaddress.c print_linkinfo of iproute2
 * 6.1): keys, their order and when they appear, including -details,
 * -stats, -brief and -oneline.
 */
import type { LinkMessage } from "../../codecs/link/message.ts";
import { hasKindPrinter, hasSlavePrinter, printKindData, printSlaveData } from "./link-kinds.ts";
import { printStats64 } from "./link-stats.ts";
import { linkTypeName, llAddr } from "./ll-addr.ts";
import { printVfInfoList } from "./link-vf.ts";
import { GROUPS } from "./names.ts";

export { linkTypeName, llAddr } from "./ll-addr.ts";
import { COLOR, operstateColor, type Printer } from "./printer.ts";

/** The global options of `ip` that change how a link prints. */
export interface LinkPrintOptions {
  /** -family: 0 any, 17 (AF_PACKET, -0) or another family (the link/ether line is then left out without -d). */
  family: number;
  /** -details / -stats: how many times given. */
  details: number;
  stats: number;
  /** -human (how many times given) and -iec: the -s counters scaled as ip's print_num does. */
  human?: number;
  iec?: boolean;
}

/** What the formatter needs besides the message: names of other links, namespace names. */
export interface LinkEnv {
  opts: LinkPrintOptions;
  /** ip's ll_index_to_name: the name of a link, or "if<N>" when unknown. */
  nameOf(index: number): string;
  /** IFF flags of a link by index (0 when unknown), for M-DOWN. */
  upOf(index: number): boolean;
  /** The name of the namespace with this nsid, if any (text "link-netns NAME"). */
  nsName?(nsid: number): string | undefined;
  /** True for `ip link` (mode and alias are shown), false for `ip addr`. */
  doLink: boolean;
  /** Print "qlen" (ip's filter.showqueue: true for listings, false in `ip monitor`). */
  showQueue?: boolean;
  /** Told the link's name when it lists fewer VFs than IFLA_NUM_VF says (ip: "Truncated VF list: NAME" on stderr). */
  truncatedVfs?(name: string): void;
}

/** Print flags like ip's print_link_flags (NO-CARRIER, ..., M-DOWN); `flags` are IFF names. */
export function printLinkFlags(p: Printer, flags: readonly string[], mdown: boolean): void {
  const set = new Set(flags);
  const out: string[] = [];
  if (set.has("UP") && !set.has("RUNNING")) out.push("NO-CARRIER");
  set.delete("RUNNING");
  for (const f of ["LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC", "MASTER", "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "NOTRAILERS", "UP", "LOWER_UP", "DORMANT", "ECHO"]) {
    if (set.delete(f)) out.push(f);
  }
  let rest = 0;
  for (const f of set) {
    const m = /^0x([0-9a-f]+)$/i.exec(f);
    rest |= m ? Number.parseInt(m[1]!, 16) : 0;
  }
  if (rest) out.push(rest.toString(16));
  if (mdown) out.push("M-DOWN");
  p.arr(p.json ? "flags" : null, "<");
  if (p.json) for (const f of out) p.str(null, null, f);
  else p.text(out.join(","));
  p.endArr("> ");
}

/** The "link" / "link_index" and "ifname" part; returns the M-DOWN flag (ip's print_name_and_link). */
function printNameAndLink(p: Printer, m: LinkMessage, env: LinkEnv, fmt: string): boolean {
  const a = m.attrs as Record<string, any>;
  let name: string = a.ifname ?? "";
  let mdown = false;
  if (a.link !== undefined) {
    const iflink = a.link as number;
    let link: string | undefined;
    if (iflink) {
      if (a.linkNetnsid !== undefined) {
        if (p.json) p.num("link_index", null, iflink);
        else link = `if${iflink}`;
      } else {
        link = env.nameOf(iflink);
        if (p.json) {
          p.str("link", null, link);
          link = undefined;
        }
        mdown = !env.upOf(iflink);
      }
    } else if (p.json) p.null("link", null);
    else link = "NONE";
    if (link !== undefined) name = `${name}@${link}`;
  }
  p.str("ifname", fmt, name, COLOR.IFNAME);
  return mdown;
}

function printOperstate(p: Printer, state: string | number, brief: boolean): void {
  if (typeof state === "number") {
    if (p.json) p.num("operstate_index", null, state);
    else p.text(`state 0x${state.toString(16)} `);
  } else if (brief) {
    if (p.json) p.str("operstate", null, state);
    else p.text(state.padEnd(14) + " ", operstateColor(state));
  } else if (p.json) p.str("operstate", null, state);
  else {
    p.text("state ");
    p.text(state + " ", operstateColor(state));
  }
}

/** Print one link record (the caller opens/closes the JSON object and ends the text line). */
export function printLink(p: Printer, m: LinkMessage, env: LinkEnv, deleted = false): void {
  const a = m.attrs as Record<string, any>;
  const o = env.opts;
  if (deleted) p.bool("deleted", "Deleted ", true);
  p.num("ifindex", "%s: ", m.index);
  const mdown = printNameAndLink(p, m, env, "%s: ");
  printLinkFlags(p, m.flags, mdown);
  if (a.mtu !== undefined) p.num("mtu", "mtu %s ", a.mtu);
  if (a.qdisc !== undefined) p.str("qdisc", "qdisc %s ", a.qdisc);
  if (a.master !== undefined) p.str("master", "master %s ", env.nameOf(a.master));
  if (a.operstate !== undefined) printOperstate(p, a.operstate, false);
  if (env.doLink && a.linkmode !== undefined) {
    if (typeof a.linkmode === "number") p.num("linkmode_index", "mode %s ", a.linkmode);
    else p.str("linkmode", "mode %s ", a.linkmode);
  }
  if (a.group !== undefined) p.str("group", "group %s ", GROUPS.name(a.group));
  if (a.txqlen && env.showQueue !== false) p.num("txqlen", "qlen %s", a.txqlen);
  const fam = o.family;
  if (fam === 0 || fam === 17 || o.details) {
    p.nl();
    p.str("link_type", "    link/%s ", linkTypeName(m.type));
    if (a.address !== undefined) p.str("address", "%s", llAddr(a.address, m.type), COLOR.MAC);
    if (a.broadcast !== undefined) {
      if (m.flags.includes("POINTOPOINT")) {
        p.text(" peer ");
        p.bool("link_pointtopoint", null, true);
      } else p.text(" brd ");
      p.str("broadcast", "%s", llAddr(a.broadcast, m.type), COLOR.MAC);
    }
  }
  if (a.linkNetnsid !== undefined) {
    const id = a.linkNetnsid as number;
    if (p.json) p.num("link_netnsid", null, id);
    else if (id >= 0) {
      const ns = env.nsName?.(id);
      if (ns !== undefined) p.text(` link-netns ${ns}`);
      else p.text(` link-netnsid ${id}`);
    } else p.text(" link-netnsid unknown");
  }
  if (a.newNetnsid !== undefined) p.num("new_netnsid", " new-netnsid %s", a.newNetnsid);
  if (a.newIfindex !== undefined) p.num("new_ifindex", " new-ifindex %s", a.newIfindex);
  if (a.protoDown) p.bool("proto_down", " protodown on ", true);
  if (o.details) printDetails(p, m, env);
  if ((env.doLink || o.details) && a.ifalias !== undefined) {
    p.text(`${p.sl}    `);
    p.str("ifalias", "alias %s", a.ifalias);
  }
  if (env.doLink && o.stats && a.stats64 !== undefined) {
    p.nl();
    printStats64(p, a.stats64, a.carrierChanges, o.stats, o.human ? { iec: o.iec === true } : undefined);
  }
  const vfs = (env.doLink || o.details) && a.vfinfoList !== undefined && a.numVf !== undefined
    ? printVfInfoList(p, a.vfinfoList, m.type, m.flags.includes("POINTOPOINT"))
    : undefined;
  const alt = a.propList?.altIfname as string[] | undefined;
  if (alt && alt.length > 0) {
    p.arr("altnames", null);
    for (const n of alt) {
      p.text(`${p.sl}    altname `);
      p.str(null, "%s", n);
    }
    p.endArr();
  }
  if (vfs !== undefined && vfs !== a.numVf) env.truncatedVfs?.(a.ifname ?? "");
}

function printDetails(p: Printer, m: LinkMessage, env: LinkEnv): void {
  const a = m.attrs as Record<string, any>;
  const u = (key: string, text: string, v: number | undefined) => { if (v !== undefined) p.num(key, text, v); };
  u("promiscuity", " promiscuity %s ", a.promiscuity);
  u("allmulti", " allmulti %s ", a.allmulti);
  u("min_mtu", "minmtu %s ", a.minMtu);
  u("max_mtu", "maxmtu %s ", a.maxMtu);
  if (a.linkinfo !== undefined) printLinkinfo(p, a.linkinfo, env);
  if (env.doLink && a.afSpec !== undefined) {
    const mode = a.afSpec?.inet6?.addrGenMode;
    if (mode !== undefined) {
      const name = typeof mode === "number" ? `0x${mode.toString(16).padStart(2, "0")}` : String(mode);
      p.str("inet6_addr_gen_mode", "addrgenmode %s ", name);
    }
  }
  u("num_tx_queues", "numtxqueues %s ", a.numTxQueues);
  u("num_rx_queues", "numrxqueues %s ", a.numRxQueues);
  u("gso_max_size", "gso_max_size %s ", a.gsoMaxSize);
  u("gso_max_segs", "gso_max_segs %s ", a.gsoMaxSegs);
  u("tso_max_size", "tso_max_size %s ", a.tsoMaxSize);
  u("tso_max_segs", "tso_max_segs %s ", a.tsoMaxSegs);
  u("gro_max_size", "gro_max_size %s ", a.groMaxSize);
  if (a.physPortName !== undefined) p.str("phys_port_name", "portname %s ", a.physPortName);
  if (a.physPortId !== undefined) p.str("phys_port_id", "portid %s ", String(a.physPortId));
  if (a.physSwitchId !== undefined) p.str("phys_switch_id", "switchid %s ", String(a.physSwitchId));
  if (a.parentDevBusName !== undefined) p.str("parentbus", "parentbus %s ", a.parentDevBusName);
  if (a.parentDevName !== undefined) p.str("parentdev", "parentdev %s ", a.parentDevName);
}

function printLinkinfo(p: Printer, li: Record<string, any>, env: LinkEnv): void {
  p.obj("linkinfo");
  if (li.kind !== undefined) {
    p.text(p.sl);
    p.str("info_kind", "    %s ", li.kind);
    if (hasKindPrinter(li.kind)) {
      p.obj("info_data");
      printKindData(p, li.kind, typeof li.data === "object" ? li.data : undefined, { nameOf: env.nameOf });
      p.endObj();
    }
  }
  if (li.slaveKind !== undefined) {
    p.text(p.sl);
    p.str("info_slave_kind", "    %s_slave ", li.slaveKind);
    if (hasSlavePrinter(li.slaveKind)) {
      p.obj("info_slave_data");
      printSlaveData(p, li.slaveKind, typeof li.slaveData === "object" ? li.slaveData : undefined);
      p.endObj();
    }
  }
  p.endObj();
}

/** `-brief` line of a link: name[@link], state, address, flags (ip's print_linkinfo_brief). */
export function printLinkBrief(p: Printer, m: LinkMessage, env: LinkEnv, withAddrs: boolean): void {
  const a = m.attrs as Record<string, any>;
  const o = env.opts;
  let mdown = false;
  if (p.json) mdown = printNameAndLink(p, m, env, "%s");
  else {
    // text: the name column is 16 wide including "@link"
    let name: string = a.ifname ?? "";
    if (a.link !== undefined) {
      const iflink = a.link as number;
      if (!iflink) name += "@NONE";
      else if (a.linkNetnsid !== undefined) name += `@if${iflink}`;
      else {
        name += `@${env.nameOf(iflink)}`;
        mdown = !env.upOf(iflink);
      }
    }
    p.text(name.padEnd(16) + " ", COLOR.IFNAME);
  }
  if (a.operstate !== undefined) printOperstate(p, a.operstate, true);
  if (withAddrs) return;
  if (o.family === 0 || o.family === 17) {
    if (a.address !== undefined) p.str("address", "%s ", llAddr(a.address, m.type), COLOR.MAC);
    printLinkFlags(p, m.flags, mdown);
  }
}
