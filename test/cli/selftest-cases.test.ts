/**
 * Cases found by running third-party suites against bun-netlink
 * (scripts/selftests/iproute2-testsuite.sh: iproute2 6.1's
 * tests/ip/link/show_dev_wo_vf_rate.t runs `ip -d monitor file BLOB`).
 * `ip monitor file FILE` prints the netlink messages saved in FILE as
 * monitor prints events, including the SR-IOV VF lines of -d; its errors
 * (missing file, truncated or malformed message, unknown type) are ip's;
 * `all` means labels (prefix_banner) and keeps the objects as given.
 * Root, twin namespaces, ip 6.1 as the reference: status, stdout and
 * stderr must agree.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { withTwins } from "./batch-twins.ts";
import { cli, ip } from "./helpers.ts";

/** One netlink attribute (native-endian header, payload padded to 4). */
function attr(type: number, payload: Uint8Array): Uint8Array {
  const len = 4 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, len, true);
  dv.setUint16(2, type, true);
  out.set(payload, 4);
  return out;
}
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};
const u32s = (...v: number[]) => new Uint8Array(new Uint32Array(v).buffer);
const str = (s: string) => new TextEncoder().encode(`${s}\0`);
/** A netlink message: header (type, flags), fixed body, attributes. */
function nlmsg(type: number, flags: number, body: Uint8Array, ...attrs: Uint8Array[]): Uint8Array {
  const payload = cat(body, ...attrs);
  const out = cat(new Uint8Array(16), payload);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, out.length, true);
  dv.setUint16(4, type, true);
  dv.setUint16(6, flags, true);
  return out;
}

/** struct ifinfomsg: family 0, type, index, flags (UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP). */
const ifinfo = (type: number, index: number) => cat(new Uint8Array([0, 0]), new Uint8Array(new Uint16Array([type]).buffer), u32s(index, 0x11043, 0));
const mac32 = (last: number) => cat(new Uint8Array([0x02, 0, 0, 0, 0, last]), new Uint8Array(26));

/** One IFLA_VF_INFO with the members named. */
function vf(n: number, o: { vlanList?: [number, number, number][]; vlan?: [number, number]; tx?: number; rate?: [number, number]; spoof?: number; state?: number; trust?: number; rss?: number; brd?: boolean }): Uint8Array {
  const parts = [attr(1, cat(u32s(n), mac32(n + 1)))];
  if (o.brd) parts.push(attr(13, mac32(0xff)));
  parts.push(attr(2, u32s(n, o.vlan?.[0] ?? 0, o.vlan?.[1] ?? 0)));
  if (o.vlanList) {
    parts.push(attr(12, cat(...o.vlanList.map(([v, q, proto]) => attr(1, cat(u32s(n, v, q), new Uint8Array([proto >> 8, proto & 0xff, 0, 0])))))));
  }
  parts.push(attr(3, u32s(n, o.tx ?? 0)));
  if (o.spoof !== undefined) parts.push(attr(4, u32s(n, o.spoof >>> 0)));
  if (o.state !== undefined) parts.push(attr(5, u32s(n, o.state)));
  if (o.rate) parts.push(attr(6, u32s(n, o.rate[0], o.rate[1])));
  if (o.rss !== undefined) parts.push(attr(7, u32s(n, o.rss >>> 0)));
  if (o.trust !== undefined) parts.push(attr(9, u32s(n, o.trust >>> 0)));
  return attr(1, cat(...parts));
}

/** RTM_NEWLINK of an Ethernet link with `count` VFs announced (IFLA_NUM_VF) and the list given. */
function vfLink(index: number, name: string, count: number, vfs: Uint8Array[], flags = 0x11043): Uint8Array {
  const hdr = ifinfo(1, index);
  new DataView(hdr.buffer).setUint32(8, flags, true);
  return nlmsg(16, 0, hdr,
    attr(3, str(name)), attr(4, u32s(1500)), attr(6, str("mq")),
    attr(1, new Uint8Array([0x02, 0, 0, 0, 0, index])),
    attr(2, new Uint8Array([255, 255, 255, 255, 255, 255])),
    attr(21, u32s(count)), attr(22, cat(...vfs)));
}

