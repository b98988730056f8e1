/**
 * `tc -graph class show` (tc_class.c graph_node_add, graph_indent,
 * graph_cls_show, tc 6.1), ported call for call: classes hang under their
 * parents in dump order, roots in reverse dump order (hlist_add_head), and
 * the indentation walks the same parent/right links tc keeps (never reset,
 * so they carry over from one line to the next as in tc). tc frees each
 * node after its subtree and may then walk a stale right link to it: glibc
 * (safe-linking tcache) leaves a non-NULL hlist.next in a freed node, so a
 * freed node reads as "has a next sibling" ("|    "), which is what tc 6.1
 * prints here.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { TcClass } from "../../lib/rtnl/tc/model.ts";
import type { HtbClassOptions } from "../../lib/rtnl/tc/qdisc-options.ts";
import { printStats, type TcShowCtx } from "./print-common.ts";
import { htbClass } from "./print-qdisc.ts";

interface Node {
  cls: TcClass;
  /** The list the node is in (its "hlist.next" is whether it is not the last). */
  list: Node[];
  parent?: Node;
  right?: Node;
  count: number;
  freed?: boolean;
}

const hasNext = (n: Node) => n.freed === true || n.list.indexOf(n) < n.list.length - 1;

function indent(node: Node, newline: boolean, spaces: number): string {
  let out = "";
  let n: Node | undefined = node;
  while (n?.parent) { n.parent.right = n; n = n.parent; }
  while (n?.right) { out += hasNext(n) ? "|    " : "     "; n = n.right; }
  if (newline && n) {
    const nx = hasNext(n);
    out += nx && n.count ? "|    |" : nx ? "|     " : n.count ? "     |" : "      ";
  }
  if (spaces > 0) out += " ".repeat(spaces);
  return out;
}

/** The whole -graph output for the classes of one dump, in dump order. */
export function printClassGraph(list: readonly TcClass[], ctx: TcShowCtx, p: Printer): string {
  const roots: Node[] = [];
  const rest: Node[] = [];
  for (const c of list) {
    const isRoot = c.parent === "root";
    const n: Node = { cls: c, list: isRoot ? roots : rest, count: 0 };
    n.list.unshift(n);
  }
  let out = "";
  let buf = "";
  const show = (level: Node[]): void => {
    for (const cls of [...level]) {
      const children: Node[] = [];
      for (const child of [...rest]) {
        if (child.cls.parent === cls.cls.handle) {
          rest.splice(rest.indexOf(child), 1);
          child.list = children;
          children.unshift(child);
          cls.count++;
          child.parent = cls;
        }
      }
      buf += indent(cls, false, 0);
      buf += `+---(${cls.cls.handle})`;
      buf += ` ${cls.cls.kind} `;
      out += buf;
      buf = "";
      if (cls.cls.kind === "htb" && typeof cls.cls.options === "object") {
        htbClass(p, cls.cls.options as HtbClassOptions, ctx);
        out += p.take();
      }
      if (ctx.stats && cls.cls.kind === "htb") {
        buf += indent(cls, true, cls.cls.kind.length - 2 + cls.cls.handle.length);
        if (cls.cls.stats) {
          out += "\n";
          printStats(p, cls.cls.stats, buf, ctx.iec);
          out += p.take();
          buf = "";
        }
        if (hasNext(cls) || cls.count) buf += "\n" + indent(cls, true, 0);
      }
      out += `${buf}\n`;
      buf = "";
      show(children);
      if (!hasNext(cls)) buf += indent(cls, false, 0) + "\n";
      out += buf;
      buf = "";
      cls.freed = true;
    }
  };
  show(roots);
  return out;
}
