/**
 * The nexthop-object API against the real kernel, each test in its own
 * throwaway namespace (same links as the route kernel tests). What we read
 * back must equal `ip -j -d -n NS nexthop show` for the same objects, and
 * routes that use them must equal `ip route show`.
 */
import { expect, it } from "vitest";
import { NexthopApi } from "../../lib/rtnl/nexthop/api.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectRoutesLikeIp, nexthopAsIp } from "../route/ip-json.ts";
import { refusal } from "../helpers/kernel-env.ts";
import { inNetns } from "../route/kernel-env.ts";

describeKernel("nexthop API against the kernel", () => {
  it("single nexthops (v4, v6, onlink, device, blackhole, fdb), get, list filters, listAsSent: read-back equals ip", () =>
    inNetns(({ conn, ipj, names, index }) => {
      const nh = new NexthopApi(conn);
      nh.add({ id: 1, gateway: "192.0.2.2", dev: "v0" });
      nh.add({ id: 2, gateway: "198.51.100.1", dev: "v0", onlink: true, protocol: "static" });
      nh.add({ id: 3, gateway: "2001:db8::2", dev: "v0" });
      nh.add({ id: 4, dev: "v1" });
      nh.add({ id: 5, blackhole: true });
      nh.add({ id: 6, gateway: "192.0.2.7", fdb: true });
      expect(nh.list().map((n) => nexthopAsIp(n, names))).toEqual(ipj("nexthop", "show"));
      expect(nh.list({ dev: "v0" }).map((n) => n.id)).toEqual([1, 2, 3]);
      expect(nh.list({ family: 6 }).map((n) => n.id)).toEqual([3]);
      expect(nh.list({ fdb: true }).map((n) => n.id)).toEqual([6]);
      // listAsSent: the kernel's own answer to the fdb selector, as ip prints it (the kernel ignores NHA_FDB)
      expect(nh.listAsSent({ fdb: true }).map((n) => nexthopAsIp(n, names))).toEqual(ipj("nexthop", "show", "fdb"));
      expect(nh.listAsSent({ dev: "v0" }).map((n) => n.id)).toEqual([1, 2, 3]);
      expect(nh.get(2)).toMatchObject({ id: 2, gateway: "198.51.100.1", flags: ["onlink"], protocol: "static", scope: "link" });
      expect(nh.get(4)).toMatchObject({ id: 4, ifindex: index.v1, scope: "host" });
      expect(refusal(() => nh.get(99)).code).toBe("ENOENT");
      expect(refusal(() => nh.add({ id: 1, gateway: "192.0.2.3", dev: "v0" })).code).toBe("EEXIST");
    }));

  it("groups: mpath with weights (one above 256), resilient with parameters; replace and delete", () =>
    inNetns(({ conn, ipj, names }) => {
      const nh = new NexthopApi(conn);
      nh.add({ id: 1, gateway: "192.0.2.2", dev: "v0" });
      nh.add({ id: 2, gateway: "192.0.2.3", dev: "v0" });
      nh.add({ id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] });
      nh.add({ id: 11, group: [{ id: 1, weight: 1000 }, { id: 2 }] });
      nh.add({ id: 12, group: [{ id: 1 }, { id: 2 }], groupType: "resilient", resilient: { buckets: 32, idleTimer: 15, unbalancedTimer: 40 } });
      expect(nh.list().map((n) => nexthopAsIp(n, names))).toEqual(ipj("nexthop", "show"));
      expect(nh.list({ groups: true }).map((n) => n.id)).toEqual([10, 11, 12]);
      expect(nh.get(11).group).toEqual([{ id: 1, weight: 1000 }, { id: 2, weight: 1 }]);
      expect(nh.get(12).resilient).toEqual({ buckets: 32, idleTimer: 15, unbalancedTimer: 40, unbalancedTime: 0 });
      nh.replace({ id: 10, group: [{ id: 2 }] });
      expect(nh.get(10).group).toEqual([{ id: 2, weight: 1 }]);
      const bad = refusal(() => nh.add({ id: 13, group: [{ id: 77 }] }));
      expect([bad.code, bad.extack.msg]).toEqual(["EINVAL", "Invalid nexthop id"]);
      nh.delete(10);
      nh.delete(11);
      expect(nh.list().map((n) => n.id)).toEqual([1, 2, 12]);
      expect(refusal(() => nh.delete(10)).code).toBe("ENOENT");
    }));

  it("routes by nhid: single and group, v4 and v6; replace moves them; deleting the object removes them", () =>
    inNetns(({ conn, api, ipj, names }) => {
      const nh = new NexthopApi(conn);
      nh.add({ id: 1, gateway: "192.0.2.2", dev: "v0" });
      nh.add({ id: 2, gateway: "192.0.2.3", dev: "v0" });
      nh.add({ id: 3, gateway: "2001:db8::2", dev: "v0" });
      nh.add({ id: 10, group: [{ id: 1 }, { id: 2, weight: 2 }] });
      api.add({ dst: "198.51.100.0/24", nhid: 1 });
      api.add({ dst: "203.0.113.0/24", nhid: 10, table: 1000 });
      api.add({ dst: "2001:db8:1::/64", nhid: 3 });
      expectRoutesLikeIp(api.list({ table: "all" }), ipj("route", "show", "table", "all"), names, true);
      expect(api.list({ table: 1000 })[0]).toMatchObject({ nhid: 10, multipath: [{ gateway: "192.0.2.2", weight: 1 }, { gateway: "192.0.2.3", weight: 2 }] });
      nh.replace({ id: 1, gateway: "192.0.2.9", dev: "v0" });
      expect(api.list({ family: 4 }).find((r) => r.nhid === 1)?.gateway).toBe("192.0.2.9");
      nh.delete(10);
      expect(api.list({ table: 1000 })).toEqual([]);
      expect(refusal(() => api.add({ dst: "203.0.113.0/24", nhid: 99 })).code).toBe("EINVAL");
    }));
});
