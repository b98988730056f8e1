/**
 * The batch runner's fast path for the commonest route lines,
 *
 *   route add|change|replace|append|del  PREFIX  [via ADDR]  [dev|oif NAME]  [table T]  [metric M]
 *   route add|...|del  PREFIX  [table T]  [metric M]  nexthop [via ADDR] [dev NAME] [weight W]  nexthop ...
 *
 * (IPv4 or IPv6, gateways of the prefix's family, keywords in any order
 * before the nexthop groups, each at most once): the words are checked and
 * parsed once into the route codec's rows (codecs/route/rows.ts, the
 * writer RouteApi.addMany uses too), which write the RTM_NEWROUTE /
 * RTM_DELROUTE request straight into the batch buffer, with no RouteSpec,
 * PreparedRoute or RouteMessage per line. The bytes are exactly those of
 * the generic path (route-modify.ts parseRouteSpec -> lib/rtnl RouteApi ->
 * routeRequestCodec): rtmsg as iproute2 fills it, then RTA_DST,
 * RTA_TABLE (table > 255), RTA_PRIORITY, RTA_GATEWAY, RTA_OIF,
 * RTA_MULTIPATH (test/cli/route-fast.test.ts compares them, and the
 * messages, for many random lines).
 *
 * Anything else (other keywords or abbreviations, short IPv4 forms, a
 * gateway of the other family, host bits set, a zero prefix, duplicates,
 * values the generic path might refuse) is not taken: `parse` returns -1
 * and the line goes through the generic path, so every message and status
 * stays the generic one.
 */
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../codecs/core/constants.ts";
import type { MessageCodec } from "../codecs/core/message.ts";
import { AF_INET, AF_INET6 } from "../codecs/ip/family.ts";
import { parseIPv6Into } from "../codecs/ip/ipv6-parse.ts";
import { RouteRows } from "../codecs/route/rows.ts";
import { RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE, RT_TABLE_MAIN, RTN_UNICAST, RTN_UNSPEC, RTPROT_BOOT } from "../codecs/route/tables.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { checkIfIndex } from "../lib/rtnl/shared/ifindex.ts";
import { decimal, LastWord, quad } from "./batch-words.ts";
import { nodevNexthop } from "./errors.ts";
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

const VIA = 1, DEV = 2, TABLE = 3, METRIC = 4, OIF = 5, NEXTHOP = 6, WEIGHT = 7;
/** Most nexthop groups a line the fast path takes may have. */
const MAX_HOPS = 32;

