import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntervalJob } from '../scheduling/interval-job';
import { IDEMPOTENCY_WINDOW_HOURS } from './idempotency.interceptor';

/** Deletes idempotency records older than 24 hours, hourly in every instance. */
@Injectable()
export class IdempotencyPurger extends IntervalJob {
  protected readonly intervalMs = 60 * 60 * 1000;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  /** Returns how many records it removed. */
  async run(): Promise<number> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_WINDOW_HOURS],
    )) as [unknown, number];
    return removed;
  }
}
