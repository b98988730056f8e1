/**
 * Shared actions (`nl.tc.actions`): the per-kind action tables of a
 * namespace, RTM_NEWACTION / RTM_DELACTION / RTM_GETACTION as tc 6.1 sends
 * them (m_action.c):
 *   add      RTM_NEWACTION  CREATE|EXCL, TCA_ACT_TAB { 1: action, 2: ... }
 *   replace  RTM_NEWACTION  CREATE|REPLACE (tc's "change" sends the same)
 *   delete   RTM_DELACTION  TCA_ACT_TAB { N: { KIND, INDEX } }
 *   get      RTM_GETACTION  (no ACK; one RTM_NEWACTION answers)
 *   list     RTM_GETACTION  DUMP, TCA_ACT_TAB { 1: { KIND } }, TCA_ROOT_FLAGS large-dump
 *   flush    RTM_DELACTION  ROOT, the same body as list
 * Actions are the model of action-options.ts (TcActionSpec): what list()
 * returns can be passed back to delete() or replace().
 *
 *   nl.tc.actions.add({ kind: "mirred", direction: "egress", action: "redirect", dev: "v1", index: 5 });
 *   nl.tc.actions.list("mirred");   // [{ kind: "mirred", index: 5, order: 0, refcnt: 1, ... }]
 */
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_ROOT } from "../../../codecs/core/constants.ts";
import type { TcAction } from "../../../codecs/tc/actions.ts";
import { actionMessage, actionRequest, type TcActionMessage } from "../../../codecs/tc/message.ts";
import { RTM_TC } from "../../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { actionsFromWire, actionsToWire, type TcActionSpec } from "./action-options.ts";
import { int, obj } from "./check.ts";

/** One action of a kind's table, by index. */
export interface ActionRef {
  kind: string;
  index: number;
}

/**
 * One kernel message of a list or get answer: tc prints each as
 * "total acts COUNT" followed by its actions (orders as the kernel numbered them).
 */
export interface ActionPage {
  /** TCA_ROOT_COUNT (0 when absent, as in a get answer). */
  count: number;
  actions: TcActionSpec[];
}

/** What list() may be narrowed to. */
export interface ActionListOptions {
  /** Only actions used within the last `since` milliseconds (TCA_ROOT_TIME_DELTA, tc's "since"). */
  since?: number;
  /** Ask for a terse dump (TCA_ACT_FLAG_TERSE_DUMP, `tc -brief actions ls`): kind, index, statistics and cookie only. */
  terse?: boolean;
}

const LARGE_DUMP = "0100000001000000"; // nla_bitfield32 { TCA_ACT_FLAG_LARGE_DUMP_ON, same }
const LARGE_TERSE_DUMP = "0300000003000000"; // ... | TCA_ACT_FLAG_TERSE_DUMP

function kindOf(v: unknown, field: string): string {
  if (typeof v !== "string" || v === "" || new TextEncoder().encode(v).length > 15) throw new TypeError(`${field}: expected an action kind name (1-15 bytes), got ${JSON.stringify(v)}`);
  return v;
}

function refs(v: ActionRef | readonly ActionRef[], field: string): TcAction[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new TypeError(`${field}: expected at least one { kind, index }`);
  return list.map((r, i) => {
    const p = Array.isArray(v) ? `${field}[${i}]` : field;
    const o = obj(r, p);
    return { order: i + 1, kind: kindOf(o.kind, `${p}.kind`), index: int(o.index, 1, 0xffffffff, `${p}.index`) };
  });
}

function page(m: TcActionMessage): ActionPage {
  return { count: m.attrs.count ?? 0, actions: actionsFromWire(m.attrs.tab) ?? [] };
}

/** The action tables of one connection's namespace. */
export class ActionApi {
  constructor(readonly conn: NetlinkConnection) {}

  private resolve = (name: string, field: string): number => resolveIndex(this.conn, name, field);

  /** Every action of `kind` (an empty list when the kind is not loaded). */
  list(kind: string, opts: ActionListOptions = {}): TcActionSpec[] {
    return this.pages(kind, opts).flatMap((p) => p.actions);
  }

  /** list() as the kernel sends it: one page per message, each with its TCA_ROOT_COUNT. */
  pages(kind: string, opts: ActionListOptions = {}): ActionPage[] {
    const msg = this.tableMessage(kind, opts, "kind");
    return this.conn.dump(RTM_TC.GETACTION, actionRequest, msg, actionMessage).map(page);
  }

  /** One action by kind and index; NetlinkError ENOENT when there is none. */
  get(ref: ActionRef): TcActionSpec {
    const p = this.getPage(ref);
    const a = p.actions[0];
    if (a === undefined) throw new Error(`RTM_GETACTION: the kernel answered without the action ${ref.kind} ${ref.index}`);
    return a;
  }

  /** tc action get with one or several actions: the kernel's one answer. */
  getPage(ref: ActionRef | readonly ActionRef[]): ActionPage {
    const tab = refs(ref, "ref");
    return page(this.conn.get(RTM_TC.GETACTION, actionRequest, { family: 0, attrs: { tab } }, actionMessage));
  }

  /** `tc action add`: EEXIST when an action of that kind has the index. */
  add(spec: TcActionSpec | readonly TcActionSpec[]): void {
    this.modify(NLM_F_CREATE | NLM_F_EXCL, spec);
  }

  /** `tc action replace`: create, or replace the action with that index. */
  replace(spec: TcActionSpec | readonly TcActionSpec[]): void {
    this.modify(NLM_F_CREATE | NLM_F_REPLACE, spec);
  }

  /** `tc action change`: tc 6.1 sends exactly what replace sends. */
  change(spec: TcActionSpec | readonly TcActionSpec[]): void {
    this.modify(NLM_F_CREATE | NLM_F_REPLACE, spec);
  }

  /** `tc action delete`: actions by kind and index (EPERM while a filter is bound to one). */
  delete(ref: ActionRef | readonly ActionRef[]): void {
    this.conn.ack(RTM_TC.DELACTION, 0, actionRequest, { family: 0, attrs: { tab: refs(ref, "ref") } });
  }

  /** `tc action flush`: delete every unbound action of `kind`; the kernel warns (lastWarning) when some stay. `terse`: the flag `tc -brief` also sets. */
  flush(kind: string, opts: { terse?: boolean } = {}): void {
    this.conn.ack(RTM_TC.DELACTION, NLM_F_ROOT, actionRequest, this.tableMessage(kind, opts.terse ? { terse: true } : {}, "kind"));
  }

  private tableMessage(kind: string, opts: ActionListOptions, field: string): TcActionMessage {
    const o = obj(opts, "opts");
    if (o.terse !== undefined && typeof o.terse !== "boolean") throw new TypeError(`opts.terse: expected a boolean, got ${String(o.terse)}`);
    const attrs: TcActionMessage["attrs"] = { tab: [{ order: 1, kind: kindOf(kind, field) }], flags: o.terse ? LARGE_TERSE_DUMP : LARGE_DUMP };
    if (o.since !== undefined && o.since !== 0) attrs.timeDelta = int(o.since, 0, 0xffffffff, "opts.since");
    return { family: 0, attrs };
  }

  private modify(flags: number, spec: TcActionSpec | readonly TcActionSpec[]): void {
    const list = Array.isArray(spec) ? spec : [spec];
    if (list.length === 0) throw new TypeError("actions: expected at least one action");
    const tab = actionsToWire(list, "actions", this.resolve);
    this.conn.ack(RTM_TC.NEWACTION, flags, actionRequest, { family: 0, attrs: { tab } });
  }
}
