import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export const EVENT_RETENTION_DAYS = 30;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Deletes events older than 30 days (DESIGN.md §8), hourly in every instance; the DELETE is idempotent. */
@Injectable()
export class EventPurger implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventPurger.name);
  private timer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge().catch((error: unknown) => this.logger.warn({ err: error }, 'event purge failed')), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many events it removed. */
  async purge(): Promise<number> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM events WHERE created_at < now() - make_interval(days => $1)`,
      [EVENT_RETENTION_DAYS],
    )) as [unknown, number];
    return removed;
  }
}
