/** act_tunnel_key as tc 6.1 prints it (m_tunnel_key.c print_tunnel_key). */
import type { Printer } from "../../lib/format/printer.ts";
import type { TunnelKeyAction } from "../../lib/rtnl/tc/action-tunnel-key.ts";
import { printControl, type TcShowCtx } from "./print-common.ts";
import { printRefs } from "./print-act-tm.ts";

const hexBytes = (h: string) => (h.match(/../g) ?? []).map((x) => Number.parseInt(x, 16));

/** tunnel_key_print_key_opt: geneve options (one line, comma separated), else vxlan's gbp, else erspan's fields. */
function encOpts(p: Printer, t: TunnelKeyAction): void {
  if (t.geneveOpts !== undefined) {
    p.arr("geneve_opts");
    p.nl();
    p.text("\tgeneve_opts ");
    t.geneveOpts.forEach((g, i) => {
      const data = (g.data ?? "").toLowerCase();
      p.obj();
      p.num("class", null, g.class);
      p.num("type", null, g.type ?? 0);
      p.arr("data");
      for (const b of hexBytes(data)) p.num(null, null, b);
      p.endArr();
      p.endObj();
      p.text(`${g.class.toString(16).padStart(4, "0")}:${(g.type ?? 0).toString(16).padStart(2, "0")}:${data}${i < t.geneveOpts!.length - 1 ? "," : ""}`);
    });
    p.endArr();
  } else if (t.vxlanOpts !== undefined) {
    p.nl();
    p.text("\tvxlan_opts ");
    p.arr("vxlan_opts");
    p.obj();
    p.num("gbp", "%s", t.vxlanOpts.gbp);
    p.endObj();
    p.endArr();
  } else if (t.erspanOpts !== undefined) {
    const e = t.erspanOpts;
    const v1 = e.ver === 1;
    p.nl();
    p.text("\terspan_opts ");
    p.arr("erspan_opts");
    p.obj();
    p.num("ver", "%s", e.ver ?? 0);
    p.num("index", ":%s", v1 ? e.index ?? 0 : 0);
    p.num("dir", ":%s", v1 ? 0 : e.dir ?? 0);
    p.num("hwid", ":%s", v1 ? 0 : e.hwid ?? 0);
    p.endObj();
    p.endArr();
  }
}

/** print_tunnel_key: the mode; with set the addresses, key id, port, options, csum flag, tos and ttl (when nonzero); verdict, index, ref, bind. */
export function printTunnelKey(p: Printer, t: TunnelKeyAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "tunnel_key");
  if (t.action === "unset") p.str("mode", " %s", "unset");
  else if (t.action === "set") {
    p.str("mode", " %s", "set");
    const v6 = (s: string | undefined) => s !== undefined && s.includes(":");
    for (const six of [false, true]) {
      if (t.srcIp !== undefined && v6(t.srcIp) === six) { p.nl(); p.str("src_ip", "\tsrc_ip %s", t.srcIp); }
      if (t.dstIp !== undefined && v6(t.dstIp) === six) { p.nl(); p.str("dst_ip", "\tdst_ip %s", t.dstIp); }
    }
    if (t.id !== undefined) { p.nl(); p.num("key_id", "\tkey_id %s", t.id); }
    if (t.dstPort !== undefined) { p.nl(); p.num("dst_port", "\tdst_port %s", t.dstPort); }
    encOpts(p, t);
    if (t.csum !== undefined) { p.nl(); p.str("flag", "\t%s", t.csum ? "csum" : "nocsum"); }
    if (t.tos) { p.nl(); p.num("tos", "\ttos %s", t.tos, `0x${t.tos.toString(16)}`); }
    if (t.ttl) { p.nl(); p.num("ttl", "\tttl %s", t.ttl); }
  }
  printControl(p, " ", t.verdict ?? "pipe", "");
  p.nl();
  printRefs(p, t, c, "\t index %s");
}
