// Observability: the per-connection trace hook sees every request and reply (bytes and
// decoded), and the pcap it writes opens in tcpdump (LINKTYPE_NETLINK, one record per
// netlink message); the CLI writes the same file with BUN_NETLINK_PCAP.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import type { TraceEvent } from "../../lib/transport/trace.ts";
import { describeKernel, tempNetns } from "../helpers/netns.ts";

const repo = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "bnl-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tcpdump -r: one output line per record (its -q summary), and the link type it reports. */
function tcpdump(file: string): { linkType: string; records: string[] } {
  const r = spawnSync("tcpdump", ["-r", file, "-nn", "-q", "-tt"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tcpdump -r ${file} failed (${r.status}): ${r.stderr}`);
  return { linkType: /link-type (\S+)/.exec(r.stderr)?.[1] ?? "", records: r.stdout.split("\n").filter((l) => /^\d/.test(l)) };
}

/** tshark's netlink dissector, when tshark is installed (CI installs tcpdump only): each record's nlmsg_len. */
function tsharkLengths(file: string): number[] | undefined {
  const r = spawnSync("tshark", ["-r", file, "-T", "fields", "-e", "netlink.hdr_len"], { encoding: "utf8" });
  if (r.error !== undefined) return undefined; // not installed
  if (r.status !== 0) throw new Error(`tshark -r ${file} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim().split("\n").map((l) => Number(l.split(",")[0])); // an ACK also shows the echoed header's length
}

/** The netlink messages of a pcap file as (outgoing, bytes) read with our own eyes: cooked header + message. */
function pcapRecords(file: string): { pkttype: number; hatype: number; message: Uint8Array }[] {
  const b = readFileSync(file);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = [];
  for (let off = 24; off < b.length; ) {
    const incl = dv.getUint32(off + 8, true);
    out.push({ pkttype: dv.getUint16(off + 16, false), hatype: dv.getUint16(off + 18, false), message: b.subarray(off + 32, off + 16 + incl) });
    off += 16 + incl;
  }
  return out;
}

describeKernel("trace hook and pcap", () => {
  it("shows every request and reply to the hook and writes one pcap record per message that tcpdump reads", () => {
    using ns = tempNetns();
    const file = join(dir, "lib.pcap");
    ns.exec(["ip", "link", "add", "tr0", "type", "veth", "peer", "name", "tr1"]);
    const events: TraceEvent[] = [];
    {
      using nl = openRtnl({ netns: ns.name, trace: (ev) => events.push(ev), pcap: file });
      nl.links.set("tr0", { mtu: 1400 });
      expect(nl.links.list().map((l) => l.attrs.ifname).sort()).toEqual(["lo", "tr0", "tr1"]);
    }
    type Link = { attrs: { ifname?: string; mtu?: number } };
    const requests = events.filter((e) => e.direction === "request").flatMap((e) => e.messages);
    const replies = events.filter((e) => e.direction === "reply").flatMap((e) => e.messages);
    // The set is an RTM_NEWLINK carrying IFLA_MTU; the list is an RTM_GETLINK dump (NLM_F_DUMP = 0x300).
    const set = requests.find((m) => m.typeName === "RTM_NEWLINK");
    expect((set?.decoded as Link).attrs.mtu).toBe(1400);
    expect(requests.at(-1)).toMatchObject({ typeName: "RTM_GETLINK" });
    expect((requests.at(-1)?.flags ?? 0) & 0x300).toBe(0x300);
    for (const m of replies.filter((x) => x.typeName === "NLMSG_ERROR")) expect(m.decoded).toMatchObject({ errno: 0 });
    const dump = replies.slice(-4);
    expect(dump.map((m) => m.typeName)).toEqual(["RTM_NEWLINK", "RTM_NEWLINK", "RTM_NEWLINK", "NLMSG_DONE"]);
    expect(dump.slice(0, 3).map((m) => (m.decoded as Link).attrs.ifname).sort()).toEqual(["lo", "tr0", "tr1"]);
    expect(dump.slice(0, 3).find((m) => (m.decoded as Link).attrs.ifname === "tr0")?.decoded).toMatchObject({ attrs: { mtu: 1400 } });
    for (const ev of events) {
      const total = ev.messages.reduce((n, m) => n + ((m.bytes.length + 3) & ~3), 0);
      expect(total).toBeGreaterThanOrEqual(ev.datagram.length); // the messages tile the datagram
      for (const m of ev.messages) expect(new DataView(m.bytes.buffer, m.bytes.byteOffset).getUint32(0, true)).toBe(m.bytes.length);
    }

    const all = [...events.flatMap((e) => e.messages.map((m) => ({ out: e.direction === "request", bytes: m.bytes })))];
    const td = tcpdump(file);
    expect(td.linkType).toBe("NETLINK");
    expect(td.records).toHaveLength(all.length);
    const recs = pcapRecords(file);
    expect(recs.map((r) => [r.pkttype, r.hatype])).toEqual(all.map((m) => [m.out ? 4 : 0, 824]));
    expect(recs.map((r) => Buffer.from(r.message).toString("hex"))).toEqual(all.map((m) => Buffer.from(m.bytes).toString("hex")));
    const shark = tsharkLengths(file);
    if (shark !== undefined) expect(shark).toEqual(all.map((m) => m.bytes.length));
  });

  it("BUN_NETLINK_PCAP makes the CLI write its exchange, one tcpdump record per message", () => {
    using ns = tempNetns();
    ns.exec(["ip", "link", "add", "tc0", "type", "veth", "peer", "name", "tc1"]);
    const file = join(dir, "cli.pcap");
    const r = spawnSync(process.execPath, [join(repo, "cli/bun-netlink"), "-n", ns.name, "-o", "link", "show"], {
      encoding: "utf8",
      env: { ...process.env, BUN_NETLINK_PCAP: file },
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
    const recs = pcapRecords(file);
    const types = recs.map((x) => new DataView(x.message.buffer, x.message.byteOffset).getUint16(4, true));
    // At least the GETLINK dump request and its three RTM_NEWLINK answers and NLMSG_DONE.
    expect(types.filter((t) => t === 16)).toHaveLength(3);
    expect(types).toContain(18);
    expect(types).toContain(3);
    expect(tcpdump(file).records).toHaveLength(recs.length);
  });
});
