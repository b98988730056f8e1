// sysctl helpers: only net.* keys, per-interface key rewriting, missing knobs warn, writes only when values differ.
import { describe, expect, it } from "vitest";
import { MemoryLogger } from "../../lib/sandbox/logger.ts";
import {
  applyTweaks, checkSandboxTypes, disableArp, dottedSysctlPath, IPVS_TWEAKS, parseInterfaceSysctl, setInterfaceSysctls, setIPv6, sysctlPath,
} from "../../lib/sandbox/sysctl.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";

const NS = "/run/bnl-fake/netns/sb";

function target(os = new FakeOs()) {
  const log = new MemoryLogger();
  return { t: { os, log, nsPath: NS }, os, log };
}

describe("sysctl paths", () => {
  it("maps components to /proc/sys-relative paths, keeping dots inside interface names", () => {
    expect(sysctlPath(["net", "ipv4", "conf", "eth0.100", "arp_ignore"])).toBe("net/ipv4/conf/eth0.100/arp_ignore");
    expect(dottedSysctlPath("net.ipv4.vs.conn_reuse_mode")).toBe("net/ipv4/vs/conn_reuse_mode");
  });
  it("refuses anything that is not per network namespace or escapes /proc/sys/net", () => {
    expect(() => dottedSysctlPath("kernel.hostname")).toThrow(/only net\.\* sysctls/);
    expect(() => sysctlPath(["net", "ipv4", "conf", "..", "x"])).toThrow(/not a valid sysctl path component/);
    expect(() => sysctlPath(["net", "ipv4", "conf", "a/b", "x"])).toThrow(/not a valid sysctl path component/);
    expect(() => sysctlPath(["net", "", "x"])).toThrow(/not a valid sysctl path component/);
    expect(() => sysctlPath(["net", "ipv4\0", "x"])).toThrow(/not a valid sysctl path component/);
  });
});

describe("parseInterfaceSysctl (osl setSysctls format)", () => {
  it("parses net.X.Y.IFNAME.Z=value", () => {
    expect(parseInterfaceSysctl("net.ipv4.conf.IFNAME.forwarding=1", "s")).toEqual({ key: "net.ipv4.conf.IFNAME.forwarding", parts: ["ipv4", "conf", "forwarding"], value: "1" });
    expect(parseInterfaceSysctl("net.ipv6.conf.eth0.accept_ra=", "s").value).toBe("");
  });
  it.each([
    ["net.ipv4.conf.IFNAME.forwarding", /format name=value/],
    ["net.ipv4.forwarding=1", /net\.X\.Y\.IFNAME\.Z/],
    ["kernel.a.b.IFNAME.c=1", /only net\.\*/],
    ["net.ipv4.conf.IFNAME.x=1\n", /newline/],
    ["net.ipv4..IFNAME.x=1", /not a valid sysctl path component/],
  ])("rejects %j", (s, re) => expect(() => parseInterfaceSysctl(s, "options.sysctls[0]")).toThrow(re));
  it("rejects non-strings naming the field", () => expect(() => parseInterfaceSysctl(1, "options.sysctls[2]")).toThrow(/^options\.sysctls\[2\]/));
});

describe("setIPv6", () => {
  it("writes 1 to disable and 0 to enable, in the sandbox's namespace", () => {
    const { t, os } = target();
    setIPv6(t, "all", false);
    setIPv6(t, "lo", true);
    expect(os.sysctl(NS, "net/ipv6/conf/all/disable_ipv6")).toBe("1");
    expect(os.sysctl(NS, "net/ipv6/conf/lo/disable_ipv6")).toBe("0");
  });
  it("only warns when the kernel has no IPv6", () => {
    const { t, os, log } = target(new FakeOs({ sysctlExists: () => false }));
    setIPv6(t, "all", false);
    expect(os.calls.some((c) => c.startsWith("writeSysctl"))).toBe(false);
    expect(log.messages("warn")[0]).toMatch(/Has IPv6 been disabled/);
  });
});

describe("setInterfaceSysctls", () => {
  it("writes only values that differ, with the interface's name in the path", () => {
    const { t, os } = target();
    os.sysctls.set(`${NS}|net/ipv4/conf/eth0/forwarding`, "1");
    setInterfaceSysctls(t, "eth0", [parseInterfaceSysctl("net.ipv4.conf.IFNAME.forwarding=1", "s"), parseInterfaceSysctl("net.ipv4.conf.IFNAME.rp_filter=2", "s")]);
    expect(os.calls.filter((c) => c.startsWith("writeSysctl"))).toEqual([`writeSysctl ${NS} net/ipv4/conf/eth0/rp_filter 2`]);
  });
  it("fails on a knob that does not exist", () => {
    const { t } = target();
    expect(() => setInterfaceSysctls(t, "eth0", [parseInterfaceSysctl("net.core.x.IFNAME.y=1", "s")])).toThrow(/is not a sysctl file/);
  });
});

describe("disableArp", () => {
  it("sets arp_ignore=1 and arp_announce=2", () => {
    const { t, os } = target();
    disableArp(t, "eth3");
    expect(os.sysctl(NS, "net/ipv4/conf/eth3/arp_ignore")).toBe("1");
    expect(os.sysctl(NS, "net/ipv4/conf/eth3/arp_announce")).toBe("2");
  });
});

describe("applyTweaks", () => {
  it("skips knobs the kernel lacks with one warning each", () => {
    const { t, log } = target();
    expect(applyTweaks(t, IPVS_TWEAKS)).toEqual([]);
    expect(log.messages("warn")).toEqual(IPVS_TWEAKS.map(([k]) => `kernel parameter ${k} is not available; skipped`));
  });
  it("writes the IPVS knobs where they exist, leaving right values alone", () => {
    const os = new FakeOs({ sysctlExists: (rel) => rel.startsWith("net/ipv4/vs/") });
    const { t } = target(os);
    os.sysctls.set(`${NS}|net/ipv4/vs/conn_reuse_mode`, "1");
    os.sysctls.set(`${NS}|net/ipv4/vs/expire_nodest_conn`, "1");
    expect(applyTweaks(t, IPVS_TWEAKS)).toEqual(["net.ipv4.vs.conn_reuse_mode", "net.ipv4.vs.expire_quiescent_template"]);
    expect(os.sysctl(NS, "net/ipv4/vs/conn_reuse_mode")).toBe("0");
    expect(os.sysctl(NS, "net/ipv4/vs/expire_quiescent_template")).toBe("1");
  });
  it("checks sandbox types", () => {
    expect(checkSandboxTypes(["ingress", "load-balancer"])).toEqual(["ingress", "load-balancer"]);
    expect(() => checkSandboxTypes(["bridge"])).toThrow(/types\[0\]/);
    expect(() => checkSandboxTypes("ingress")).toThrow(TypeError);
  });
});
