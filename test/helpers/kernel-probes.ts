/**
 * The probes of this kernel's optional features (no vitest import: the
 * globalSetup, test/helpers/global-setup.ts, runs them once per run in the
 * main process; tests ask through test/helpers/kernel-caps.ts). Each feature
 * is probed by asking iproute2 to use it inside a throwaway namespace; it is
 * missing only when the kernel answers with the refusal that means "not built
 * in" (the text is kept), never assumed from a kernel version.
 */
import { spawnSync } from "node:child_process";

/** One probed feature: how to try it and which refusal means the kernel lacks it. */
export interface FeatureProbe {
  /** Feature name as tests and the summary line spell it, e.g. "lwt:seg6", "link:vrf", "qdisc:netem". */
  readonly name: string;
  /** Commands run first inside the namespace (`ip`/`tc` argv without `-n NS`); each must succeed. */
  readonly setup: ReadonlyArray<readonly string[]>;
  /** The attempt (`ip`/`tc` argv without `-n NS`). */
  readonly attempt: readonly string[];
  /** Kernel refusal text (stderr) that means the feature is not in this kernel. */
  readonly missing: RegExp;
  /** When set, any other failure still proves the feature exists (the kernel got past its lookup). */
  readonly otherErrorsMeanPresent?: boolean;
  /** A probe that is no ip/tc command (setup/attempt unused): null when present, else the refusal text. */
  readonly custom?: () => string | null;
}

/** Result of the probes: feature name -> undefined (present) or the kernel's refusal text. */
export type KernelCaps = Record<string, string | null>;

const VETH = ["ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"];
const LO_UP = ["ip", "link", "set", "lo", "up"];
const CLSACT = ["tc", "qdisc", "add", "dev", "v0", "clsact"];

const LWT_REFUSAL = /lwt encapsulation type not supported/;
const lwt = (name: string, encap: string[], family = "-6", dst = "2001:db8:5::/64"): FeatureProbe => ({
  name: `lwt:${name}`,
  setup: [LO_UP],
  attempt: ["ip", family, "route", "add", dst, "encap", ...encap, "dev", "lo"],
  missing: LWT_REFUSAL,
});

const link = (kind: string): FeatureProbe => ({
  name: `link:${kind}`,
  setup: [],
  attempt: ["ip", "link", "add", "probe0", "type", kind],
  missing: /Unknown device type/,
  otherErrorsMeanPresent: true,
});

const qdisc = (kind: string, ...args: string[]): FeatureProbe => ({
  name: `qdisc:${kind}`,
  setup: [VETH],
  attempt: ["tc", "qdisc", "add", "dev", "v0", "root", "handle", "1:", kind, ...args],
  missing: /Specified qdisc kind is unknown/,
});

const filter = (kind: string, ...args: string[]): FeatureProbe => ({
  name: `filter:${kind}`,
  setup: [VETH, CLSACT],
  attempt: ["tc", "filter", "add", "dev", "v0", "ingress", "protocol", "all", "pref", "1", kind, ...args],
  missing: /TC classifier not found/,
});

const action = (kind: string, ...args: string[]): FeatureProbe => ({
  name: `action:${kind}`,
  setup: [VETH],
  attempt: ["tc", "actions", "add", "action", kind, ...args],
  missing: /Failed to load TC action module/,
});

/** Every probed feature. Add a probe here before a test depends on an optional kernel feature. */
export const FEATURE_PROBES: readonly FeatureProbe[] = [
  lwt("seg6", ["seg6", "mode", "encap", "segs", "2001:db8::9"]),
  lwt("seg6local", ["seg6local", "action", "End"]),
  lwt("mpls", ["mpls", "100"], "-4", "198.51.100.0/24"),
  lwt("ip", ["ip", "id", "1", "dst", "192.0.2.1"]),
  lwt("ip6", ["ip6", "id", "1", "dst", "2001:db8::1"]),
  lwt("rpl", ["rpl", "segs", "2001:db8::2"]),
  lwt("ioam6", ["ioam6", "trace", "prealloc", "type", "0x800000", "ns", "1", "size", "12"]),
  {
    name: "mpls",
    setup: [LO_UP],
    attempt: ["ip", "-f", "mpls", "route", "add", "100", "dev", "lo"],
    missing: /Operation not supported|Address family not supported/,
  },
  // tun devices (drivers/net/tun.c, /dev/net/tun): a link without hardware addresses (addr_len 0)
  { name: "link:tun", setup: [], attempt: ["ip", "tuntap", "add", "mode", "tun", "name", "probe0"], missing: /No such file or directory|No such device/ },
  { name: "nexthop", setup: [LO_UP], attempt: ["ip", "nexthop", "add", "id", "1", "dev", "lo"], missing: /Operation not supported|Invalid argument/ },
  ...["dummy", "vlan", "macvlan", "ipvlan", "bond", "team", "vrf", "bridge", "vxlan", "geneve", "gre", "gretap", "ip6gre", "ipip", "sit", "vti",
    "wireguard", "macsec", "netkit", "nlmon", "ifb", "veth"].map(link),
  qdisc("pfifo"), qdisc("htb"), qdisc("prio"), qdisc("sfq"), qdisc("fq"), qdisc("fq_codel"), qdisc("cake"),
  qdisc("netem", "delay", "1ms"), qdisc("tbf", "rate", "1mbit", "burst", "10k", "latency", "10ms"), qdisc("mqprio"),
  filter("u32", "match", "u32", "0", "0"), filter("flower"), filter("matchall"), filter("basic"), filter("fw"), filter("route"),
  filter("bpf", "bytecode", "1,6 0 0 4294967295"),
  action("mirred", "egress", "redirect", "dev", "v1"), action("gact", "pass"), action("police", "rate", "1mbit", "burst", "10k"),
  action("skbedit", "mark", "1"), action("pedit", "ex", "munge", "ip", "ttl", "set", "1"), action("vlan", "pop"),
  action("tunnel_key", "unset"), action("csum", "ip"),
  // bpf(2) BPF_MAP_CREATE of a program array (tc exec bpf graft, tail calls): no ip/tc command makes one
  { name: "bpf:prog_array", setup: [], attempt: [], missing: /./, custom: bpfProgArrayProbe },
  // /dev/net/tun (ip tuntap): opening it makes no device; a kernel without CONFIG_TUN, or a container without the node, refuses
  { name: "dev:tun", setup: [], attempt: [], missing: /./, custom: tunProbe },
  // io_uring with IORING_OP_RECVMSG (the uring read-ahead of dumps): an old kernel, kernel.io_uring_disabled or a seccomp filter refuses
  { name: "io_uring:recvmsg", setup: [], attempt: [], missing: /./, custom: ioUringProbe },
];

