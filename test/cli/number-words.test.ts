/**
 * Numbers and state words on `ip neigh`, `ip address`, `ip link`, `ip rule`
 * and `-rcvbuf` read as ip 6.1 reads them: get_u32/get_unsigned/get_u8..
 * with base 0 (strtoul: 0x, a leading 0 octal, a sign, leading blanks),
 * get_integer for mtu, txqueuelen and the queue counts (strtol: -1 is sent
 * as 0xffffffff and left to the kernel), and nud_state_a2n's words
 * ("permanent", "reachable", "failed" by prefix, the others exactly,
 * case-sensitively; a number only with at most one bit set). Each line goes
 * through `ip -batch` and ours in twin namespaces: status, output and the
 * state read back with `ip -j` must agree.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, jsonState, withTwins } from "./batch-twins.ts";
import { expectSame, ipOk, stripVolatile } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\naddr add 192.0.2.1/24 dev v0\n";

/** `ip -j ARGS` in `ns`, volatile fields left out. */
function j(ns: string, args: string[]): unknown {
  return stripVolatile(JSON.parse(ipOk(["-n", ns, "-j", ...args]) || "[]"));
}

/** The entries of a listing as sorted JSON texts (neighbour tables list in hash order, which differs between namespaces). */
function entries(ns: string, args: string[]): string[] {
  return (j(ns, args) as unknown[]).map((e) => JSON.stringify(e)).sort();
}

/** Each line alone through both tools (a failing line would end a longer batch), then `show` compared. */
async function eachLine(a: string, b: string, lines: string[], show: string[]): Promise<void> {
  for (const line of lines) {
    await expectSameBatch(a, b, line + "\n", [], line);
    expect(entries(b, show), line).toEqual(entries(a, show));
  }
}

describeKernel("numbers and state words, as ip reads them", () => {
  it("neigh add nud: prefixes only where ip takes them, exact case, numbers of one bit below 0x100", async () => {
    await withTwins(SETUP, async (a, b) => {
      const states = ["perm", "PERMANENT", "reach", "s", "stale", "n", "noarp", "none", "f", "fail", "inc", "incomplete", "0x80", "128", "3", "0x100", "0", "04", " 2", "x"];
      await eachLine(a, b, states.map((s, i) => `neigh replace 192.0.2.${50 + i} lladdr 02:00:00:00:00:${(i + 16).toString(16)} dev v0 nud ${s}`), ["neigh", "show", "dev", "v0"]);
      for (const s of ["perm", "PERMANENT", "s", "stale", "0x80", "128", "3", "all", "0", "x"]) {
        await expectSame(["-n", a, "neigh", "show", "nud", s], `show nud ${s}`);
      }
    });
  });

  it("address add: metric and lifetimes in octal and hex", async () => {
    await withTwins(SETUP, async (a, b) => {
      for (const line of [
        "addr add 198.51.100.10/24 dev v0 metric 010",
        "addr add 203.0.113.10/24 dev v0 metric 0x20 valid_lft 0100 preferred_lft 050",
        "addr add 2001:db8:7::1/64 dev v0 nodad metric +3",
        "addr add 2001:db8:8::1/64 dev v0 nodad metric 09",
        "addr add 2001:db8:9::1/64 dev v0 nodad valid_lft -1",
      ]) {
        await expectSameBatch(a, b, line + "\n", [], line);
        expect(jsonState(b), line).toEqual(jsonState(a));
      }
    });
  });

  it("link set: mtu and txqueuelen through get_integer, -1 left to the kernel", async () => {
    await withTwins(SETUP, async (a, b) => {
      const show = ["-d", "link", "show", "v0"];
      const pick = (ns: string) => (j(ns, show) as Array<{ mtu?: number; txqlen?: number }>).map((l) => ({ mtu: l.mtu, txqlen: l.txqlen }));
      for (const line of ["link set v0 mtu 02734", "link set v0 mtu 0x578", "link set v0 mtu ' 1300'", "link set v0 mtu -1", "link set v0 mtu 2147483648",
        "link set v0 txqueuelen 010", "link set v0 txqlen 0x40", "link set v0 mtu 09"]) {
        await expectSameBatch(a, b, line + "\n", [], line);
        expect(pick(b), line).toEqual(pick(a));
      }
    });
  });

  it("rule add: preference, fwmark/mask, table and suppress_prefixlength (get_s32) in octal and hex", async () => {
    await withTwins(SETUP, async (a, b) => {
      await eachLine(a, b, [
        "rule add pref 010 fwmark 010/0x0f table 010",
        "rule add pref 0x20 fwmark 0x10 table 5",
        "rule add pref 08 table 5",
        "rule add pref 40 fwmark 1/-1 table 5",
        "rule add pref 41 table 5 suppress_prefixlength 010",
        "rule add pref 42 table 5 suppress_prefixlength 0x1f",
        "rule add pref 43 table 5 suppress_prefixlength -1",
        "rule add pref 44 table 5 suppress_prefixlength 2147483648",
        "rule add pref 45 table 5 suppress_prefixlength +0",
        // beyond the address width: the kernel takes it (every route suppressed), as ip leaves it to do
        "rule add pref 46 table 5 suppress_prefixlength 200",
        "rule add pref 47 table 5 suppress_prefixlength 2147483647",
        "rule add pref 48 table 5 suppress_prefixlength 33",
      ], ["rule", "show"]);
      await eachLine(a, b, ["rule add pref 46 from 2001:db8::/64 table 5 suppress_prefixlength 129", "rule add pref 47 from 2001:db8:1::/64 table 5 suppress_prefixlength 0x200"], ["-6", "rule", "show"]);
    });
  });

  it("-rcvbuf takes get_unsigned's spellings", async () => {
    await withTwins(SETUP, async (a) => {
      for (const v of ["0x10000", "0200000", "65536", "08", "x", " 4096"]) {
        await expectSame(["-n", a, "-rcvbuf", v, "link", "show", "lo"], `-rcvbuf ${v}`);
      }
    });
  });
});
