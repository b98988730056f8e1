/**
 * Per-kind link help against ip 6.1 (root): `ip link help KIND` for every
 * kind ip has a link_util for, and what `ip link add|set ... type KIND`
 * does with `help` or an unknown word (the kind's help on ip's stream with
 * exit 1, "KIND: unknown command" first where ip prints it, words ignored
 * for kinds without options, "Garbage instead of arguments" for kinds ip
 * does not know). Changes run in twin namespaces, ip in one and
 * bun-netlink in the other; output, status and the link names must match.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { LINK_UTIL_KINDS } from "../../cli/link-help-texts.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { cli, ip, ipOk } from "./helpers.ts";

const KINDS = [...LINK_UTIL_KINDS];

const HELP = [...KINDS.map((k) => `link help ${k}`), "link help", "link help foo", "link help veth extra words", "link h vxlan"];

const TWIN = [
  ...KINDS.map((k) => `link add x${k.length} type ${k} help`),
  "link add type veth help", "link add type vlan help", "link add type macsec help",
  ...["vlan", "vrf", "bond", "ipvlan", "geneve", "bridge", "macvlan", "macvtap", "vxlan", "gre", "ip6tnl", "sit", "veth", "vxcan"]
    .map((k) => `link add x link v0 type ${k} foo`),
  "link add x type vxlan id 4 he", "link add x type bridge stp_state 1 h", "link add x type vlan id 5 help",
  "link add x type gre remote 192.0.2.9 help", "link add x type gre erspan_ver 1",
  "link add x link v0 type macvlan nopromisc", "link add x type dummy foo bar", "link add x type ifb help",
  "link add x type foo bar", "link add x type foo help", "link add x type foo", "link add x type veth peer name y help",
  "link set v0 type veth help", "link set v0 type vlan help", "link set v0 type bridge help",
];

describeKernel("link help KIND as ip 6.1", () => {
  it.each(HELP)("ip %s", async (c) => {
    const w = c.split(" ");
    const want = ip(w);
    const got = await cli(w);
    expect({ code: got.code, out: got.stdout, err: got.stderr }).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
  });
});

describeKernel("link add|set type KIND help / unknown words as ip 6.1", () => {
  let a: TempNetns;
  let b: TempNetns;
  const names = (ns: TempNetns) => ipOk(["-n", ns.name, "-o", "link", "show"]).split("\n").map((l) => l.split(/[:@]/)[1]?.trim()).filter(Boolean).sort();
  beforeAll(() => {
    a = tempNetns();
    b = tempNetns();
  });
  afterAll(() => {
    a?.remove();
    b?.remove();
  });
  it.each(TWIN)("%s", async (c) => {
    for (const ns of [a, b]) {
      ip(["-n", ns.name, "-force", "-batch", "-"], "link del x\nlink del v0\nlink del ifb0\n");
      ipOk(["-n", ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    }
    const w = c.split(" ");
    const want = ip(["-n", a.name, ...w]);
    const got = await cli(["-n", b.name, ...w]);
    expect({ code: got.code, out: got.stdout, err: got.stderr }).toEqual({ code: want.code, out: want.stdout, err: want.stderr });
    expect(names(b)).toEqual(names(a));
  });
});