const dir = mkdtempSync(join(tmpdir(), "bnl-monitor-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const VFS = file("vfs.nl", cat(
  // as iproute2's testsuite/tools/generate_nlmsg writes it: two VFs, no rates
  vfLink(1, "eth0", 2, [vf(0, { spoof: 1, state: 0 }), vf(1, { spoof: 1, state: 0 })]),
  vfLink(2, "eth1", 3, [
    vf(0, { vlan: [10, 3], tx: 100, rate: [10, 100], spoof: 0, state: 1, trust: 1, rss: 0, brd: true }),
    vf(1, { vlanList: [[20, 1, 0x88a8], [30, 0, 0x8100]], spoof: -1, state: 2, trust: -1, rss: 1 }),
  ]),
  vfLink(3, "ptp0", 1, [vf(0, { brd: true, trust: 0 })], 0x11051),
));
/** RTM_NEWADDR 192.0.2.1/24 on index 1, an RTM_NEWRULE, then NLMSG_DONE and a message of unknown type 99. */
const MIXED = file("mixed.nl", cat(
  vfLink(1, "eth0", 0, []),
  nlmsg(20, 0, cat(new Uint8Array([2, 24, 0, 0]), u32s(1)), attr(1, new Uint8Array([192, 0, 2, 1])), attr(2, new Uint8Array([192, 0, 2, 1]))),
  nlmsg(32, 0, cat(new Uint8Array([2, 0, 0, 0, 5, 0, 0, 1]), u32s(0)), attr(6, u32s(100))),
  nlmsg(3, 2, u32s(0)),
  nlmsg(99, 5, new Uint8Array(0)),
));
/** Addresses on index 1 (lo in every namespace) and 2, for `dev lo`. */
const addr4 = (index: number, last: number) =>
  nlmsg(20, 0, cat(new Uint8Array([2, 24, 0x80, 0]), u32s(index)), attr(1, new Uint8Array([192, 0, 2, last])), attr(2, new Uint8Array([192, 0, 2, last])));
const ON_DEV = file("dev.nl", cat(addr4(1, 7), addr4(2, 8)));
const whole = cat(vfLink(1, "eth0", 0, []));
const TRUNCATED = file("truncated.nl", whole.subarray(0, whole.length - 8));
const SHORT = file("short.nl", new Uint8Array([1, 2, 3, 4]));
const MALFORMED = file("malformed.nl", cat(u32s(8, 16), new Uint8Array(8)));
const HUGE = file("huge.nl", cat(u32s(20000, 16), new Uint8Array(8)));

const CASES: string[][] = [
  ["-d", "monitor", "file", VFS], ["monitor", "file", VFS], ["-d", "-j", "monitor", "file", VFS], ["-d", "-o", "monitor", "f", VFS],
  ["monitor", "all", "file", VFS], ["monitor", "label", "file", MIXED], ["monitor", "file", MIXED], ["-4", "monitor", "file", MIXED],
  ["monitor", "all", "link", "file", MIXED], ["monitor", "link", "file", MIXED],
  ["monitor", "file", TRUNCATED], ["monitor", "file", SHORT], ["monitor", "file", MALFORMED], ["monitor", "file", HUGE],
  ["monitor", "file", join(dir, "missing.nl")], ["monitor", "file"], ["monitor", "file", ON_DEV, "dev", "lo"], ["monitor", "file", ON_DEV, "dev", "nosuch"],
];

describeKernel("ip monitor file: saved messages printed as ip 6.1 prints them", () => {
  it("matches ip on VF lists, mixed messages and broken files", async () => {
    await withTwins("link set lo up\n", async (a, b) => {
      for (const args of CASES) {
        const want = ip(["-n", a, ...args]);
        const got = await cli(["-n", b, ...args]);
        const ctx = args.join(" ").replaceAll(dir, "DIR");
        expect({ code: got.code, stdout: got.stdout, stderr: got.stderr }, ctx).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
      }
    });
  }, 60_000);
});
