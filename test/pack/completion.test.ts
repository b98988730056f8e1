// The bash completion script (completions/bun-netlink.bash): sourced into a real bash, asked
// for completions the way bash's programmable completion asks (COMP_WORDS/COMP_CWORD).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "../../completions/bun-netlink.bash");

/** COMPREPLY for the command line `words`, completing the last word. */
function complete(words: string[]): string[] {
  const quoted = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(" ");
  const r = spawnSync("bash", ["-c", `source '${script}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _bun_netlink; printf '%s\\n' "\${COMPREPLY[@]}"`], {
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter((l) => l !== "");
}

describe("bash completion", () => {
  it("is registered for bun-netlink", () => {
    const r = spawnSync("bash", ["-c", `source '${script}'; complete -p bun-netlink`], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("complete -F _bun_netlink bun-netlink");
  });

  it("completes objects, global options and each object's commands", () => {
    expect(complete(["bun-netlink", "ro"])).toEqual(["route"]);
    expect(complete(["bun-netlink", "n"])).toEqual(["neighbour", "nexthop", "ntable", "netns"]);
    expect(complete(["bun-netlink", "ma"])).toEqual(["maddress"]);
    expect(complete(["bun-netlink", "-j"])).toEqual(["-json"]);
    expect(complete(["bun-netlink", "-j", "-n", "blue", "route", "a"])).toEqual(["add", "append"]);
    expect(complete(["bun-netlink", "link", ""])).toEqual(["add", "delete", "set", "show", "list", "xstats", "afstats", "help"]);
    expect(complete(["bun-netlink", "monitor", "ne"])).toEqual(["neigh", "nexthop"]);
    expect(complete(["bun-netlink", "st"])).toEqual(["stats", "state"]);
    expect(complete(["bun-netlink", "stats", ""])).toEqual(["show", "set", "help"]);
    expect(complete(["bun-netlink", "stats", "show", "group", "x"])).toEqual(["xstats", "xstats_slave"]);
    expect(complete(["bun-netlink", "stats", "show", "group", "offload", "subgroup", "l"])).toEqual(["l3_stats"]);
    expect(complete(["bun-netlink", "stats", "set", "dev", "lo", "l3_stats", "o"])).toEqual(["on", "off"]);
    expect(complete(["bun-netlink", "link", "x"])).toEqual(["xstats"]);
  });

  it("completes interface names after dev from /sys/class/net", () => {
    expect(complete(["bun-netlink", "route", "add", "192.0.2.0/24", "dev", "l"])).toContain("lo");
  });
});