/** null when /dev/net/tun opens read-write, else perror's text as ip tuntap prints it (`open: No such device`). */
function tunProbe(): string | null {
  const fs = process.getBuiltinModule("node:fs");
  try {
    fs.closeSync(fs.openSync("/dev/net/tun", "r+"));
    return null;
  } catch (e) {
    return `open: ${(e as Error).message}`;
  }
}

/** io_uring_setup(2) and the RECVMSG probe in a child process (test/helpers/io-uring-probe.ts). */
function ioUringProbe(): string | null {
  const r = spawnSync(process.execPath, [new URL("./io-uring-probe.ts", import.meta.url).pathname], { encoding: "utf8" });
  if (r.status === 0) return null;
  return (r.stderr || r.error?.message || "io_uring_setup failed").trim();
}

/** BPF_MAP_CREATE(BPF_MAP_TYPE_PROG_ARRAY) in a child process (test/helpers/bpf-map-probe.ts). */
function bpfProgArrayProbe(): string | null {
  const r = spawnSync(process.execPath, [new URL("./bpf-map-probe.ts", import.meta.url).pathname], { encoding: "utf8" });
  if (r.status === 0) return null;
  return (r.stderr || r.error?.message || "BPF_MAP_CREATE failed").trim();
}

function run(ns: string, argv: readonly string[]): { status: number | null; stderr: string } {
  const [prog, ...rest] = argv as [string, ...string[]];
  const r = spawnSync(prog, ["-n", ns, ...rest], { encoding: "utf8" });
  return { status: r.status, stderr: (r.stderr || r.error?.message || "").trim() };
}

/** Run one probe in its own throwaway namespace: null when present, else the kernel's refusal text. */
export function probeFeature(p: FeatureProbe): string | null {
  if (p.custom !== undefined) return p.custom();
  const ns = `bnlprobe-${process.pid}-${p.name.replace(/[^a-z0-9]/gi, "_")}`;
  const add = spawnSync("ip", ["netns", "add", ns], { encoding: "utf8" });
  if (add.status !== 0) throw new Error(`probe ${p.name}: ip netns add: ${add.stderr}`);
  try {
    for (const s of p.setup) {
      const r = run(ns, s);
      if (r.status !== 0) throw new Error(`probe ${p.name}: setup ${s.join(" ")}: ${r.stderr}`);
    }
    const r = run(ns, p.attempt);
    if (r.status === 0) return null;
    if (p.missing.test(r.stderr)) return r.stderr;
    if (p.otherErrorsMeanPresent) return null;
    throw new Error(`probe ${p.name} is inconclusive: ${p.attempt.join(" ")}: ${r.stderr}`);
  } finally {
    spawnSync("ip", ["netns", "del", ns]);
  }
}

/** Probe every feature (root only; used by the globalSetup, or lazily when a test runs without it). */
export function probeAll(probes: readonly FeatureProbe[] = FEATURE_PROBES): KernelCaps {
  return Object.fromEntries(probes.map((p) => [p.name, probeFeature(p)]));
}

/** The summary line: `kernel lacks: a, b, c` (or `kernel lacks: nothing probed is missing`). */
export function lacksLine(caps: KernelCaps): string {
  const missing = Object.entries(caps).filter(([, v]) => v != null).map(([k]) => k);
  return `kernel lacks: ${missing.length ? missing.join(", ") : "nothing probed is missing"}`;
}
