/**
 * Waiting for carrier changes the kernel has not applied yet (its linkwatch
 * work runs up to a second late per link, and a bridge follows its ports),
 * before comparing two namespaces' dumps.
 */
function ipLinks(ns: string): IpLink[] {
  const r = Bun.spawnSync({ cmd: ["ip", "-n", ns, "-j", "link"], stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`ip -n ${ns} -j link: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as IpLink[];
}

type IpLink = { ifname: string; flags?: string[]; operstate?: string; master?: string };

/**
 * Whether no carrier change is still on its way in `links` (`ip -j link`):
 * every up link with a carrier has reached operstate UP (or UNKNOWN), every
 * up link without one has left UP, and every up bridge with a port that is
 * up has its carrier. The kernel applies carrier changes in its linkwatch
 * work, up to a second late each, and a bridge's carrier follows its ports'
 * operstate: a veth made up, enslaved and then its bridge brought up can
 * give the bridge its carrier (and IPv6 its ff00::/8 route) two seconds
 * later, so two equal reads 150 ms apart do not prove the state final.
 */
export function carrierSettled(links: readonly IpLink[]): boolean {
  const up = (l: IpLink): boolean => (l.flags ?? []).includes("UP");
  const lower = (l: IpLink): boolean => (l.flags ?? []).includes("LOWER_UP");
  for (const l of links) {
    if (!up(l)) continue;
    if (lower(l) && l.operstate !== "UP" && l.operstate !== "UNKNOWN") return false;
    if (!lower(l) && l.operstate === "UP") return false;
    if (!lower(l) && links.some((p) => p.master === l.ifname && up(p) && p.operstate === "UP")) return false;
  }
  return true;
}

/** Wait (up to 10 s) until `ip -j link` in `ns` shows no carrier change on its way (carrierSettled). */
export function waitCarrierSettled(ns: string): void {
  const nap = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  for (let i = 0; i < 200; i++) {
    if (carrierSettled(ipLinks(ns))) return;
    nap(50);
  }
  throw new Error(`${ns}: carrier and operstate still changing after 10 s: ${JSON.stringify(ipLinks(ns))}`);
}