/** The keyword b[s, e) is, of via, dev, oif, table, metric, nexthop, weight (exact words), or 0. */
function keyword(b: Uint8Array, s: number, e: number): number {
  switch (e - s) {
    case 3: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2];
      if (c0 === 118 && c1 === 105 && c2 === 97) return VIA; // via
      if (c0 === 100 && c1 === 101 && c2 === 118) return DEV; // dev
      if (c0 === 111 && c1 === 105 && c2 === 102) return OIF; // oif
      return 0;
    }
    case 7: // nexthop
      return b[s] === 110 && b[s + 1] === 101 && b[s + 2] === 120 && b[s + 3] === 116 && b[s + 4] === 104 && b[s + 5] === 111 && b[s + 6] === 112 ? NEXTHOP : 0;
    case 5: // table
      return b[s] === 116 && b[s + 1] === 97 && b[s + 2] === 98 && b[s + 3] === 108 && b[s + 4] === 101 ? TABLE : 0;
    case 6: // metric, weight
      if (b[s] === 119) return b[s + 1] === 101 && b[s + 2] === 105 && b[s + 3] === 103 && b[s + 4] === 104 && b[s + 5] === 116 ? WEIGHT : 0;
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
  /** Word positions of the line's nexthop groups (via start, end, dev start, end; NONE: absent) and their weights. */
  private readonly hopWords = new Int32Array(MAX_HOPS * 4);
  private readonly hopWeight = new Uint16Array(MAX_HOPS);
  private readonly hopOif = new Int32Array(MAX_HOPS);
  /** The line's addresses: destination, gateway, one gateway per group (16 bytes each). */
  private readonly scratch = new Uint8Array(16 * (MAX_HOPS + 2));
  /** nlmsg type and flags of the line `parse` accepted last. */
  type = 0;
  flags = 0;
  /** Its family, table and number of nexthop groups (for batch-groups.ts, which need not read its bytes). */
  rowFamily = 0;
  rowTable = 0;
  rowHops = 0;
  /** Its dst_len (its destination's bytes: `rowDst`). */
  rowLen = 0;
  /** Whether its next hops all have a gateway (batch.ts: a route without one may change how gateways resolve). */
  rowGateway = true;
  /** Writes the row given as the message. */
  readonly codec: MessageCodec<number>;

  /**
   * `family`: the request's starting family (cli/prefix.ts requestFamily: AF_INET, AF_INET6, AF_PACKET,
   * which no destination agrees with, or 0 for neither);
   * `rows`: how many rows to make room for at first (they grow as needed).
   */
  constructor(private readonly family: number, private readonly env: FastEnv, private readonly nodev: (name: string) => Error, rows = 1024) {
    this.rows = new RouteRows(rows);
    this.codec = this.rows.codec;
  }

  /** The destination's bytes of the line `parse` accepted last (overwritten by the next line). */
  get rowDst(): Uint8Array {
    return this.scratch;
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
   * does not exist throws `nodev(name)` (in a nexthop group: nodevNexthop)
   * as the generic path would.
   *
   * One pass over the bytes: words are split at blanks as makeargs does
   * (a line with a quote character is left to the generic path, which
   * knows makeargs' quoting) and taken as they come.
   */
  parse(b: Uint8Array, start: number, end: number): number {
    let m: { type: number; flags: number } | null | undefined;
    let dstS = NONE, dstE = NONE, gwS = NONE, gwE = NONE, table = NONE, metric = NONE;
    let devS = NONE, devE = NONE;
    let hops = 0; // nexthop groups seen (then every later word belongs to them)
    const hv = this.hopWords;
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
      } else if (hops > 0) {
        // parse_nexthops / parse_one_nh: nexthop, via, dev, weight (each once in a group)
        const h = (hops - 1) * 4;
        if (want === 0) {
          want = keyword(b, ws, we);
          if (want === NEXTHOP) {
            if (hv[h] === NONE && hv[h + 2] === NONE) return -1; // a group with neither gateway nor link
            if (hops === MAX_HOPS) return -1;
            const n = hops * 4;
            hv[n] = hv[n + 2] = NONE;
            this.hopWeight[hops++] = 1;
            want = 0;
          } else if (want === OIF || want === 0 || want === TABLE || want === METRIC) return -1;
        } else {
          if (want === VIA) {
            if (hv[h] !== NONE) return -1;
            hv[h] = ws;
            hv[h + 1] = we;
          } else if (want === DEV) {
            if (hv[h + 2] !== NONE) return -1;
            hv[h + 2] = ws;
            hv[h + 3] = we;
          } else {
            const v = decimal(b, ws, we);
            if (v < 1 || v > 256) return -1;
            this.hopWeight[hops - 1] = v;
          }
          want = 0;
        }
      } else if (want === 0) {
        want = keyword(b, ws, we);
        if (want === OIF) want = DEV;
        else if (want === WEIGHT) return -1;
        else if (want === NEXTHOP) {
          // the destination comes first (it gives the family of the groups' gateways); no route-level next hop
          if (dstS === NONE || gwS !== NONE || devS !== NONE) return -1;
          hv[0] = hv[2] = NONE;
          this.hopWeight[0] = 1;
          hops = 1;
          want = 0;
        } else if (want === 0) {
          if (dstS !== NONE) return -1;
          dstS = ws;
          dstE = we;
        }
      } else {
        if (want === VIA) {
          if (gwS !== NONE) return -1;
          gwS = ws;
          gwE = we;
        } else if (want === DEV) {
          if (devS !== NONE) return -1;
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
    // a keyword without its value, no destination, an empty last group: the generic path has the message
    if (want !== 0 || dstS === NONE || m === undefined || m === null) return -1;
    if (hops > 0 && hv[(hops - 1) * 4] === NONE && hv[(hops - 1) * 4 + 2] === NONE) return -1;
    // the family is the destination's; -4/-6 must agree with it
    let fam = AF_INET;
    for (let j = dstS; j < dstE; j++) if (b[j] === 58) fam = AF_INET6;
    if (this.family !== 0 && this.family !== fam) return -1;
    const del = m.type === RTM_DELROUTE;
    const rows = this.rows;
    const t = table === NONE ? RT_TABLE_MAIN : table;
    const scope = fam === AF_INET6 ? RT_SCOPE_UNIVERSE : del ? RT_SCOPE_NOWHERE : gwS !== NONE || hops > 0 ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    // the prefix length: plain decimal 1..max (a zero prefix and other spellings are the generic path's)
    let slash = dstS;
    while (slash < dstE && b[slash] !== 47) slash++;
    const max = fam === AF_INET ? 32 : 128;
    let len = max;
    if (slash < dstE) {
      len = decimal(b, slash + 1, dstE);
      if (len < 1 || len > max) return -1;
    }
    // every address before any lookup, into the scratch bytes: the destination (host bits set: left to the
    // generic path, which leaves them to the kernel), the gateways of the destination's family
    const sc = this.scratch;
    if (!this.addr(b, dstS, slash, fam, 0) || hostBits(sc, len, fam === AF_INET ? 4 : 16)) return -1;
    if (gwS !== NONE && !this.addr(b, gwS, gwE, fam, 16)) return -1;
    for (let h = 0; h < hops; h++) if (hv[h * 4] !== NONE && !this.addr(b, hv[h * 4]!, hv[h * 4 + 1]!, fam, 32 + h * 16)) return -1;
    // link words that make the line run unqueued (netns...) or are not plain ASCII: the generic path's
    if (devS !== NONE && !this.linkWord(b, devS, devE)) return -1;
    for (let h = 0; h < hops; h++) if (hv[h * 4 + 2] !== NONE && !this.linkWord(b, hv[h * 4 + 2]!, hv[h * 4 + 3]!)) return -1;
    // the links, in the order of the line (ip's lookups and its first "Cannot find device"); a lookup
    // may send the queue (and drop its rows), so the row is begun only after them
    const oif = devS === NONE ? 0 : this.link(b, devS, devE, -1);
    const ho = this.hopOif;
    for (let h = 0; h < hops; h++) ho[h] = hv[h * 4 + 2] === NONE ? 0 : this.link(b, hv[h * 4 + 2]!, hv[h * 4 + 3]!, h);
    const row = rows.begin(fam, len, t, del ? 0 : RTPROT_BOOT, scope, del ? RTN_UNSPEC : RTN_UNICAST);
    rows.dstBytes(sc, 0);
    if (metric !== NONE) rows.setMetric(metric);
    if (gwS !== NONE) rows.gatewayBytes(sc, 16);
    if (oif !== 0) rows.setOif(oif);
    for (let h = 0; h < hops; h++) rows.pathBytes(hv[h * 4] === NONE ? undefined : sc, 32 + h * 16, ho[h]!, this.hopWeight[h]!, false);
    this.type = m.type;
    this.flags = m.flags;
    this.rowFamily = fam;
    this.rowTable = t;
    this.rowHops = hops;
    this.rowLen = len;
    let gw = hops > 0 || gwS !== NONE;
    for (let h = 0; h < hops; h++) if (hv[h * 4] === NONE) gw = false;
    this.rowGateway = gw;
    return row;
  }
  /**
   * Parse address b[s, e) of family `fam` into scratch[at...], from the
   * line's bytes (IPv6: inet_pton's syntax, as ip reads it); false if it is not one.
   */
  private addr(b: Uint8Array, s: number, e: number, fam: number, at: number): boolean {
    const sc = this.scratch;
    if (fam !== AF_INET) return parseIPv6Into(b, s, e, sc, at);
    const v = quad(b, s, e);
    if (v < 0) return false;
    sc[at] = v >>> 24; sc[at + 1] = (v >>> 16) & 255; sc[at + 2] = (v >>> 8) & 255; sc[at + 3] = v & 255;
    return true;
  }

  /** True when link word b[s, e) is plain ASCII and not one of batch.ts's SYNC words (made the last link word). */
  private linkWord(b: Uint8Array, s: number, e: number): boolean {
    const dw = this.devWord;
    if (!dw.same(b, s, e)) {
      if (!dw.take(b, s, e)) return false;
      dw.value = this.env.syncWord(dw.word);
      this.oifVersion = -1;
    }
    return !dw.value;
  }

  /**
   * The ifindex of link word b[s, e) (checked by linkWord): the same
   * word as the lookup before answers from it while the link names are
   * unchanged. A missing link throws ip's error (`hop` >= 0: nexthop group `hop`'s).
   */
  private link(b: Uint8Array, s: number, e: number, hop: number): number {
    this.linkWord(b, s, e);
    if (this.oifVersion >= 0 && this.oifVersion === this.env.namesVersion()) return this.oif1;
    const word = this.devWord.word;
    const oif = this.env.indexOf(word);
    if (oif === 0) throw hop >= 0 ? nodevNexthop(word) : this.nodev(word);
    // an "ifN" word beyond the index range: RouteApi's check refuses it (the lookup is made once either way)
    checkIfIndex(oif, hop >= 0 ? `multipath[${hop}].dev` : "dev");
    this.oif1 = oif;
    this.oifVersion = this.env.namesVersion();
    return oif;
  }
}

/** True when a[0, bytes) has bits set beyond prefix length `len`. */
function hostBits(a: Uint8Array, len: number, bytes: number): boolean {
  for (let k = len; k < bytes * 8; k++) if (a[k >> 3]! & (0x80 >> (k & 7))) return true;
  return false;
}
