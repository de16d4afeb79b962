import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntervalJob } from '../common/scheduling/interval-job';

export const EVENT_RETENTION_DAYS = 30;

/** Deletes events older than 30 days (DESIGN.md §8), hourly in every instance. */
@Injectable()
export class EventPurger extends IntervalJob {
  protected readonly intervalMs = 60 * 60 * 1000;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  /** Returns how many events it removed. */
  async run(): Promise<number> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM events WHERE created_at < now() - make_interval(days => $1)`,
      [EVENT_RETENTION_DAYS],
    )) as [unknown, number];
    return removed;
  }
}
