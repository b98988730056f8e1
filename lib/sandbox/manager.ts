/**
 * The sandbox manager (osl's package-level functions: GenerateKey,
 * NewSandbox, GetSandboxForExternalKey, GC, SetBasePath), as an object:
 * each manager has its own base path, garbage list and host namespace, so
 * nothing is global.
 *
 *   using mgr = new SandboxManager({ basePath: "/run/netns" });
 *   const sb = mgr.create(mgr.generateKey(containerId));
 *   sb.addInterface("veth1234", "eth", { address: "192.0.2.10/24" });
 *   sb.destroy(); await mgr.gc();
 */
import type { NetlinkConnection } from "../conn/connection.ts";
import { DEFAULT_NETNS_BASE } from "../netns/names.ts";
import { DEFAULT_GC_PERIOD_MS, GarbageCollector } from "./gc.ts";
import { HostLink } from "./host-link.ts";
import { checkKeyFile, generateKey, keyPath, validateBasePath } from "./keys.ts";
import { makeLogger, type SandboxLogger } from "./logger.ts";
import type { SandboxNetlink } from "./netlink.ts";
import { rtnlNetlink } from "./netlink-rtnl.ts";
import { kernelOs, type SandboxOs } from "./os.ts";
import { Sandbox } from "./sandbox.ts";
import type { SandboxState } from "./state.ts";
import { setIPv6 } from "./sysctl.ts";

/** Receive timeout of sandbox netlink handles (libnetwork ns.NetlinkSocketsTimeout). */
export const DEFAULT_NETLINK_TIMEOUT_MS = 3000;

/** Default host namespace: the process's own (the JS thread's, outside runInNetns). */
export const DEFAULT_HOST_NETNS = "/proc/self/ns/net";

/** Options of a manager. */
export interface SandboxManagerOptions {
  /** Directory of key files for bare-name keys and generateKey (default /run/netns, where iproute2 sees them; osl uses /var/run/docker/netns). Symlinked directories are fine. */
  basePath?: string;
  /** Namespace file of the host namespace interfaces come from (default /proc/self/ns/net). */
  hostNetns?: string;
  /** Garbage collection period in ms (default 60 000). */
  gcPeriodMs?: number;
  /** Netlink receive timeout in ms (default 3000). */
  netlinkTimeoutMs?: number;
  /** Where log lines go (default: nowhere). */
  logger?: Partial<SandboxLogger>;
  /** The system layer (default: the kernel); tests pass a fake. */
  os?: SandboxOs;
  /** Netlink adapter factory (default: lib/rtnl). */
  netlink?: (conn: NetlinkConnection) => SandboxNetlink;
}

/** Options of create (osl NewSandbox's osCreate and isRestore). */
export interface CreateOptions {
  /** true (default): a new namespace; false: bind-mount the host namespace (a "default" sandbox). */
  osCreate?: boolean;
  /** Attach to an existing mount at the key instead of creating one (live restore). */
  restore?: boolean;
}

const OPTION_KEYS = new Set(["basePath", "hostNetns", "gcPeriodMs", "netlinkTimeoutMs", "logger", "os", "netlink"]);

function checkNsPath(p: unknown, field: string): string {
  if (typeof p !== "string") throw new TypeError(`${field}: expected a path, got ${typeof p}`);
  if (p.includes("\0")) throw new TypeError(`${field}: must not contain a NUL byte`);
  if (!p.startsWith("/")) throw new TypeError(`${field}: ${JSON.stringify(p)} must be an absolute path`);
  return p;
}

/** Creates, restores and collects sandboxes under one base path. */
export class SandboxManager implements Disposable {
  readonly basePath: string;
  readonly hostNetns: string;
  readonly netlinkTimeoutMs: number;
  readonly log: SandboxLogger;
  readonly #os: SandboxOs;
  readonly #gc: GarbageCollector;
  readonly #adapter: (conn: NetlinkConnection) => SandboxNetlink;
  readonly #host: HostLink;
  #basePrepared = false;
  #closed = false;

