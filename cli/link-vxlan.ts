/**
 * `ip link add|set ... type vxlan ...` (ip/iplink_vxlan.c of iproute2 6.1,
 * vxlan_parse_opt): the words in its order (each a matches() prefix), its
 * duplicate checks, messages and the checks after the words, into
 * LinkApi's VxlanOptions.
 */
import type { LinkAddSpec } from "../lib/rtnl/link/api.ts";
import type { VxlanOptions } from "../lib/rtnl/link/vxlan.ts";
import { DSFIELDS } from "../lib/format/names.ts";
import { Args, getUnsigned, matches, unsignedArg } from "./args.ts";
import type { Ctx } from "./context.ts";
import { AF } from "./context.ts";
import { CliError, duparg2, invarg } from "./errors.ts";
import { kindHelp, kindWord } from "./link-help.ts";
import type { LinkNames } from "./link-names.ts";
import { needAddr } from "./prefix.ts";

type OnOff = "learning" | "proxy" | "rsc" | "l2miss" | "l3miss" | "udpCsum" | "udpZeroCsum6Tx" | "udpZeroCsum6Rx" | "remcsumTx" | "remcsumRx";

/** The switch words in ip's order: [word, option, value, duplicate-check slot]. */
const SWITCHES: ReadonlyArray<[string, OnOff, boolean]> = [
  ["nolearning", "learning", false], ["learning", "learning", true], ["noproxy", "proxy", false], ["proxy", "proxy", true],
  ["norsc", "rsc", false], ["rsc", "rsc", true], ["nol2miss", "l2miss", false], ["l2miss", "l2miss", true],
  ["nol3miss", "l3miss", false], ["l3miss", "l3miss", true], ["udpcsum", "udpCsum", true], ["noudpcsum", "udpCsum", false],
  ["udp6zerocsumtx", "udpZeroCsum6Tx", true], ["noudp6zerocsumtx", "udpZeroCsum6Tx", false],
  ["udp6zerocsumrx", "udpZeroCsum6Rx", true], ["noudp6zerocsumrx", "udpZeroCsum6Rx", false],
  ["remcsumtx", "remcsumTx", true], ["noremcsumtx", "remcsumTx", false], ["remcsumrx", "remcsumRx", true], ["noremcsumrx", "remcsumRx", false],
];

const isMulticast = (a: { family: number; bytes: Uint8Array }): boolean => (a.family === AF.INET ? (a.bytes[0]! & 0xf0) === 0xe0 : a.bytes[0] === 0xff);

