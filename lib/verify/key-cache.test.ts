import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { projectChanged } from "@/lib/projects/project-events";
import { createKeyCache, DatabaseUnavailableError, type KeyCache, type KeyCacheOptions } from "./key-cache";
import { buildProjectSnapshot } from "./project-snapshot";
import { DEFAULT_POLICY, type ProjectSnapshot } from "./types";

const snapshot = (projectId: string, enforce = true): ProjectSnapshot =>
  buildProjectSnapshot({ projectId, policy: { ...DEFAULT_POLICY, enforce }, keys: [] });

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const caches: KeyCache[] = [];
function cacheWith(load: KeyCacheOptions["load"], options: Partial<KeyCacheOptions> = {}) {
  const cache = createKeyCache({ pool: {} as pg.Pool, load, ...options });
  caches.push(cache);
  return cache;
}

afterEach(async () => {
  vi.useRealTimers();
  for (const cache of caches.splice(0)) await cache.close();
});

describe("KeyCache", () => {
  it("answers synchronously once loaded, and shares one load between concurrent misses", async () => {
    const id = randomUUID();
    const load = vi.fn(async (_pool: pg.Pool, projectId: string) => snapshot(projectId));
    const cache = cacheWith(load);
    expect(cache.peek(id)).toBeUndefined();
    const first = cache.lookup(id);
    const second = cache.lookup(id);
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    await first;
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.lookup(id)).toMatchObject({ projectId: id });
    expect(cache.lookup(id.toUpperCase())).toMatchObject({ projectId: id });
    expect(cache.stats()).toMatchObject({ projects: 1, loads: 1, misses: 1 });
  });

  it("answers null for a non-uuid without loading", () => {
    const load = vi.fn();
    const cache = cacheWith(load);
    for (const id of ["", "x", "../", `${randomUUID()}x`]) expect(cache.lookup(id)).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it("does not store a load that an invalidation overtook", async () => {
    const id = randomUUID();
    const pending = deferred<ProjectSnapshot | null>();
    const load = vi.fn().mockReturnValueOnce(pending.promise).mockResolvedValue(snapshot(id, false));
    const cache = cacheWith(load);
    const stale = cache.lookup(id) as Promise<ProjectSnapshot | null>;
    cache.invalidate(id);
    pending.resolve(snapshot(id, true));
    expect((await stale)?.policy.enforce).toBe(true);
    expect(cache.peek(id)).toBeUndefined();
    expect((await cache.get(id))?.policy.enforce).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("follows the in-process change signal when asked to", async () => {
    const id = randomUUID();
    const following = cacheWith(async (_pool, projectId) => snapshot(projectId), { followInProcessChanges: true });
    const deaf = cacheWith(async (_pool, projectId) => snapshot(projectId));
    await following.get(id);
    await deaf.get(id);
    projectChanged(id);
    expect(following.peek(id)).toBeUndefined();
    expect(deaf.peek(id)).toBeDefined();
  });

  it("remembers an unknown project for the TTL only", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const id = randomUUID();
    const load = vi.fn(async () => null);
    const cache = cacheWith(load, { unknownProjectTtlMs: 1_000 });
    expect(await cache.get(id)).toBeNull();
    expect(cache.peek(id)).toBeNull();
    vi.advanceTimersByTime(999);
    expect(cache.peek(id)).toBeNull();
    vi.advanceTimersByTime(2);
    expect(cache.peek(id)).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("keeps at most maxUnknownProjects unknown ids", async () => {
    const cache = cacheWith(async () => null, { maxUnknownProjects: 3 });
    for (let i = 0; i < 10; i++) await cache.get(randomUUID());
    expect(cache.stats().unknownProjects).toBe(3);
  });

  it("evicts the least recently used project beyond maxProjects", async () => {
    const cache = cacheWith(async (_pool, projectId) => snapshot(projectId), { maxProjects: 3 });
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const id of [a, b, c]) await cache.get(id as string);
    cache.peek(a as string);
    await cache.get(d as string);
    expect(cache.stats()).toMatchObject({ projects: 3, evictions: 1 });
    expect(cache.peek(a as string)).toBeDefined();
    expect(cache.peek(b as string)).toBeUndefined();
  });

  it("rejects with DatabaseUnavailableError, then fails fast for a moment instead of queueing", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const load = vi.fn().mockRejectedValueOnce(new Error("ECONNREFUSED")).mockImplementation(async (_p, id: string) => snapshot(id));
    const cache = cacheWith(load, { loadFailureBackoffMs: 1_000 });
    await expect(cache.get(randomUUID())).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(cache.get(randomUUID())).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_001);
    await expect(cache.get(randomUUID())).resolves.not.toBeNull();
  });
});
