import { DataSource } from 'typeorm';
import { IntervalJob } from './interval-job';

/**
 * Deletes a table's rows older than a retention period (`created_at`), hourly
 * in every instance; deleting is idempotent, so overlapping runs are harmless.
 */
export abstract class RetentionPurger extends IntervalJob {
  protected readonly intervalMs = 60 * 60 * 1000;

  constructor(
    private readonly dataSource: DataSource,
    private readonly table: string,
    private readonly retention: string,
  ) {
    super();
  }

  /** Returns how many rows it removed. */
  async run(): Promise<number> {
    const [, removed] = (await this.dataSource.query(`DELETE FROM ${this.table} WHERE created_at < now() - $1::interval`, [
      this.retention,
    ])) as [unknown, number];
    return removed;
  }
}
