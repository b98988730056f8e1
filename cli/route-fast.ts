/**
 * The batch runner's fast path for the commonest route lines,
 *
 *   route add|change|replace|append|del  A.B.C.D[/LEN]  [via A.B.C.D]  [dev|oif NAME]  [table T]  [metric M]
 *
 * (keywords in any order, each at most once): the words are checked and
 * parsed once into the route codec's rows (codecs/route/rows.ts, the
 * writer RouteApi.addMany uses too), which write the RTM_NEWROUTE /
 * RTM_DELROUTE request straight into the batch buffer, with no RouteSpec,
 * PreparedRoute or RouteMessage per line. The bytes are exactly those of
 * the generic path (route-modify.ts parseRouteSpec -> lib/rtnl RouteApi ->
 * routeRequestCodec): rtmsg as iproute2 fills it, then RTA_DST,
 * RTA_TABLE (table > 255), RTA_PRIORITY, RTA_GATEWAY, RTA_OIF
 * (test/cli/route-fast.test.ts compares them, and the messages, for many
 * random lines).
 *
 * Anything else (other keywords or abbreviations, IPv6, short IPv4 forms,
 * host bits set, a zero prefix, duplicates, values the generic path might
 * refuse) is not taken: `parse` returns -1 and the line goes through
 * the generic path, so every message and status stays the generic one.
 */
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../codecs/core/constants.ts";
import type { MessageCodec } from "../codecs/core/message.ts";
import { AF_INET, AF_INET6 } from "../codecs/ip/family.ts";
import { RouteRows } from "../codecs/route/rows.ts";
import { RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE, RT_TABLE_MAIN, RTN_UNICAST, RTN_UNSPEC, RTPROT_BOOT } from "../codecs/route/tables.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { checkIfIndex } from "../lib/rtnl/shared/ifindex.ts";
import { decimal, LastWord, quad } from "./batch-words.ts";
import { routeCommand } from "./route-commands.ts";

const RTM_NEWROUTE = RTM.NEWROUTE, RTM_DELROUTE = RTM.DELROUTE;

/** The route modes the fast path writes, with their nlmsg type and flags. */
const MODES: Record<string, { type: number; flags: number } | undefined> = {
  add: { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL },
  change: { type: RTM_NEWROUTE, flags: NLM_F_REPLACE },
  replace: { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_REPLACE },
  append: { type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_APPEND },
  del: { type: RTM_DELROUTE, flags: 0 },
};

const VIA = 1, DEV = 2, TABLE = 3, METRIC = 4;

/** The keyword b[s, e) is, of via, dev/oif, table, metric (exact words), or 0. */
function keyword(b: Uint8Array, s: number, e: number): number {
  switch (e - s) {
    case 3: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2];
      if (c0 === 118 && c1 === 105 && c2 === 97) return VIA; // via
      if (c0 === 100 && c1 === 101 && c2 === 118) return DEV; // dev
      if (c0 === 111 && c1 === 105 && c2 === 102) return DEV; // oif
      return 0;
    }
    case 5: // table
      return b[s] === 116 && b[s + 1] === 97 && b[s + 2] === 98 && b[s + 3] === 108 && b[s + 4] === 101 ? TABLE : 0;
    case 6: // metric
      return b[s] === 109 && b[s + 1] === 101 && b[s + 2] === 116 && b[s + 3] === 114 && b[s + 4] === 105 && b[s + 5] === 99 ? METRIC : 0;
    default:
      return 0;
  }
}

/** Where `parse` finds link and table names (the batch's LinkNames and TABLES). */
export interface FastEnv {
  /** ip's ll_name_to_index (0: no such link); may talk to the kernel. */
  indexOf(name: string): number;
  /** Changes whenever indexOf may answer differently for a name it answered before (LinkNames.version). */
  namesVersion(): number;
  /** A table name or number (TABLES.id), undefined if neither. */
  tableId(word: string): number | undefined;
  /** True for a word that makes the batch send the line's request at once (batch.ts SYNC_WORDS). */
  syncWord(word: string): boolean;
}

const NONE = -1;
const ROUTE = Uint8Array.of(114, 111, 117, 116, 101); // "route"
/** Byte classes of makeargs: 1 a blank it splits at, 2 a quote, 0 anything else. */
const CLS = new Uint8Array(256);
CLS[32] = CLS[9] = CLS[13] = CLS[10] = 1;
CLS[39] = CLS[34] = 2;

/**
 * Routes parsed by the fast path and not yet written: one row per queued
 * line. `codec` writes row `msg` (the rtmsg and attributes after the
 * nlmsghdr). Rows are dropped with `clear` once their batch was sent.
 */
export class FastRoutes {
  /** The queued lines' requests (the route codec's bulk writer). */
  private readonly rows: RouteRows;
  /** The command word (add, del...) and its mode (null: not one of MODES). */
  private readonly cmdWord = new LastWord<{ type: number; flags: number } | null>();
  /** The link name and whether it is a SYNC word. */
  private readonly devWord = new LastWord<boolean>();
  /** Its index, and the LinkNames version it was looked up in (-1: none). */
  private oif1 = 0;
  private oifVersion = -1;
  /** The table word and its id (NONE: not one the fast path takes). */
  private readonly tableWord = new LastWord<number>();
  /** nlmsg type and flags of the line `parse` accepted last. */
  type = 0;
  flags = 0;
  /** Writes the row given as the message. */
  readonly codec: MessageCodec<number>;

