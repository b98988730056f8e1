// Compiled by test/pack/refusal.test.ts straight from the repository's sources (not dist/):
// such a binary embeds neither the monitor worker nor the exec helper, and both must refuse
// with a clear error before starting anything. Prints one JSON line; appends its pid to argv[2].
import { appendFileSync, readdirSync, readlinkSync } from "node:fs";
import { execInNetns } from "../../../lib/netns/exec.ts";
import { subscribe } from "../../../lib/monitor/subscription.ts";

appendFileSync(process.argv[2] as string, `${process.pid}\n`);
const out: Record<string, string | number> = {};
const sockets = (): number =>
  readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith("socket:");
    } catch {
      return false;
    }
  }).length;
try {
  execInNetns("/proc/self/ns/net", ["true"]);
  out.exec = "ran";
} catch (e) {
  out.exec = (e as Error).message;
}
const before = sockets();
try {
  const sub = subscribe({ families: ["link"] });
  sub.close();
  out.subscribe = "started";
} catch (e) {
  out.subscribe = (e as Error).message;
}
out.socketsLeaked = sockets() - before;
console.log(JSON.stringify(out));
