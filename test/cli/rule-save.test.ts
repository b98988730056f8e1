/**
 * `rule save|restore` against iproute2 6.1's ip in throwaway namespaces:
 * the saved stream (magic 0x71706986, then the dump's RTM_NEWRULE messages)
 * equals ip's byte for byte except each message's nlmsg_seq and nlmsg_pid;
 * each tool restores the other's stream to the same rules; errors (an
 * argument, -0's refused dump, a bad magic, a malformed or truncated
 * message, a rule the kernel refuses) give ip's output and status.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { ipx, noSeqPid, ok, ours, text, type Out } from "./save-streams.ts";

const RULES = [
  "link add v0 type veth peer name v1",
  "rule add from 192.0.2.0/24 to 198.51.100.0/24 table 100 pref 100 protocol static",
  "rule add not fwmark 0x10/0xff iif v0 table 1000 pref 101 suppress_prefixlength 0",
  "rule add uidrange 100-200 ipproto tcp dport 80-90 goto 200 pref 102",
  "rule add pref 200 blackhole",
];
const RULES6 = ["-6 rule add from 2001:db8::/32 table 100 pref 100", "-6 rule add to 2001:db8:2::7 oif v1 prohibit pref 101"];

const rules = (ns: string) => text(ok(ipx(["-n", ns, "rule", "show"]))) + text(ok(ipx(["-n", ns, "-6", "rule", "show"])));
const same = (a: Out, b: Out) => expect([b.code, b.err, noSeqPid(b.out)]).toEqual([a.code, a.err, noSeqPid(a.out)]);

describeKernel("rule save/restore vs ip", () => {
  let src: TempNetns;
  beforeAll(() => {
    src = tempNetns();
    ok(ipx(["-n", src.name, "-batch", "-"], new TextEncoder().encode(RULES.join("\n") + "\n")));
    for (const r of RULES6) ok(ipx(["-n", src.name, ...r.split(" ")]));
  });
  afterAll(() => src?.remove());

  it.each([[[]], [["-6"]], [["-4"]], [["-j"]], [["-j", "-p"]], [["-0"]], [["-j", "-0"]], [["-", "foo"]]])("save %j: ip's bytes except seq/pid, status and errors", (opts: string[]) => {
    const [pre, post] = opts[0] === "-" ? [[], opts.slice(1)] : [opts, []];
    const argv = [...pre, "-n", src.name, "rule", "save", ...post];
    const theirs = ipx(argv);
    same(theirs, ours(argv));
    if (pre.length === 0 && post.length === 0) expect(theirs.out.length).toBeGreaterThan(4 + 8 * 40);
  });

  it.each([["ip", "ours"], ["ours", "ip"], ["ours", "ours"]])("save by %s, restore by %s: ip's rules and output", (saver, restorer) => {
    for (const fam of [[], ["-6"]]) {
      const stream = ok((saver === "ip" ? ipx : ours)([...fam, "-n", src.name, "rule", "save"]));
      using a = tempNetns();
      using b = tempNetns();
      for (const ns of [a, b]) ok(ipx(["-n", ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1"]));
      const want = ipx(["-n", a.name, "rule", "restore"], stream);
      const got = (restorer === "ip" ? ipx : ours)(["-n", b.name, "rule", "restore"], stream);
      expect([got.code, got.err, text(got.out)]).toEqual([want.code, want.err, text(want.out)]);
      expect(rules(b.name)).toBe(rules(a.name));
      expect(rules(b.name)).toContain(fam.length ? "2001:db8::/32" : "198.51.100.0/24");
    }
  });

  it("restore: bad magic, short input, malformed and truncated messages, a refused rule", () => {
    const u32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
    const magic = u32(0x71706986);
    // nlmsghdr (len, RTM_NEWRULE, NLM_F_MULTI, seq, pid) + fib_rule_hdr of family `fam`, table 100, action to-table
    const msg = (fam: number) => [...u32(28), 32, 0, 2, 0, ...u32(0), ...u32(0), fam, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0];
    const good = msg(2);
    const inputs = [
      [], [0x86, 0x69], [...u32(0x12345678), ...good], magic, [...magic, ...good.slice(0, 10)], [...magic, ...good.slice(0, 20)],
      [...magic, ...u32(8), 32, 0, 2, 0, ...u32(0), ...u32(0)], [...magic, ...u32(20000), ...good.slice(4)],
      [...magic, ...msg(17), ...good], [...magic, ...good, ...good],
    ];
    for (const input of inputs) {
      using a = tempNetns();
      using b = tempNetns();
      const want = ipx(["-n", a.name, "rule", "restore"], new Uint8Array(input));
      const got = ours(["-n", b.name, "rule", "restore"], new Uint8Array(input));
      expect([got.code, got.err, text(got.out)], JSON.stringify(input)).toEqual([want.code, want.err, text(want.out)]);
      expect(rules(b.name)).toBe(rules(a.name));
    }
  });
});