  /**
   * `family`: the -4/-6 family (AF_INET, AF_INET6, or 0 for neither);
   * `rows`: how many rows to make room for at first (they grow as needed).
   */
  constructor(private readonly family: number, private readonly env: FastEnv, private readonly nodev: (name: string) => Error, rows = 1024) {
    this.rows = new RouteRows(rows);
    this.codec = this.rows.codec;
  }

  /** Rows held. */
  get size(): number {
    return this.rows.size;
  }

  /** Forget every row (their requests have been written). */
  clear(): void {
    this.rows.clear();
  }

  /**
   * Take the batch line b[start, end) if it has the fast shape: record
   * its row and set `type`/`flags`, returning the row; -1 when the line is
   * not of the fast shape (nothing recorded, no lookup made). A `dev` that
   * does not exist throws `nodev(name)` as the generic path would.
   *
   * One pass over the bytes: words are split at blanks as makeargs does
   * (a line with a quote character is left to the generic path, which
   * knows makeargs' quoting) and taken as they come.
   */
  parse(b: Uint8Array, start: number, end: number): number {
    if (this.family === AF_INET6) return -1;
    let m: { type: number; flags: number } | null | undefined;
    let dst = NONE, len = 0, gw = NONE, table = NONE, metric = NONE;
    let devS = -1, devE = -1;
    let word = 0; // index of the word
    let want = 0; // the keyword whose value the next word is (0: none)
    let i = start;
    for (;;) {
      let k = 1;
      while (i < end && (k = CLS[b[i]!]!) === 1) i++;
      if (i >= end) break;
      const ws = i;
      while (k === 0) k = ++i < end ? CLS[b[i]!]! : 1;
      if (k === 2) return -1; // a quote in the word
      const we = i;
      if (word === 0) {
        // the object: a prefix of "route" (ip's object table has nothing before route starting with "r")
        if (we - ws > 5) return -1;
        for (let j = ws; j < we; j++) if (b[j] !== ROUTE[j - ws]) return -1;
      } else if (word === 1) {
        const cw = this.cmdWord;
        if (!cw.same(b, ws, we)) {
          if (!cw.take(b, ws, we)) return -1;
          const mode = routeCommand(cw.word);
          cw.value = mode === undefined ? null : MODES[mode] ?? null;
        }
        m = cw.value;
        if (m === null || m === undefined) return -1;
      } else if (want === 0) {
        want = keyword(b, ws, we);
        if (want === 0) {
          if (dst !== NONE) return -1;
          let slash = ws;
          while (slash < we && b[slash] !== 47) slash++;
          dst = quad(b, ws, slash);
          if (dst < 0) return -1;
          if (slash === we) len = 32;
          else {
            len = decimal(b, slash + 1, we);
            if (len < 1 || len > 32) return -1;
            // host bits set: the generic path refuses it with its own message
            if (len < 32 && dst % 2 ** (32 - len) !== 0) return -1;
          }
        }
      } else {
        if (want === VIA) {
          if (gw !== NONE) return -1;
          gw = quad(b, ws, we);
          if (gw < 0) return -1;
        } else if (want === DEV) {
          if (devS >= 0) return -1;
          devS = ws;
          devE = we;
        } else if (want === TABLE) {
          if (table !== NONE) return -1;
          const tw = this.tableWord;
          if (!tw.same(b, ws, we)) {
            if (!tw.take(b, ws, we)) return -1;
            const t = this.env.tableId(tw.word);
            tw.value = t === undefined || !Number.isInteger(t) || t < 1 || t > 0xffffffff || this.env.syncWord(tw.word) ? NONE : t;
          }
          table = tw.value!;
          if (table === NONE) return -1;
        } else {
          if (metric !== NONE) return -1;
          metric = decimal(b, ws, we);
          if (metric < 0 || metric > 0xffffffff) return -1;
        }
        want = 0;
      }
      word++;
    }
    // a keyword without its value, or no destination: the generic path has the message
    if (want !== 0 || dst === NONE || m === undefined || m === null) return -1;
    let oif = 0;
    if (devS >= 0) {
      const dw = this.devWord;
      if (!dw.same(b, devS, devE)) {
        if (!dw.take(b, devS, devE)) return -1;
        dw.value = this.env.syncWord(dw.word);
        this.oifVersion = -1;
      }
      if (dw.value) return -1;
      // the index of the same link name as on the line before, while the names are unchanged
      if (this.oifVersion >= 0 && this.oifVersion === this.env.namesVersion()) oif = this.oif1;
      else {
        oif = this.env.indexOf(dw.word);
        if (oif === 0) throw this.nodev(dw.word);
        // an "ifN" word beyond the index range: RouteApi's check refuses it (the lookup is made once either way)
        checkIfIndex(oif, "dev");
        this.oif1 = oif;
        this.oifVersion = this.env.namesVersion();
      }
    }
    const del = m.type === RTM_DELROUTE;
    const t = table === NONE ? RT_TABLE_MAIN : table;
    const rows = this.rows;
    const row = rows.begin(AF_INET, len, t, del ? 0 : RTPROT_BOOT, del ? RT_SCOPE_NOWHERE : gw !== NONE ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK, del ? RTN_UNSPEC : RTN_UNICAST);
    rows.dst4(dst);
    if (metric !== NONE) rows.setMetric(metric);
    if (gw !== NONE) rows.gateway4(gw);
    if (oif !== 0) rows.setOif(oif);
    this.type = m.type;
    this.flags = m.flags;
    return row;
  }
}
