/**
 * Typed errors of the sandbox manager (osl NeighborSearchError, split into
 * the two cases callers test for).
 */

/** A neighbour lookup in the sandbox's record failed (osl NeighborSearchError). */
export class NeighbourSearchError extends Error {
  override name = "NeighbourSearchError";
  constructor(
    readonly ip: string,
    readonly mac: string,
    /** Whether the entry was present in the sandbox's record. */
    readonly present: boolean,
  ) {
    super(`Search neighbor failed for IP ${ip}, mac ${mac}, present in db:${present}`);
  }
}

/** deleteNeighbour of an entry this sandbox never added. */
export class NeighbourNotFoundError extends NeighbourSearchError {
  override name = "NeighbourNotFoundError";
  constructor(ip: string, mac: string) {
    super(ip, mac, false);
  }
}

/** addNeighbour of an entry already recorded, without `force`. */
export class NeighbourExistsError extends NeighbourSearchError {
  override name = "NeighbourExistsError";
  constructor(ip: string, mac: string) {
    super(ip, mac, true);
  }
}

/** Any operation on a sandbox after destroy(). */
export class SandboxDestroyedError extends Error {
  override name = "SandboxDestroyedError";
  constructor(readonly key: string) {
    super(`sandbox ${key} was destroyed`);
  }
}
