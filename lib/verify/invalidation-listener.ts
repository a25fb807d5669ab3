import pg from "pg";
import { logger } from "@/lib/logger";

/** The channel the migration's triggers NOTIFY with a project id on every key or policy change. */
export const PROJECT_CHANGED_CHANNEL = "signet_project_changed";

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5_000;
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

export interface InvalidationListenerOptions {
  connectionString: string;
  /** A project changed on some instance (possibly this one). */
  onProjectChanged(projectId: string): void;
  /**
   * LISTEN is (again) in place. Anything cached before this moment may have missed
   * notifications, so the cache reloads everything here.
   */
  onListening(): void;
  /** The LISTEN connection is gone: notifications may be missed until onListening. */
  onLost(): void;
}

/**
 * A dedicated connection doing `LISTEN signet_project_changed`, reconnecting with backoff
 * (250 ms doubling to 5 s) after any loss. It never throws into the process: every error
 * ends in a reconnect. A heartbeat query catches a silently dead connection.
 */
export class InvalidationListener {
  private client: pg.Client | null = null;
  private generation = 0;
  private backoffMs = MIN_BACKOFF_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private listening = false;

  constructor(private readonly options: InvalidationListenerOptions) {}

  get isListening(): boolean {
    return this.listening;
  }

  start(): void {
    if (this.stopped || this.client || this.reconnectTimer) return;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    this.listening = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.reconnectTimer = this.heartbeatTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    this.client = client;
    const current = () => generation === this.generation && !this.stopped;
    client.on("error", (error) => {
      if (current()) this.lost(error);
    });
    client.on("end", () => {
      if (current()) this.lost(null);
    });
    client.on("notification", (message) => {
      if (current() && message.channel === PROJECT_CHANGED_CHANNEL && message.payload) {
        this.options.onProjectChanged(message.payload);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PROJECT_CHANGED_CHANNEL}`);
    } catch (error) {
      if (current()) this.lost(error);
      else await client.end().catch(() => {});
      return;
    }
    if (!current()) {
      await client.end().catch(() => {});
      return;
    }
    // Not kept alive by this connection: shutting down never waits for the listener.
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    this.backoffMs = MIN_BACKOFF_MS;
    this.listening = true;
    this.startHeartbeat(client, generation);
    logger.info({ channel: PROJECT_CHANGED_CHANNEL }, "key cache invalidation listener connected");
    this.options.onListening();
  }

  private startHeartbeat(client: pg.Client, generation: number): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      if (generation !== this.generation) return;
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timeout = setTimeout(() => reject(new Error("heartbeat timed out")), HEARTBEAT_TIMEOUT_MS);
        timeout.unref();
      });
      Promise.race([client.query("SELECT 1"), timedOut])
        .catch((error: unknown) => {
          if (generation === this.generation && !this.stopped) this.lost(error);
        })
        .finally(() => clearTimeout(timeout));
    }, HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  private lost(error: unknown): void {
    const client = this.client;
    this.generation += 1;
    this.client = null;
    this.listening = false;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    // end() on a broken connection may emit another error: it is ignored (stale generation).
    client?.end().catch(() => {});
    this.options.onLost();
    if (this.stopped) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    logger.warn(
      { retryInMs: delay, err: error instanceof Error ? { message: error.message } : undefined },
      "key cache invalidation listener lost its connection; cached projects keep verifying",
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
