import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionPurger } from '../scheduling/retention-purger';
import { IDEMPOTENCY_WINDOW_HOURS } from './idempotency-records';

/** Idempotency records are kept 24 hours (DESIGN.md §7). */
@Injectable()
export class IdempotencyPurger extends RetentionPurger {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'idempotency_records', `${IDEMPOTENCY_WINDOW_HOURS} hours`);
  }
}
