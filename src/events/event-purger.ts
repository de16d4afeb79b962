import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionPurger } from '../common/scheduling/retention-purger';

/** Events are kept 30 days (DESIGN.md §8). */
@Injectable()
export class EventPurger extends RetentionPurger {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'events', '30 days');
  }
}
