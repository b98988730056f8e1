/**
 * lib/monitor: rtnetlink notifications as async iterables. `subscribe` for
 * raw typed events (with overrun reporting), `watch` for an always-correct
 * in-memory copy of links, addresses, routes and neighbours
 * (list-then-subscribe with re-list on overrun). Waiting happens on a Worker
 * thread, never on the event loop (RELIABILITY.md, "Design notes").
 */
export { FAMILY_GROUPS, MONITOR_FAMILIES, MONITOR_GROUPS, type MonitorFamily, type MonitorGroup } from "./groups.ts";
export {
  decodeDatagram,
  familyOfType,
  type FamilyMessages,
  type FamilyObjects,
  type MonitorEvent,
  type ObjectEvent,
  type OverrunEvent,
  type UndecodableEvent,
} from "./decode-event.ts";
export type { SubscribeOptions } from "./options.ts";
export { Subscription, subscribe } from "./subscription.ts";
export { idleThreadCount, releaseIdleThreads } from "./waiter.ts";
export { WATCH_FAMILIES, WatchTables, fingerprint, keyOf, type TableChange, type WatchFamily, type WatchObjects } from "./table.ts";
export { Watch, watch, type SyncReason, type WatchEvent, type WatchOptions } from "./watch.ts";
