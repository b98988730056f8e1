/**
 * `ip tuntap` against ip 6.1 in twin throwaway namespaces: each command line
 * runs as `ip -n A ...` and as bun-netlink's `-n B ...`; status, stdout and
 * stderr must be equal, and afterwards both namespaces must hold the same
 * devices (`ip -d -j link show`, `ip tuntap show`, read by ip); `-d link` and
 * `-d addr` print the tun kind's data as ip does. Also a device
 * made by one tool is listed and deleted by the other, and the library API
 * is checked on the kernel.
 *
 * `-d` lists every process holding /dev/net/tun open; on machines where
 * root cannot read some /proc/PID/fd links (another namespace's init) ip
 * prints `readlink: Permission denied` once per such fd, a number that can
 * change between the two runs: for -d the distinct stderr lines are compared
 * (ENOENT aside: an fd that closed during the scan).
 *
 * A kernel without tun (kernel-probes "dev:tun") must give ip's refusal.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTunTap, deleteTunTap, listTunTap, tunTapProcesses } from "../../lib/tuntap/index.ts";
import { openConnection } from "../../lib/conn/open.ts";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk, type RunResult } from "./helpers.ts";

const HAS_NOBODY = ip(["-V"]).code === 0 && /^nobody:/m.test(process.getBuiltinModule("node:fs").readFileSync("/etc/passwd", "utf8"));
const HAS_NOGROUP = /^nogroup:/m.test(process.getBuiltinModule("node:fs").readFileSync("/etc/group", "utf8"));

/** Sequences of command lines (run in order in both namespaces). */
const SCRIPTS: string[][] = [
  ["tuntap add mode tun dev t0", "tuntap add mode tap name t1", "tuntap add mode tap", "tuntap add mode tun", "tuntap", "tuntap show", "tuntap list", "tuntap lst", "tuntap sh"],
  ["tuntap add dev t0 mode tun user 65534 group 100 one_queue pi vnet_hdr multi_queue", "tuntap add t1 mode tap user 0 group 0 p v mu o", "tuntap", "-j tuntap", "-j -p tuntap", "-o tuntap"],
  ...(HAS_NOBODY && HAS_NOGROUP ? [["tuntap add mode tap dev t0 user nobody group nogroup", "tuntap add mode tun dev t1 u nobody g 65534", "tuntap", "-j tuntap"]] : []),
  ["tuntap add mode tun dev t0", "tuntap add mode tun dev t0", "tuntap add mode tap dev t0", "tuntap add mode tun dev t0 multi_queue", "tuntap"],
  ["tuntap add mode tun dev t0", "tuntap del dev t0", "tuntap del dev t0 mode tap", "tuntap del dev t0 mode tun multi_queue", "tuntap d dev t0 mode tun", "tuntap", "-j tuntap"],
  ["tuntap add mode tap dev t0 multi_queue", "tuntap delete mode tap t0 multi_queue", "tuntap del dev nope mode tun", "tuntap del mode tap", "tuntap", "-j tuntap", "-j -p tuntap"],
  ["tuntap add mode tun dev t0 user -1 group -1", "tuntap add mode tun dev t1 user 4294967294", "tuntap", "-j tuntap"],
  ["tuntap help", "tuntap bogus", "tuntap add mode tun mode tap", "tuntap add", "tuntap add mode tun user nosuchuserbnl"],
];

const DETAILS = ["-d tuntap", "-d -j tuntap", "-d -j -p tuntap", "-d -o tuntap"];

function words(line: string): string[] {
  return line.split(" ");
}

/** What a namespace holds: ip's view of its links (ifindex and stats aside) and of its tun/tap devices. */
function state(ns: string): string {
  const links = JSON.parse(ipOk(["-n", ns, "-d", "-j", "link", "show"])) as Array<Record<string, unknown>>;
  for (const l of links) {
    for (const k of ["ifindex", "address", "stats64", "stats", "perm_address"]) delete l[k];
  }
  return JSON.stringify(links) + "\n" + ipOk(["-n", ns, "tuntap", "show"]);
}

