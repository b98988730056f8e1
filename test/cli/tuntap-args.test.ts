/**
 * `ip tuntap`'s argument errors against ip 6.1 (no root: every line fails in
 * parse_args, or prints usage, before /dev/net/tun is opened), and the
 * library's input checks, which must refuse bad input before any syscall.
 */
import { describe, expect, it } from "vitest";
import { createTunTap, deleteTunTap } from "../../lib/tuntap/index.ts";
import { parseTunTapArgs } from "../../cli/tuntap.ts";
import { cli, ip } from "./helpers.ts";

const PARSE_ERRORS = [
  "tuntap add", "tuntap add dev t0", "tuntap del dev t0", "tuntap add mode", "tuntap add mode x", "tuntap add mode tun mode tap",
  "tuntap add mode tap mode t", "tuntap add mode tun user", "tuntap add mode tun user bnl-no-such-user", "tuntap add mode tun group bnl-no-such-group",
  "tuntap add mode tun group", "tuntap add dev a/b mode tun", "tuntap add dev 0123456789abcdef mode tun", "tuntap add name 'a b' mode tun",
  "tuntap add x y mode tun", "tuntap add dev t0 name t1 mode tun", "tuntap add mode tun dev", "tuntap add mode tun name", "tuntap add mode tun help",
  "tuntap del user x mode tun", "tuntap del group g mode tap", "tuntap help", "tuntap h", "tuntap foo", "tuntap a mode tun h", "tap help", "tap add mode", "ta add x",
  "tuntap add user '' mode tun", "tuntap add mode tun dev ''",
];

/** Split a line as a shell would for these simple cases ('...' quotes, '' empty). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe("ip tuntap argument errors", () => {
  it.each(PARSE_ERRORS)("%s", async (line) => {
    const argv = words(line);
    const want = ip(argv);
    const got = await cli(argv);
    expect(got).toEqual(want);
    expect(want.code).not.toBe(0);
  });

  it("reads user and group numbers as strtol does, -1 meaning none", () => {
    expect(parseTunTapArgs(["mode", "tun", "user", " +7", "group", "010"], true)).toMatchObject({ uid: 7, gid: 10 });
    expect(parseTunTapArgs(["mode", "tap", "user", "-1"], true)).toMatchObject({ uid: 0xffffffff });
    expect(parseTunTapArgs(["mode", "tap", "user", "-2"], true)).toMatchObject({ uid: 0xfffffffe });
    expect(parseTunTapArgs(["mode", "tap", "pi", "vnet_hdr", "multi_queue", "one_queue", "t0"], true)).toEqual({
      name: "t0", flags: 0x0002 | 0x4000 | 0x0100 | 0x2000, uid: 0xffffffff, gid: 0xffffffff,
    });
  });
});

describe("lib/tuntap input checks (no syscall)", () => {
  const bad: Array<[string, () => unknown, RegExp]> = [
    ["mode", () => createTunTap({ name: "t0", mode: "tunnel" as "tun" }), /^mode:/],
    ["name length", () => createTunTap({ name: "0123456789abcdef", mode: "tun" }), /^name:/],
    ["name slash", () => deleteTunTap({ name: "a/b", mode: "tap" }), /^name:/],
    ["empty name", () => createTunTap({ name: "", mode: "tap" }), /^name:/],
    ["pi type", () => createTunTap({ mode: "tun", pi: 1 as unknown as boolean }), /^pi:/],
    ["user range", () => createTunTap({ mode: "tun", user: -1 }), /^user:/],
    ["user name", () => createTunTap({ mode: "tun", user: "bnl-no-such-user" }), /^user:/],
    ["group name", () => createTunTap({ mode: "tun", group: "bnl-no-such-group" }), /^group:/],
    ["unknown field", () => createTunTap({ mode: "tun", owner: 1 } as never), /unknown field "owner"/],
    ["delete owner", () => deleteTunTap({ mode: "tun", user: 1 } as never), /unknown field "user"/],
    ["target", () => createTunTap({ mode: "tun" }, { ns: "x" } as never), /unknown field "ns"/],
  ];
  it.each(bad)("%s", (_, fn, msg) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(["TypeError", "RangeError"]).toContain((err as Error).constructor.name);
    expect((err as Error).message).toMatch(msg);
  });
});
