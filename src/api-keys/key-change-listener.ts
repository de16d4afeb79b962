import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, QueryResult, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { hashPrefixSql, KEY_CHANGES_APPLICATION_NAME, KEY_CHANGES_CHANNEL, parseKeyChange } from './key-changes';

const RECONNECT_DELAY_MS = 1_000;
/** A round trip on the connection every second; one that takes longer than 2 s means the link is gone. */
const HEARTBEAT_INTERVAL_MS = 1_000;
const ROUND_TRIP_TIMEOUT_MS = 2_000;
/** Reading the issued keys' hash prefixes may take a while on a large table. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * Holds one connection that LISTENs for key changes from every instance and
 * evicts those keys from this instance's cache; once listening, it loads the
 * index of issued keys, which the notices of new keys then keep current. The
 * cache and the index are on only while the connection is known to be up: a
 * change missed while it was down cannot go stale. A connection can die
 * silently (a NAT or firewall dropping it, a server that stops answering), so
 * a heartbeat query proves it alive every second — PostgreSQL sends the
 * notices committed before a query ahead of its answer — and one unanswered
 * within 2 s counts as lost: a dead link turns the cache off within 3 s.
 */
@Injectable()
export class KeyChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeyChangeListener.name);
  private client?: Client;
  /** A lost channel is worth one warning, not one per failed reconnect. */
  private warnOnLoss = true;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.authenticator.channelDown();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const { url } = this.dataSource.options as { url?: string };
    const client = new Client({
      connectionString: url,
      application_name: KEY_CHANGES_APPLICATION_NAME,
      connectionTimeoutMillis: ROUND_TRIP_TIMEOUT_MS,
    });
    client.on('notification', ({ payload }) => {
      const change = parseKeyChange(payload ?? '');
      if (change) this.authenticator.keyChanged(change);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await this.roundTrip(client, `LISTEN ${KEY_CHANGES_CHANNEL}`);
      // After LISTEN: a key issued from now on is either in this list or heard of.
      const { rows } = await this.roundTrip<{ prefix: string }>(
        client,
        `SELECT ${hashPrefixSql('secret_hash')} AS prefix FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
        LOAD_TIMEOUT_MS,
      );
      if (this.client !== client) return;
      this.warnOnLoss = true;
      this.authenticator.channelUp(rows.map((row) => row.prefix));
      this.schedule(() => this.heartbeat(client), HEARTBEAT_INTERVAL_MS);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private async heartbeat(client: Client): Promise<void> {
    try {
      await this.roundTrip(client, 'SELECT 1');
      if (this.client === client) this.schedule(() => this.heartbeat(client), HEARTBEAT_INTERVAL_MS);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private async roundTrip<Row extends QueryResultRow>(client: Client, sql: string, timeoutMs = ROUND_TRIP_TIMEOUT_MS): Promise<QueryResult<Row>> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        client.query<Row>(sql),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`no answer from PostgreSQL within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timeout);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearTimeout(this.timer);
    this.authenticator.channelDown();
    // With a query still waiting, pg destroys the socket rather than wait for a goodbye that may never come.
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (this.warnOnLoss) this.logger.warn({ err: error }, 'lost the key-change channel; verifying every key against the database until it is back');
    this.warnOnLoss = false;
    this.schedule(() => this.listen(), RECONNECT_DELAY_MS);
  }

  private schedule(task: () => Promise<void>, delayMs: number): void {
    this.timer = setTimeout(() => void task(), delayMs);
    this.timer.unref();
  }
}