/** The distinct lines of -d's stderr, without ENOENT (a process or fd that went away during the scan: other programs run meanwhile). */
function distinctLines(s: string): string[] {
  return [...new Set(s.split("\n"))].filter((l) => l !== "readlink: No such file or directory").sort();
}

describeKernel("ip tuntap against ip 6.1", () => {
  let a: TempNetns;
  let b: TempNetns;
  beforeEach(() => {
    a = tempNetns();
    b = tempNetns();
  });
  afterEach(() => {
    a.remove();
    b.remove();
  });

  if (kernelLacks("dev:tun")) {
    it("kernel lacks: dev:tun; add gives ip's open refusal", async () => {
      const want = ip(["-n", a.name, "tuntap", "add", "mode", "tun", "dev", "t0"]);
      const got = await cli(["-n", b.name, "tuntap", "add", "mode", "tun", "dev", "t0"]);
      expect(got).toEqual(want);
      expect(want.stderr).toMatch(/^open: /);
    });
    return;
  }

  it.each(SCRIPTS.map((s) => [s.join(" ; "), s] as const))("%s", async (_, script) => {
    for (const line of script) {
      const want = ip(["-n", a.name, ...words(line)]);
      const got: RunResult = await cli(["-n", b.name, ...words(line)]);
      expect({ line, ...got }).toEqual({ line, ...want });
    }
    expect(state(b.name)).toEqual(state(a.name));
  });

  it("-d link and address listings print the tun kind's data as ip does (tun_print_opt: names or numbers of owner and group)", async () => {
    for (const line of ["tuntap add mode tap dev t0", "tuntap add mode tun dev t1 multi_queue pi vnet_hdr user 0 group 0",
      "tuntap add mode tun dev t2 user 4242 group 4343", "tuntap add mode tap dev t3 one_queue user 65534"]) ipOk(["-n", a.name, ...words(line)]);
    ipOk(["-n", a.name, "link", "set", "t0", "up"]);
    for (const line of ["-d link show", "-d -j link show", "-d -j -p link show t1", "-d -o link show", "-d addr show", "-d -j addr show dev t2"]) {
      const want = ip(["-n", a.name, ...words(line)]);
      const got = await cli(["-n", a.name, ...words(line)]);
      expect({ line, ...got }).toEqual({ line, ...want });
    }
  });

  it("-d lists attached processes as ip does", async () => {
    for (const ns of [a, b]) ipOk(["-n", ns.name, "tuntap", "add", "mode", "tap", "dev", "t0", "multi_queue"]);
    for (const line of DETAILS) {
      const want = ip(["-n", a.name, ...words(line)]);
      const got = await cli(["-n", b.name, ...words(line)]);
      expect({ line, code: got.code, stdout: got.stdout }).toEqual({ line, code: want.code, stdout: want.stdout });
      expect(distinctLines(got.stderr)).toEqual(distinctLines(want.stderr));
    }
    // a process attached to b's t0 (a queue of the multi-queue device): ours and ip list it alike
    const holder = Bun.spawn({
      cmd: ["ip", "netns", "exec", b.name, "python3", "-c",
        "import fcntl,struct,os,sys,time\nfd=os.open('/dev/net/tun',os.O_RDWR)\nfcntl.ioctl(fd,0x400454ca,struct.pack('16sH',b't0',0x1102))\nprint('ok',flush=True)\ntime.sleep(30)"],
      stdout: "pipe", stderr: "pipe",
    });
    try {
      // the holder's "ok" line once it has attached (a pipe read may hand it over in pieces)
      const reader = holder.stdout.getReader();
      let said = "";
      while (!said.includes("\n")) {
        const chunk = await reader.read();
        if (chunk.done) break;
        said += new TextDecoder().decode(chunk.value);
      }
      expect(said).toBe("ok\n");
      for (const line of DETAILS) {
        const want = ip(["-n", b.name, ...words(line)]);
        const got = await cli(["-n", b.name, ...words(line)]);
        expect({ line, code: got.code, stdout: got.stdout }).toEqual({ line, code: want.code, stdout: want.stdout });
      }
      expect(ip(["-n", b.name, "-d", "tuntap"]).stdout).toMatch(/python3\(\d+\)/);
      expect(tunTapProcesses("t0").processes.some((p) => p.name === "python3")).toBe(true);
    } finally {
      holder.kill();
      await holder.exited;
    }
  });

  it("a device made by one tool is listed and deleted by the other", async () => {
    ipOk(["-n", a.name, "tuntap", "add", "mode", "tun", "dev", "byip", "user", "1"]);
    expect((await cli(["-n", b.name, "tuntap", "add", "mode", "tap", "dev", "byus", "group", "2", "vnet_hdr"])).code).toBe(0);
    expect((await cli(["-n", a.name, "tuntap"])).stdout).toBe("byip: tun persist user 1\n");
    expect(ipOk(["-n", b.name, "tuntap"])).toBe("byus: tap vnet_hdr persist group 2\n");
    expect(ipOk(["-n", b.name, "-j", "link", "show", "byus"])).toContain('"link_type":"ether"');
    expect((await cli(["-n", a.name, "tuntap", "del", "byip", "mode", "tun"])).code).toBe(0);
    ipOk(["-n", b.name, "tuntap", "del", "byus", "mode", "tap"]);
    expect(ipOk(["-n", a.name, "tuntap"]) + ipOk(["-n", b.name, "tuntap"])).toBe("");
  });

  it("library: create returns the kernel's name, list reads another namespace's sysfs, delete removes", () => {
    const name = createTunTap({ mode: "tap", user: 5, pi: true }, { netns: b.path });
    expect(name).toBe("tap0");
    expect(createTunTap({ name: "q%d", mode: "tun", multiQueue: true }, { netns: b.path })).toBe("q0");
    expect(() => createTunTap({ name: "tap0", mode: "tap" }, { netns: b.path })).toThrow(expect.objectContaining({ name: "SyscallError", code: "EBUSY", context: "TUNSETIFF" }));
    const conn = openConnection({ netns: b.path });
    try {
      const { devices, problems } = listTunTap(conn, { netns: b.path });
      expect(problems).toEqual([]);
      expect(devices.map(({ ifindex: _, ...d }) => d)).toEqual([
        { name: "tap0", mode: "tap", flags: 0x0802, words: ["tap", "pi", "persist", "filter"], user: 5 },
        { name: "q0", mode: "tun", flags: 0x1901, words: ["tun", "multi_queue", "persist"] },
      ]);
      expect(deleteTunTap({ name: "tap0", mode: "tap", pi: true }, { netns: b.path })).toBe("tap0");
      expect(() => deleteTunTap({ name: "q0", mode: "tun" }, { netns: b.path })).toThrow(expect.objectContaining({ code: "EINVAL" }));
      deleteTunTap({ name: "q0", mode: "tun", multiQueue: true }, { netns: b.path });
      expect(listTunTap(conn, { netns: b.path }).devices).toEqual([]);
      // a listed device is valid input: deleted as listed (multi_queue, vnet_hdr, one_queue, pi taken from its flags)
      createTunTap({ name: "m0", mode: "tun", multiQueue: true, vnetHdr: true, oneQueue: true }, { netns: b.path });
      createTunTap({ name: "p0", mode: "tap", pi: true }, { netns: b.path });
      const listed = listTunTap(conn, { netns: b.path }).devices;
      expect(listed.map((d) => d.name)).toEqual(["m0", "p0"]);
      for (const d of listed) expect(deleteTunTap(d, { netns: b.path })).toBe(d.name);
      expect(listTunTap(conn, { netns: b.path }).devices).toEqual([]);
    } finally {
      conn.close();
    }
  });
});
