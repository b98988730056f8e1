/**
 * MPLS label routes through RouteApi against the kernel (root, throwaway
 * namespaces). On a kernel with mpls_router: add, list (compared with
 * `ip -j -f mpls route show`), output-is-input delete. On a kernel without
 * it (this one: the probe "mpls" in test/helpers/kernel-probes.ts), what a
 * user sees instead: the kernel's own refusal as a NetlinkError with ip's
 * text, for add and delete alike, and an empty MPLS list as ip shows it.
 * The request bytes are compared with ip's in iproute2-bytes.test.ts.
 */
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { RouteApi } from "../../lib/rtnl/route/api.ts";
import { kernelLacks, lacking } from "../helpers/kernel-caps.ts";
import { inTempNetns, refusal, VETH } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

const SPEC = { family: "mpls", dst: "100", newdst: "200/300", via: "192.0.2.2", dev: "v0" } as const;
const SETUP = [VETH, ["link", "set", "v0", "up"], ["addr", "add", "192.0.2.1/24", "dev", "v0"]];

type IpMplsRoute = { dst: string; dev?: string; via?: { family: string; host: string }; newdst?: string; as?: { to?: string } };

describeKernel("MPLS routes through RouteApi", () => {
  it("add, list like ip -f mpls route show, delete the listed route; or the kernel's refusal where MPLS is missing", () =>
    inTempNetns(({ ns, conn, ip, ipj }) => {
      const api = new RouteApi(conn);
      if (kernelLacks("mpls")) {
        for (const call of [() => api.add(SPEC), () => api.add(SPEC, { echo: false }), () => api.delete({ family: "mpls", dst: "100" })]) {
          const e = refusal(call);
          expect(e.code).toBe("EOPNOTSUPP");
          expect(e.message).toMatch(lacking("mpls"));
        }
        // ip sends the same request and gets the same answer
        expect(() => ip("-f", "mpls", "route", "add", "100", "as", "200/300", "via", "inet", "192.0.2.2", "dev", "v0")).toThrow(lacking("mpls"));
        expect(ipj("-f", "mpls", "route", "show")).toEqual([]);
        expect(api.list({ family: "mpls" })).toEqual([]);
        return;
      }
      const sysctl = (k: string, v: string): void => {
        const r = spawnSync("ip", ["netns", "exec", ns.name, "sysctl", "-qw", `${k}=${v}`], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`sysctl ${k}: ${r.stderr}`);
      };
      sysctl("net.mpls.platform_labels", "1000");
      sysctl("net.mpls.conf.v0.input", "1");
      const made = api.add(SPEC);
      expect(made).toMatchObject({ family: "mpls", dst: "100", newdst: "200/300", via: { family: "inet", address: "192.0.2.2" } });
      const ours = api.list({ family: "mpls" });
      const theirs = ipj("-f", "mpls", "route", "show") as IpMplsRoute[];
      expect(ours.map((r) => [r.dst, r.via?.address, r.ifindex])).toEqual(theirs.map((r) => [r.dst, r.via?.host, made.ifindex]));
      expect(ours.map((r) => r.newdst)).toEqual(["200/300"]);
      api.delete(ours[0]!);
      expect(ipj("-f", "mpls", "route", "show")).toEqual([]);
    }, { setup: SETUP }));
});
