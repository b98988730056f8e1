/**
 * `route save|restore|showdump` against iproute2 6.1's ip in throwaway
 * namespaces: our saved stream equals ip's byte for byte except each
 * message's nlmsg_seq and nlmsg_pid (the dumping socket's own values, which
 * neither restore nor showdump reads); each tool reads the other's stream;
 * a restore into a fresh namespace gives ip's `-j route show table all`.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { CLI_BIN as BIN, ipx, noSeqPid, ok, ours, run, text } from "./save-streams.ts";

const LINKS = [
  "link add v0 type veth peer name v1", "link set lo up", "link set v0 up", "link set v1 up",
  "addr add 192.0.2.1/24 dev v0", "addr add 198.51.100.1/24 dev v1", "addr add 2001:db8:1::1/64 dev v0 nodad",
];
const ROUTES = [
  "route add 203.0.113.0/24 via 192.0.2.2 metric 7", "route add table 100 203.0.113.128/25 dev v1 proto static",
  "route add 2001:db8:9::/48 via 2001:db8:1::2", "route add blackhole 198.51.100.128/25 table 100",
  "route add 192.0.2.128/25 dev v0 src 192.0.2.1 table 100",
];

function setup(ns: TempNetns, lines: string[]): void {
  ok(ipx(["-n", ns.name, "-batch", "-"], new TextEncoder().encode(lines.join("\n") + "\n")));
}
/**
 * `ip -j route show table all` without the kernel's own routes (those come
 * and go with addrconf on their own time), sorted.
 */
const routesJson = (ns: TempNetns) => (JSON.parse(text(ok(ipx(["-n", ns.name, "-j", "route", "show", "table", "all"])))) as Array<{ protocol?: string }>)
  .filter((r) => r.protocol !== "kernel").map((r) => JSON.stringify(r)).sort();
/** Wait until both veth ends have their IPv6 link-local route in table local (the dump then stays put). */
async function settled(ns: TempNetns): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const local = text(ok(ipx(["-n", ns.name, "-6", "route", "show", "table", "local"])));
    if ((local.match(/^local fe80:/gm) ?? []).length >= 2) return;
    await Bun.sleep(50);
  }
}

describeKernel("route save/restore/showdump vs ip", () => {
  let src: TempNetns;
  beforeAll(async () => {
    src = tempNetns();
    setup(src, [...LINKS, ...ROUTES]);
    await settled(src);
  });
  afterAll(() => src?.remove());

  it.each([[[]], [["table", "all"]], [["table", "100"]], [["-6"]], [["proto", "kernel"]], [["table", "all", "type", "local"]]])("save %j: ip's bytes except seq/pid", (sel: string[]) => {
    const [opts, rest] = sel[0] === "-6" ? [["-6"], sel.slice(1)] : [[], sel];
    const theirs = ok(ipx([...opts, "-n", src.name, "route", "save", ...rest]));
    const mine = ok(ours([...opts, "-n", src.name, "route", "save", ...rest]));
    expect(theirs.length).toBeGreaterThan(4);
    expect(noSeqPid(mine)).toBe(noSeqPid(theirs));
  });

  it("showdump: each tool prints the other's stream as ip does", () => {
    const theirs = ok(ipx(["-n", src.name, "route", "save", "table", "all"]));
    const mine = ok(ours(["-n", src.name, "route", "save", "table", "all"]));
    const ipShow = text(ok(ipx(["-n", src.name, "route", "showdump"], mine)));
    expect(ipShow).toContain("203.0.113.0/24 via 192.0.2.2 dev v0 metric 7");
    expect(text(ok(ours(["-n", src.name, "route", "showdump"], theirs)))).toBe(ipShow);
  });

  it.each([["ip", "ip"], ["ours", "ip"], ["ip", "ours"], ["ours", "ours"]])("save by %s, restore by %s: the source's routes", (saver, restorer) => {
    const stream = ok((saver === "ip" ? ipx : ours)(["-n", src.name, "route", "save", "table", "all"]));
    using dst = tempNetns();
    setup(dst, LINKS);
    const r = (restorer === "ip" ? ipx : ours)(["-n", dst.name, "route", "restore"], stream);
    // the kernel made the address routes already: ip reports each EEXIST and goes on
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^(RTNETLINK answers: File exists\n)*$/);
    const want = routesJson(src);
    expect(want.length).toBe(ROUTES.length);
    expect(routesJson(dst)).toEqual(want);
  });

  it("restore: our EEXIST reports equal ip's", () => {
    const stream = ok(ipx(["-n", src.name, "route", "save", "table", "all"]));
    using a = tempNetns();
    using b = tempNetns();
    setup(a, LINKS);
    setup(b, LINKS);
    const theirs = ipx(["-n", a.name, "route", "restore"], stream);
    const mine = ours(["-n", b.name, "route", "restore"], stream);
    expect([mine.code, mine.err]).toEqual([theirs.code, theirs.err]);
  });

  it.each([["restore"], ["showdump"]])("%s: bad magic and short input as ip", (cmd) => {
    for (const input of [new TextEncoder().encode("xxxxxxxx"), new Uint8Array(0), new Uint8Array([0x24, 0x12])]) {
      const theirs = ipx(["-n", src.name, "route", cmd], input);
      const mine = ours(["-n", src.name, "route", cmd], input);
      expect(theirs.code).not.toBe(0);
      expect([mine.code, mine.err, text(mine.out)]).toEqual([theirs.code, theirs.err, text(theirs.out)]);
    }
  });

  it("showdump: a truncated stream as ip", () => {
    const stream = ok(ipx(["-n", src.name, "route", "save"]));
    const cut = stream.subarray(0, stream.length - 6);
    const theirs = ipx(["-n", src.name, "route", "showdump"], cut);
    const mine = ours(["-n", src.name, "route", "showdump"], cut);
    expect([mine.code, mine.err, text(mine.out)]).toEqual([theirs.code, theirs.err, text(theirs.out)]);
  });

  it.each([["save"], ["restore"], ["showdump"]])("%s on a terminal: ip's refusal (util-linux script gives the pty)", (cmd) => {
    const onTty = (argv: string[]) => run(["script", "-qec", argv.join(" "), "/dev/null"]);
    const theirs = onTty(["ip", "route", cmd]);
    const mine = onTty([process.execPath, BIN, "route", cmd]);
    expect(text(theirs.out)).toMatch(/^(Not sending a binary stream to stdout|Can't restore route dump from a terminal)\r?\n$/);
    expect([mine.code, text(mine.out)]).toEqual([theirs.code, text(theirs.out)]);
  });
});
