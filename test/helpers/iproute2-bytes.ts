/**
 * The shape every family's "our requests equal iproute2's" test shares:
 * for each command of a fixtures/<family>/iproute2-captures.ts list, the
 * message of the family's types that iproute2 sent (captured with strace,
 * fixtures/strace.ts) must equal, byte for byte with nlmsg_seq and
 * nlmsg_pid zeroed, the one message of those types the API sends for the
 * same request over the fake kernel (test/helpers/fake-kernel.ts), whose
 * links have the indexes the captures gave them. Name lookups (RTM_GETLINK)
 * before the request are not compared.
 */
import { describe, expect, it } from "vitest";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { readIpCapture, type CaptureCase, type IpCapture } from "../../fixtures/strace.ts";
import { fakeConn, normalisedHex } from "./fake-kernel.ts";

/** One family's captures and the API calls that must reproduce them. */
export interface Iproute2BytesSuite<A> {
  /** The captured commands. */
  captures: readonly CaptureCase[];
  /** The API call for each capture, by capture name; it gets iproute2's message too (for values only ip knew, e.g. its fd). */
  calls: Record<string, (api: A, theirs: Uint8Array) => unknown>;
  /** The API on a connection. */
  api: (conn: NetlinkConnection) => A;
  /** The message types compared (the family's NEW/DEL/GET). */
  types: readonly number[];
  /** ifindex of each link name in the captures' namespace. */
  links: Record<string, number>;
  /** Read a capture (default fixtures/iproute2/<name>.json). */
  read?: (name: string) => IpCapture;
  /** iproute2's message as compared (default as captured). */
  prepare?: (theirs: Uint8Array) => Uint8Array;
  /** Test title of a capture (default "NAME: PROGRAM ARGS"). */
  title?: (c: CaptureCase) => string;
  /** Whether the recorded command line must be PROGRAM ARGS (default true; false where the args vary per capture run). */
  checkCommand?: boolean;
}

/** Each message of `types` in `datagrams`, copied into its own buffer. */
export function messagesOf(datagrams: readonly Uint8Array[], types: readonly number[]): Uint8Array[] {
  return datagrams.flatMap((d) => splitMessages(d)).filter((m) => types.includes(m.type)).map((m) => m.buf.slice(m.off, m.end));
}

/** A describe block: a call for every capture (and the reverse), then one test per capture comparing the bytes. */
export function describeIproute2Bytes<A>(title: string, s: Iproute2BytesSuite<A>): void {
  const cmd = (c: CaptureCase): string => [c.program ?? "ip", ...c.args].join(" ");
  describe(title, () => {
    it("has an API call for every capture and a capture for every call", () => {
      expect(Object.keys(s.calls).sort()).toEqual(s.captures.map((c) => c.name).sort());
    });

    for (const c of s.captures) {
      it(s.title?.(c) ?? `${c.name}: ${cmd(c)}`, () => {
        const cap = (s.read ?? readIpCapture)(c.name);
        if (s.checkCommand ?? true) expect(cap.command).toBe(cmd(c));
        const theirs = messagesOf(cap.requests.map((h) => fromHex(h)), s.types);
        expect(theirs.length, "iproute2 sent one message of the compared types").toBe(1);
        const { conn, kernel } = fakeConn({ links: s.links });
        s.calls[c.name]!(s.api(conn), theirs[0]!);
        const ours = messagesOf(kernel.sent, s.types);
        expect(ours.length, "we sent one message of the compared types").toBe(1);
        expect(normalisedHex(ours[0]!)).toBe(normalisedHex((s.prepare ?? ((m) => m))(theirs[0]!)));
      });
    }
  });
}
