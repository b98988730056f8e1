/** Read a namespace's links, addresses and routes through the library and render them as tables. */
import type { Rtnl } from "../rtnl/rtnl.ts";
import { table } from "./table.ts";

/** Links, addresses and routes of the namespace behind `nl`, as text tables. */
export function describeNamespace(title: string, nl: Rtnl): string {
  const links = nl.links.list();
  const names = new Map(links.map((l) => [l.ifindex, l.attrs.ifname ?? String(l.ifindex)]));
  const out: string[] = [`=== ${title} ===`];
  out.push(table("links", links.map((l) => ({
    index: l.ifindex,
    name: l.attrs.ifname,
    kind: l.attrs.linkinfo?.kind,
    state: String(l.attrs.operstate ?? "?"),
    mtu: l.attrs.mtu,
    mac: l.attrs.address,
    master: l.attrs.master === undefined ? undefined : names.get(l.attrs.master),
  }))));
  out.push(table("addresses", nl.addresses.list().map((a) => ({
    dev: names.get(a.ifindex),
    address: `${a.local}/${a.prefixlen}`,
    scope: String(a.scope),
    flags: a.flags.join(","),
  }))));
  out.push(table("routes (main table)", nl.routes.list({ table: "main" }).map((r) => ({
    dst: r.dst,
    via: r.gateway,
    dev: r.ifindex === undefined ? undefined : names.get(r.ifindex),
    proto: String(r.protocol),
    scope: String(r.scope),
  }))));
  return out.join("\n");
}
