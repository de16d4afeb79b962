import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { KEY_CHANGES_CHANNEL } from './key-changes';

const RECONNECT_DELAY_MS = 1_000;

/**
 * Holds one connection that LISTENs for key changes from every instance and
 * evicts those keys from this instance's cache. The cache is on only while
 * the connection is up: a change missed while it was down cannot go stale.
 */
@Injectable()
export class KeyChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeyChangeListener.name);
  private client?: Client;
  private reconnectTimer?: NodeJS.Timeout;
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
    clearTimeout(this.reconnectTimer);
    this.authenticator.setCacheEnabled(false);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const { url } = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: url });
    client.on('notification', ({ payload }) => payload && this.authenticator.evict(payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_CHANGES_CHANNEL}`);
      this.authenticator.setCacheEnabled(true);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.authenticator.setCacheEnabled(false);
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ err: error }, 'lost the key-change channel; verifying every key against the database until it is back');
    this.reconnectTimer = setTimeout(() => void this.listen(), RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}
