import type pg from "pg";
import { databaseUrl, getPool } from "@/lib/db";
import { logger } from "@/lib/logger";
import { onProjectChanged } from "@/lib/projects/project-events";
import { InvalidationListener } from "./invalidation-listener";
import { loadProjectSnapshot } from "./load-project-snapshot";
import type { ProjectSnapshot } from "./types";

// Every project's keys and policy in memory, loaded lazily (one query per project)
// and dropped on change: at once for changes made by this process (the in-process
// signal), within a second for other instances (LISTEN/NOTIFY). A verification of a
// cached project touches no I/O and awaits nothing.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface KeyCacheOptions {
  pool: pg.Pool;
  /** LISTEN for other instances' changes on a dedicated connection (needs connectionString). */
  listen?: boolean;
  connectionString?: string;
  /** Follow the in-process onProjectChanged signal (the default instance does). */
  followInProcessChanges?: boolean;
  maxProjects?: number;
  maxUnknownProjects?: number;
  /** How long "no such project" is remembered: projects created meanwhile do not NOTIFY. */
  unknownProjectTtlMs?: number;
  /** After a failed load, further loads fail fast for this long instead of queueing on a dead pool. */
  loadFailureBackoffMs?: number;
  load?: (pool: pg.Pool, projectId: string) => Promise<ProjectSnapshot | null>;
}

interface Entry {
  snapshot: ProjectSnapshot;
  /** Second-chance bit: set on every hit, cleared when eviction passes over the entry. */
  used: boolean;
}

export interface KeyCacheStats {
  projects: number;
  unknownProjects: number;
  hits: number;
  misses: number;
  loads: number;
  loadFailures: number;
  evictions: number;
  listening: boolean;
  /** True while invalidations may have been missed (listener down): cleared by the next full reload. */
  suspect: boolean;
}

