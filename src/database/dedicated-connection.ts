import { Client, ClientConfig, Notification, QueryResult, QueryResultRow } from 'pg';

/** A round trip (or a connect) that takes longer than this means the link is gone. */
const ROUND_TRIP_TIMEOUT_MS = 2_000;
/** Idle time before the operating system starts probing the link with TCP keepalives. */
const KEEPALIVE_DELAY_MS = 3_000;

export interface DedicatedConnectionOptions {
  /** The database: a connection URL or a pg client configuration. */
  database: string | ClientConfig;
  /** Names the connection in `pg_stat_activity`, so it can be told apart there. */
  applicationName: string;
  /**
   * Called once when the open connection fails: an error, an end nobody asked for, a query or heartbeat
   * unanswered in time. Not after `close()`, nor for a failed `open()` (which rejects instead).
   */
  onLost(error: Error): void;
  onNotification?(notification: Notification): void;
}

type State = 'new' | 'open' | 'lost' | 'closed';

/**
 * One PostgreSQL connection of its own, outside the TypeORM pool, for what
 * lives on a session (LISTEN, advisory locks). Such a connection can die
 * silently (a NAT or firewall dropping it, a server that stops answering),
 * so TCP keepalive is on, every query has a deadline, and a heartbeat can
 * prove the link alive at an interval. The first failure is reported through
 * `onLost` and the connection is dropped: it is never used again.
 */
export class DedicatedConnection {
  private readonly client: Client;
  private state: State = 'new';
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly options: DedicatedConnectionOptions) {
    const config = typeof options.database === 'string' ? { connectionString: options.database } : options.database;
    this.client = new Client({
      ...config,
      application_name: options.applicationName,
      connectionTimeoutMillis: ROUND_TRIP_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    });
    this.client.on('error', (error) => this.fail(error));
    this.client.on('end', () => this.fail(new Error('the connection to PostgreSQL ended')));
    if (options.onNotification) this.client.on('notification', options.onNotification);
  }

  /** Connects; rejects (and leaves nothing open) if PostgreSQL cannot be reached in time. */
  async open(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      this.state = 'closed';
      this.client.end().catch(() => undefined);
      throw error;
    }
    // close() may have come first.
    if (this.state === 'new') this.state = 'open';
  }

  /** Runs `sql`; an answer that does not come within `timeoutMs` counts as a lost connection. */
  async query<Row extends QueryResultRow>(sql: string, parameters: unknown[] = [], timeoutMs = ROUND_TRIP_TIMEOUT_MS): Promise<QueryResult<Row>> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.client.query<Row>(sql, parameters),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => {
            const error = new Error(`no answer from PostgreSQL within ${timeoutMs} ms`);
            this.fail(error);
            reject(error);
          }, timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timeout);
    }
  }

  /** From now on, a round trip every `intervalMs` proves the link alive. */
  startHeartbeat(intervalMs: number): void {
    clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      this.query('SELECT 1').then(
        () => {
          if (this.state === 'open') this.startHeartbeat(intervalMs);
        },
        (error: Error) => this.fail(error),
      );
    }, intervalMs);
    this.heartbeat.unref();
  }

  async close(): Promise<void> {
    const wasOpen = this.state === 'open' || this.state === 'new';
    this.state = 'closed';
    clearTimeout(this.heartbeat);
    if (wasOpen) await this.client.end().catch(() => undefined);
  }

  private fail(error: Error): void {
    if (this.state !== 'open') return;
    this.state = 'lost';
    clearTimeout(this.heartbeat);
    // With a query still waiting, pg destroys the socket rather than wait for a goodbye that may never come.
    this.client.end().catch(() => undefined);
    this.options.onLost(error);
  }
}
