import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DedicatedConnection } from '../database/dedicated-connection';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { KeyChangeAcks } from './key-change-acks';
import {
  hashPrefixSql,
  KEY_CHANGE_ACK_REQUESTS_CHANNEL,
  KEY_CHANGE_ACKS_CHANNEL,
  KEY_CHANGES_APPLICATION_NAME,
  KEY_CHANGES_CHANNEL,
  parseKeyChange,
} from './key-changes';

const RECONNECT_DELAY_MS = 1_000;
/** A round trip on the connection every second; one that takes longer than 2 s (the connection's deadline) means the link is gone. */
const HEARTBEAT_INTERVAL_MS = 1_000;
/** Reading the issued keys' hash prefixes may take a while on a large table. */
const LOAD_TIMEOUT_MS = 30_000;

/**
 * Holds one connection that LISTENs for key changes from every instance and
 * evicts those keys from this instance's cache, acknowledging the changes of
 * each transaction that asks for it (`KeyChangeAcks`, whose acknowledgements it
 * also hears); once listening, it loads the
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
  private connection?: DedicatedConnection;
  /** A lost channel is worth one warning, not one per failed reconnect. */
  private warnOnLoss = true;
  private reconnect?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly acks: KeyChangeAcks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    this.authenticator.channelDown();
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const { url } = this.dataSource.options as { url?: string };
    const connection: DedicatedConnection = new DedicatedConnection({
      database: { connectionString: url },
      applicationName: KEY_CHANGES_APPLICATION_NAME,
      onNotification: ({ channel, payload = '', processId }) => {
        if (channel === KEY_CHANGE_ACK_REQUESTS_CHANNEL) {
          // Notices arrive in order: the changes before this request are evicted (a lost link is handled by onLost).
          connection.query('SELECT pg_notify($1, $2)', [KEY_CHANGE_ACKS_CHANNEL, payload]).catch(() => undefined);
        } else if (channel === KEY_CHANGE_ACKS_CHANNEL) {
          this.acks.heard(payload, processId);
        } else {
          const change = parseKeyChange(payload);
          if (change) this.authenticator.keyChanged(change);
        }
      },
      onLost: (error) => this.lost(connection, error),
    });
    this.connection = connection;
    try {
      await connection.open();
      await connection.query(`LISTEN ${KEY_CHANGES_CHANNEL}; LISTEN ${KEY_CHANGE_ACK_REQUESTS_CHANNEL}; LISTEN ${KEY_CHANGE_ACKS_CHANNEL}`);
      // After LISTEN: a key issued from now on is either in this list or heard of.
      const { rows } = await connection.query<{ prefix: string }>(
        `SELECT ${hashPrefixSql('secret_hash')} AS prefix FROM api_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
        [],
        LOAD_TIMEOUT_MS,
      );
      if (this.connection !== connection) return;
      this.warnOnLoss = true;
      this.authenticator.channelUp(rows.map((row) => row.prefix));
      connection.startHeartbeat(HEARTBEAT_INTERVAL_MS);
    } catch (error) {
      this.lost(connection, error);
    }
  }

  private lost(connection: DedicatedConnection, error: unknown): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.authenticator.channelDown();
    void connection.close();
    if (this.stopped) return;
    if (this.warnOnLoss) this.logger.warn({ err: error }, 'lost the key-change channel; verifying every key against the database until it is back');
    this.warnOnLoss = false;
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_DELAY_MS);
    this.reconnect.unref();
  }
}
