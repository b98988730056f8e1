/**
 * Bad input to the namespace primitives (lib/netns) and to the monitor
 * (subscribe / watch options): each a TypeError/RangeError naming the
 * field, with libc trapped so that no system call can happen (harness.ts).
 * No root needed.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { subscribe } from "../../lib/monitor/subscription.ts";
import { watch } from "../../lib/monitor/watch.ts";
import { execInNetns, execInNetnsAsync } from "../../lib/netns/exec.ts";
import { NetnsHandle, netnsIdOfPath } from "../../lib/netns/handle.ts";
import { createNetns, deleteNetns, ensureNetnsBase, listNetns } from "../../lib/netns/manage.ts";
import { resolveNetnsPath, validateNetnsName } from "../../lib/netns/names.ts";
import { openSocketInNetns, runInNetns } from "../../lib/netns/run.ts";
import { cases, thrownWithoutSyscalls } from "./harness.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
const bad = (v: unknown) => v as any;
const fn = () => 1;

describe("bad input: lib/netns", () => {
  cases([
    ["createNetns: empty name", () => createNetns(""), "name"],
    ["createNetns: path-like name", () => createNetns("a/b"), "name"],
    ["createNetns: '..'", () => createNetns(".."), "name"],
    ["createNetns: 256 bytes", () => createNetns("n".repeat(256)), "name"],
    ["createNetns: NUL byte", () => createNetns("a\0b"), "name"],
    ["createNetns: not a string", () => createNetns(bad(5)), "name"],
    ["createNetns: basePath empty", () => createNetns("ok", { basePath: "" }), "basePath"],
    ["createNetns: basePath not a string", () => createNetns("ok", { basePath: bad(5) }), "basePath"],
    ["deleteNetns: empty", () => deleteNetns(""), "ns"],
    ["deleteNetns: NUL byte", () => deleteNetns("a\0b"), "ns"],
    ["listNetns: basePath not a string", () => listNetns(bad(5)), "basePath"],
    ["listNetns: basePath empty", () => listNetns(""), "basePath"],
    ["ensureNetnsBase: empty", () => ensureNetnsBase(""), "basePath"],
    ["runInNetns: ns not a string or handle", () => runInNetns(bad(5), fn), "ns"],
    ["runInNetns: fn not a function", () => runInNetns("x", bad(5)), "fn"],
    ["runInNetns: ns with a NUL", () => runInNetns("a\0b", fn), "ns"],
    ["openSocketInNetns: ns empty", () => openSocketInNetns("", 0), "ns"],
    ["openSocketInNetns: ns not a string", () => openSocketInNetns(bad(null), 0), "ns"],
    ["openSocketInNetns: protocol 99", () => openSocketInNetns("x", 99), "protocol"],
    ["openSocketInNetns: rcvbuf negative", () => openSocketInNetns("x", 0, { rcvbuf: -1 }), "rcvbuf"],
    ["execInNetns: path-like name with NUL", () => execInNetns("a\0b", ["true"]), "ns"],
    ["execInNetns: ns not a string", () => execInNetns(bad(5), ["true"]), "ns"],
    ["execInNetns: empty argv", () => execInNetns("x", []), "argv"],
    ["execInNetns: argv item not a string", () => execInNetns("x", [bad(5)]), "argv[0]"],
    ["execInNetnsAsync: argv NUL", () => execInNetnsAsync("x", ["a\0"]), "argv[0]"],
    ["NetnsHandle.fromName: path-like", () => NetnsHandle.fromName("a/b"), "name"],
    ["NetnsHandle.fromName: empty", () => NetnsHandle.fromName(""), "name"],
    ["NetnsHandle.fromPath: empty", () => NetnsHandle.fromPath(""), "path"],
    ["NetnsHandle.fromPath: not a string", () => NetnsHandle.fromPath(bad(5)), "path"],
    ["NetnsHandle.fromPid: 0", () => NetnsHandle.fromPid(0), "pid"],
    ["NetnsHandle.fromPid: fractional", () => NetnsHandle.fromPid(1.5), "pid"],
    ["NetnsHandle.open: empty", () => NetnsHandle.open(""), "ns"],
    ["validateNetnsName: '.'", () => validateNetnsName("."), "name"],
    ["resolveNetnsPath: bad basePath", () => resolveNetnsPath("x", bad(5)), "basePath"],
    ["netnsIdOfPath: empty", () => netnsIdOfPath(""), "path"],
  ]);

  it("a rejected createNetns leaves nothing behind", async () => {
    await thrownWithoutSyscalls(() => createNetns("bnltest-bad/../x"));
    expect(existsSync("/run/netns/bnltest-bad")).toBe(false);
  });
});

describe("bad input: monitor options", () => {
  const closed = (() => {
    const h = NetnsHandle.current();
    h.close();
    return h;
  })();
  cases([
    ["subscribe: options not an object", () => subscribe(bad(5)), "options"],
    ["subscribe: families not an array", () => subscribe({ families: bad("link") }), "families"],
    ["subscribe: family unknown", () => subscribe({ families: bad(["link", "bogus"]) }), "families[1]"],
    ["subscribe: family not a string", () => subscribe({ families: bad([7]) }), "families[0]"],
    ["subscribe: no family", () => subscribe({ families: [] }), "families"],
    ["subscribe: group unknown", () => subscribe({ groups: bad(["ipv5-route"]) }), "groups[0]"],
    ["subscribe: netns not a string", () => subscribe({ netns: bad(5) }), "netns"],
    ["subscribe: netns with a NUL", () => subscribe({ netns: "a\0b" }), "netns"],
    ["subscribe: netns name too long", () => subscribe({ netns: "n".repeat(256) }), "netns"],
    ["subscribe: netns handle closed", () => subscribe({ netns: closed }), "netns"],
    ["subscribe: signal not an AbortSignal", () => subscribe({ signal: bad({ aborted: false }) }), "signal"],
    ["subscribe: receiveBuffer too small", () => subscribe({ receiveBuffer: 10 }), "receiveBuffer"],
    ["subscribe: receiveBuffer fractional", () => subscribe({ receiveBuffer: 65536.5 }), "receiveBuffer"],
    ["subscribe: maxQueue 0", () => subscribe({ maxQueue: 0 }), "maxQueue"],
    ["subscribe: unknown option", () => subscribe(bad({ colour: 1 })), "colour"],
    ["watch: options not an object", () => watch(bad("x")), "options"],
    ["watch: family it cannot keep", () => watch({ families: bad(["route", "rule"]) }), "families[1]"],
    ["watch: groups given", () => watch(bad({ groups: ["link"] })), "groups"],
    ["watch: resyncAttempts 0", () => watch({ resyncAttempts: 0 }), "resyncAttempts"],
    ["watch: settleMs negative", () => watch({ settleMs: -1 }), "settleMs"],
    ["watch: netns not a string", () => watch({ netns: bad([]) }), "netns"],
    ["watch: maxQueue a string", () => watch({ maxQueue: bad("10") }), "maxQueue"],
    ["watch: unknown option", () => watch(bad({ colour: 1 })), "colour"],
  ]);
});
