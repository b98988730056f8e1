/**
 * Child process for subscribe.test.ts: `bun unref-child.ts idle|read NETNS`
 * opens a subscription in NETNS and prints "ready". With "idle" nobody reads
 * it, so the process must exit by itself; with "read" a next() is pending,
 * so it must stay alive (the parent kills it after a timeout).
 */
import { subscribe } from "../../lib/monitor/subscription.ts";

const [mode, netns] = process.argv.slice(2);
const sub = subscribe({ netns: netns!, families: ["link"] });
await sub.ready;
console.log("ready");
if (mode === "read") void sub.next();