export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("the database is unreachable", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly unknown = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<ProjectSnapshot | null>>();
  private readonly listener: InvalidationListener | null;
  private readonly unsubscribe: (() => void) | null;
  private readonly maxProjects: number;
  private readonly maxUnknown: number;
  private readonly unknownTtlMs: number;
  private readonly failureBackoffMs: number;
  private readonly load: (pool: pg.Pool, projectId: string) => Promise<ProjectSnapshot | null>;
  private failingUntil = 0;
  private suspect = false;
  private counters = { hits: 0, misses: 0, loads: 0, loadFailures: 0, evictions: 0 };

  constructor(private readonly options: KeyCacheOptions) {
    this.maxProjects = options.maxProjects ?? 20_000;
    this.maxUnknown = options.maxUnknownProjects ?? 10_000;
    this.unknownTtlMs = options.unknownProjectTtlMs ?? 1_000;
    this.failureBackoffMs = options.loadFailureBackoffMs ?? 1_000;
    this.load = options.load ?? loadProjectSnapshot;
    this.unsubscribe = options.followInProcessChanges ? onProjectChanged((id) => this.invalidate(id)) : null;
    if (options.listen) {
      if (!options.connectionString) throw new Error("createKeyCache: listen needs a connectionString");
      this.listener = new InvalidationListener({
        connectionString: options.connectionString,
        onProjectChanged: (id) => this.invalidate(id),
        onListening: () => this.reloadAll(),
        onLost: () => {
          this.suspect = true;
        },
      });
      this.listener.start();
    } else {
      this.listener = null;
    }
  }

  /**
   * The project's snapshot when known: a snapshot, null for "no such project", or
   * undefined when it must be loaded. Synchronous; never touches the database.
   */
  peek(projectId: string): ProjectSnapshot | null | undefined {
    const id = projectId.toLowerCase();
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      entry.used = true;
      this.counters.hits += 1;
      return entry.snapshot;
    }
    if (!UUID.test(id)) return null;
    const unknownUntil = this.unknown.get(id);
    if (unknownUntil !== undefined) {
      if (unknownUntil > Date.now()) {
        this.counters.hits += 1;
        return null;
      }
      this.unknown.delete(id);
    }
    return undefined;
  }

  /** The snapshot, synchronously when cached, else a promise of the (shared) load. */
  lookup(projectId: string): ProjectSnapshot | null | Promise<ProjectSnapshot | null> {
    const known = this.peek(projectId);
    return known !== undefined ? known : this.loadShared(projectId.toLowerCase());
  }

  /** The snapshot, loading it on a miss. Rejects with DatabaseUnavailableError when it cannot be loaded. */
  async get(projectId: string): Promise<ProjectSnapshot | null> {
    return this.lookup(projectId);
  }

  /** Drops one project (its keys or policy changed, or it was deleted or created). */
  invalidate(projectId: string): void {
    const id = String(projectId).toLowerCase();
    this.entries.delete(id);
    this.unknown.delete(id);
    // A load already under way may have read the old rows: it must not be stored.
    this.inFlight.delete(id);
  }

  /** Forgets everything: the next request per project reloads it. */
  clear(): void {
    this.entries.clear();
    this.unknown.clear();
    this.inFlight.clear();
  }

  stats(): KeyCacheStats {
    return {
      projects: this.entries.size,
      unknownProjects: this.unknown.size,
      ...this.counters,
      listening: this.listener?.isListening ?? false,
      suspect: this.suspect,
    };
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.listener?.stop();
    this.clear();
  }

  private reloadAll(): void {
    // Runs when LISTEN is (re)established: notifications may have been missed before it,
    // so nothing cached earlier is trusted. Until then stale entries kept answering.
    if (this.entries.size || this.unknown.size || this.inFlight.size) {
      logger.info({ projects: this.entries.size, suspect: this.suspect }, "key cache reloads every project");
    }
    this.clear();
    this.suspect = false;
    this.failingUntil = 0;
  }

  private loadShared(id: string): Promise<ProjectSnapshot | null> {
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    this.counters.misses += 1;
    if (Date.now() < this.failingUntil) return Promise.reject(new DatabaseUnavailableError());
    this.counters.loads += 1;
    const promise: Promise<ProjectSnapshot | null> = this.load(this.options.pool, id).then(
      (snapshot) => {
        // Invalidated (or cleared) while loading: answer this caller, keep nothing.
        if (this.inFlight.get(id) !== promise) return snapshot;
        this.inFlight.delete(id);
        this.store(id, snapshot);
        return snapshot;
      },
      (error: unknown) => {
        if (this.inFlight.get(id) === promise) this.inFlight.delete(id);
        this.counters.loadFailures += 1;
        this.failingUntil = Date.now() + this.failureBackoffMs;
        logger.warn({ projectId: id, err: errorSummary(error) }, "could not load a project's keys");
        throw new DatabaseUnavailableError(error);
      },
    );
    this.inFlight.set(id, promise);
    return promise;
  }

  private store(id: string, snapshot: ProjectSnapshot | null): void {
    if (snapshot === null) {
      if (this.unknown.size >= this.maxUnknown) {
        const oldest = this.unknown.keys().next();
        if (!oldest.done) this.unknown.delete(oldest.value);
      }
      this.unknown.set(id, Date.now() + this.unknownTtlMs);
      return;
    }
    if (!this.entries.has(id) && this.entries.size >= this.maxProjects) this.evictOne();
    this.entries.set(id, { snapshot, used: false });
  }

  /** Second-chance (CLOCK) eviction: approximately least recently used, without reordering on hits. */
  private evictOne(): void {
    for (const [id, entry] of this.entries) {
      this.entries.delete(id);
      if (entry.used) {
        entry.used = false;
        this.entries.set(id, entry);
        continue;
      }
      this.counters.evictions += 1;
      return;
    }
  }
}

function errorSummary(error: unknown) {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return { message: error.message, code: typeof code === "string" ? code : undefined };
}

export function createKeyCache(options: KeyCacheOptions): KeyCache {
  return new KeyCache(options);
}

const globalForCache = globalThis as unknown as { signetKeyCache?: KeyCache };

/** This process's cache: the shared pool, LISTEN on its own connection, and the in-process signal. */
export function getKeyCache(): KeyCache {
  globalForCache.signetKeyCache ??= createKeyCache({
    pool: getPool(),
    listen: process.env.SIGNET_CACHE_LISTEN !== "0",
    connectionString: databaseUrl(),
    followInProcessChanges: true,
  });
  return globalForCache.signetKeyCache;
}

/** Sync fast path: the cached snapshot, null for a known-unknown project, undefined on a miss. */
export function peekProjectSnapshot(projectId: string): ProjectSnapshot | null | undefined {
  return getKeyCache().peek(projectId);
}

export function getProjectSnapshot(projectId: string): Promise<ProjectSnapshot | null> {
  return getKeyCache().get(projectId);
}