/** The vxlan words of `ip link add|set`; `setOp` for `ip link set` (no missing-VNI or port checks, learning only when given). */
export function parseVxlan(ctx: Ctx, words: string[], names: LinkNames, spec: LinkAddSpec, setOp: boolean): void {
  const o: VxlanOptions = {};
  const seen = new Set<string>();
  // check_duparg: one word per attribute; the second one is ip's duparg2 with the attribute's key
  const once = (slot: string, key: string, arg: string): void => {
    if (seen.has(slot)) throw duparg2(key, arg);
    seen.add(slot);
  };
  let localFamily: number = AF.UNSPEC, peerFamily: number = AF.UNSPEC;
  let peer: "group" | "remote" | undefined;
  let learning = true, metadata = false, vnifilter = false;
  const a = new Args(words);
  while (!a.done) {
    const w = a.word();
    if (matches(w, "id") || matches(w, "vni")) {
      const v = a.value();
      once("id", "id", v);
      o.id = unsignedArg(v, "invalid id", 0xffffff);
    } else if (matches(w, "group") || matches(w, "remote")) {
      const group = matches(w, "group");
      if (peer !== undefined && peer !== (group ? "group" : "remote")) throw new CliError("vxlan: both group and remote cannot be specified\n", 1, false);
      const v = a.value();
      once("group", group ? "group" : "remote", v);
      const addr = needAddr(v, localFamily);
      if (isMulticast(addr) !== group) throw invarg(group ? "invalid group address" : "invalid remote address", v);
      peer = group ? "group" : "remote";
      peerFamily = addr.family;
      o[peer] = addr.text;
    } else if (matches(w, "local")) {
      const v = a.value();
      once("local", "local", v);
      const addr = needAddr(v, peerFamily);
      if (isMulticast(addr)) throw invarg("invalid local address", v);
      localFamily = addr.family;
      o.local = addr.text;
    } else if (matches(w, "dev")) {
      const v = a.value();
      once("link", "dev", v);
      const i = names.indexOf(v);
      if (!i) throw new CliError(`Cannot find device "${v}"\n`, 255, true); // exit(nodev())
      o.link = i;
    } else if (matches(w, "ttl") || matches(w, "hoplimit")) {
      const v = a.value();
      once("ttl", "ttl", v);
      if (v === "inherit") o.ttl = "inherit";
      else if (v === "auto") o.ttl = 0;
      else {
        const n = getUnsigned(v);
        if (n === undefined) throw invarg("invalid TTL", v);
        if (n > 255) throw invarg("TTL must be <= 255", v);
        o.ttl = n;
      }
    } else if (matches(w, "tos") || matches(w, "dsfield")) {
      const v = a.value();
      once("tos", "tos", v);
      if (v === "inherit") o.tos = 1;
      else {
        const t = DSFIELDS.id(v);
        if (t === undefined) throw invarg("bad TOS value", v);
        o.tos = t;
      }
    } else if (matches(w, "df")) {
      const v = a.value();
      once("df", "df", v);
      if (v !== "unset" && v !== "set" && v !== "inherit") throw invarg("DF must be 'unset', 'set' or 'inherit'", v);
      o.df = v;
    } else if (matches(w, "label") || matches(w, "flowlabel")) {
      const v = a.value();
      once("label", "flowlabel", v);
      o.label = unsignedArg(v, "invalid flowlabel", 0xfffff);
    } else if (matches(w, "ageing")) {
      const v = a.value();
      once("ageing", "ageing", v);
      o.ageing = v === "none" ? 0 : unsignedArg(v, "ageing timer", 0xffffffff);
    } else if (matches(w, "maxaddress")) {
      const v = a.value();
      once("limit", "maxaddress", v);
      o.limit = v === "unlimited" ? 0 : unsignedArg(v, "max addresses", 0xffffffff);
    } else if (matches(w, "port") || matches(w, "srcport")) {
      const v = a.value();
      once("portRange", "srcport", v);
      const low = unsignedArg(v, "min port", 0xffff);
      const high = unsignedArg(a.value(), "max port", 0xffff);
      if (low || high) o.srcPortRange = { low, high };
    } else if (matches(w, "dstport")) {
      const v = a.value();
      once("port", "dstport", v);
      o.dstPort = unsignedArg(v, "dst port", 0xffff);
    } else {
      const sw = SWITCHES.find(([k]) => matches(w, k));
      if (sw !== undefined) {
        once(sw[1], w, w);
        if (sw[1] === "learning") learning = sw[2];
        else o[sw[1]] = sw[2];
      } else if (matches(w, "external") || matches(w, "noexternal")) {
        once("external", w, w);
        metadata = matches(w, "external");
        if (metadata) learning = false;
        o.external = metadata;
      } else if (matches(w, "gbp")) {
        once("gbp", w, w);
        o.gbp = true;
      } else if (matches(w, "gpe")) {
        once("gpe", w, w);
        o.gpe = true;
      } else if (w === "vnifilter" || w === "novnifilter") {
        once("vnifilter", w, w);
        vnifilter = w === "vnifilter";
        o.vnifilter = vnifilter;
      } else if (matches(w, "help")) throw kindHelp(ctx, "vxlan");
      else throw kindWord(ctx, "vxlan", w, `vxlan: unknown command "${w}"?`);
    }
  }
  if (!metadata && vnifilter) throw new CliError("vxlan: vnifilter is valid only when 'external' is set\n", 1, false);
  if (metadata && seen.has("id")) throw new CliError("vxlan: both 'external' and vni cannot be specified\n", 1, false);
  if (!metadata && !vnifilter && !seen.has("id") && !setOp) throw new CliError("vxlan: missing virtual network identifier\n", 1, false);
  if (peer === "group" && !seen.has("link")) throw new CliError("vxlan: 'group' requires 'dev' to be specified\n", 1, false);
  if (!seen.has("port") && !seen.has("gpe") && !setOp) {
    ctx.io.err("vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n");
  }
  // no local, group or remote: ip -4/-6 send the family's "any" group
  if (o.local === undefined && peer === undefined && (ctx.opts.family === AF.INET || ctx.opts.family === AF.INET6)) o.remote = ctx.opts.family === AF.INET ? "0.0.0.0" : "::";
  if (!setOp || seen.has("learning")) o.learning = learning;
  spec.data = o as LinkAddSpec["data"];
}
