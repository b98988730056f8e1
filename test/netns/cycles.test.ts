// Repeated create/delete must not leak mounts, files or file descriptors.
import { expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createNetns, deleteNetns, listNetns } from "../../lib/netns/manage.ts";
import { currentNetnsId, netnsIdOfPath } from "../../lib/netns/handle.ts";
import { openSocketInNetns, runInNetns } from "../../lib/netns/run.ts";
import { describeKernel, ROOT_NETNS_ID, TEMP_NETNS_PREFIX } from "../helpers/netns.ts";

const fdCount = (): number => readdirSync("/proc/self/fd").length;

describeKernel("create/delete cycles", () => {
  it("50 cycles leave no mount, no file and the same fd count", () => {
    const prefix = `${TEMP_NETNS_PREFIX}cycle-${process.pid}-`;
    // warm up lazily opened fds (module loading, /run/netns mount) before counting
    deleteNetns(createNetns(`${prefix}warm`));
    const fdsBefore = fdCount();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const name = `${prefix}${i}`;
      const path = createNetns(name);
      try {
        ids.add(netnsIdOfPath(path));
        expect(runInNetns(name, () => currentNetnsId())).toBe(netnsIdOfPath(path));
        openSocketInNetns(name, 0).close();
      } finally {
        deleteNetns(name);
      }
      expect(existsSync(path)).toBe(false);
      expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    }
    expect(ids.size).toBeGreaterThan(1); // fresh namespaces (inode numbers may be recycled)
    expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(prefix);
    expect(listNetns().filter((n) => n.startsWith(prefix))).toEqual([]);
    expect(fdCount()).toBe(fdsBefore);
  });
});