  constructor(opts: SandboxManagerOptions = {}) {
    if (opts === null || typeof opts !== "object") throw new TypeError("options: expected an object");
    for (const k of Object.keys(opts)) if (!OPTION_KEYS.has(k)) throw new TypeError(`options.${k}: unknown option`);
    this.basePath = validateBasePath(opts.basePath ?? DEFAULT_NETNS_BASE);
    this.hostNetns = checkNsPath(opts.hostNetns ?? DEFAULT_HOST_NETNS, "hostNetns");
    const t = opts.netlinkTimeoutMs ?? DEFAULT_NETLINK_TIMEOUT_MS;
    if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t > 0x7fffffff) throw new RangeError(`netlinkTimeoutMs: ${String(t)} is not a timeout in ms`);
    this.netlinkTimeoutMs = t;
    this.log = makeLogger(opts.logger);
    this.#os = opts.os ?? kernelOs;
    if (opts.netlink !== undefined && typeof opts.netlink !== "function") throw new TypeError("netlink: expected a factory function");
    this.#adapter = opts.netlink ?? rtnlNetlink;
    this.#gc = new GarbageCollector(this.#os, opts.gcPeriodMs ?? DEFAULT_GC_PERIOD_MS, this.log);
    this.#host = new HostLink(() => this.#adapter(this.#os.openNetlink(this.hostNetns, this.netlinkTimeoutMs)));
  }

  /** The key for a container id (osl GenerateKey); "" when a "-" id matches nothing. */
  generateKey(containerId: string): string {
    return generateKey(this.#os, this.basePath, containerId);
  }

  /** The path a key stands for: a bare name under the base path, or an absolute path as given (validated). */
  keyPath(key: string): string {
    return keyPath(this.basePath, key);
  }

  /**
   * osl NewSandbox: mount a new namespace (or, with osCreate=false, the
   * host namespace) on the key file, or with restore=true attach to the
   * one already mounted there. Then bring lo up, disable IPv6 on all
   * interfaces (not for the host namespace, not on restore) and open a
   * netlink handle with a receive timeout.
   */
  create(key: string, opts: CreateOptions = {}): Sandbox {
    this.#check();
    if (opts === null || typeof opts !== "object") throw new TypeError("options: expected an object");
    for (const k of Object.keys(opts)) if (k !== "osCreate" && k !== "restore") throw new TypeError(`options.${k}: unknown option`);
    const osCreate = opts.osCreate ?? true;
    const isRestore = opts.restore ?? false;
    if (typeof osCreate !== "boolean") throw new TypeError(`options.osCreate: expected a boolean, got ${typeof osCreate}`);
    if (typeof isRestore !== "boolean") throw new TypeError(`options.restore: expected a boolean, got ${typeof isRestore}`);
    const path = keyPath(this.basePath, key);
    checkKeyFile(this.#os, path);
    if (isRestore) {
      this.#prepareBase();
      return this.#open(path, !osCreate, false, false);
    }
    this.#createNamespaceFile(path);
    try {
      if (osCreate) this.#os.mountNewNetns(path);
      else this.#os.bindNetns(this.hostNetns, path);
    } catch (e) {
      this.#discard(path, false);
      throw e;
    }
    return this.#open(path, !osCreate, osCreate, true);
  }

  /**
   * osl GetSandboxForExternalKey: bind-mount the namespace file
   * `sourcePath` (e.g. /proc/PID/ns/net) onto the key and return a sandbox
   * for it (IPv6 disabled on all interfaces, lo up).
   */
  forExternalKey(sourcePath: string, key: string): Sandbox {
    this.#check();
    const source = checkNsPath(sourcePath, "sourcePath");
    const path = keyPath(this.basePath, key);
    checkKeyFile(this.#os, path);
    this.#createNamespaceFile(path);
    try {
      this.#os.bindNetns(source, path);
    } catch (e) {
      this.#discard(path, false);
      throw e;
    }
    return this.#open(path, false, true, true);
  }

  /** Collect the garbage list now; resolves when every listed key file is gone (osl GC). */
  gc(): Promise<void> {
    return this.#gc.gc();
  }

  /** Key files waiting for collection. */
  garbage(): string[] {
    return this.#gc.list();
  }

  /** Period of the garbage collector in ms. */
  get gcPeriodMs(): number {
    return this.#gc.periodMs;
  }

  /** Number of collections run so far. */
  get gcRuns(): number {
    return this.#gc.collections;
  }

  /**
   * Stop the garbage collector and refuse new sandboxes. Sandboxes made
   * here stand alone, as osl's do: they keep their netlink handles and the
   * shared host handle (closed when the last of them is destroyed), and a
   * destroy() after close removes its key file at once. Keys already on
   * the garbage list stay until a manager over the same paths collects
   * them (or use `await using`, which collects first). Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#gc.stop();
    this.#host.release();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Collect the garbage list at once, then close (`await using mgr = ...`).
   * `close()` alone stops the collector and leaves listed paths in place,
   * which a later manager over the same base path removes.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#closed) await this.gc();
    this.close();
  }

  #check(): void {
    if (this.#closed) throw new Error("sandbox manager is closed");
  }

  /** osl createBasePath (once): the directory, a shared mount, and the collector's timer. */
  #prepareBase(): void {
    if (this.#basePrepared) return;
    this.#os.prepareBase(this.basePath);
    this.#basePrepared = true;
    this.#gc.start();
  }

  /**
   * osl createNamespaceFile: take the key off the garbage list, detach a
   * stale mount there, let a collection in progress finish, create the file.
   */
  #createNamespaceFile(path: string): void {
    this.#prepareBase();
    this.#gc.delete(path);
    if (this.#os.pathKind(path) !== "missing") {
      try {
        this.#os.unmount(path);
      } catch (e) {
        this.log.error("Error unmounting namespace file", { path, error: (e as Error).message });
      }
    }
    this.#gc.settle();
    this.#os.createFile(path);
  }

  /** Undo a failed create: detach (if mounted) and remove the file. */
  #discard(path: string, mounted: boolean): void {
    try {
      if (mounted) this.#os.unmount(path);
      this.#os.removeFile(path);
    } catch (e) {
      this.log.error("could not clean up after a failed create", { path, error: (e as Error).message });
    }
  }

  #open(path: string, isDefault: boolean, disableIPv6: boolean, created: boolean): Sandbox {
    let nl: SandboxNetlink;
    try {
      nl = this.#adapter(this.#os.openNetlink(path, this.netlinkTimeoutMs));
    } catch (e) {
      if (created) this.#discard(path, true);
      throw new Error(`failed to create a netlink handle: ${(e as Error).message}`, { cause: e }); // osl's wording
    }
    const st: SandboxState = {
      path,
      isDefault,
      hostPath: this.hostNetns,
      os: this.#os,
      log: this.log,
      nl,
      host: this.#host,
      ifaces: [],
      staticRoutes: [],
      neighbours: [],
      loV6Enabled: false,
    };
    if (disableIPv6 && !isDefault) {
      try {
        setIPv6({ os: this.#os, log: this.log, nsPath: path }, "all", false);
      } catch (e) {
        this.log.warn(`Failed to disable IPv6 on all interfaces on network namespace ${JSON.stringify(path)}: ${(e as Error).message}`);
      }
    }
    try {
      nl.setLinkUp(nl.linkByName("lo").index, true);
    } catch (e) {
      nl.close();
      if (created) this.#discard(path, true);
      throw e;
    }
    this.#host.retain();
    return new Sandbox(st, this.#gc);
  }
}
