import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionPurger } from '../common/scheduling/retention-purger';

/** Deliveries (and their attempt history) are kept as long as their events: 30 days. */
@Injectable()
export class DeliveryPurger extends RetentionPurger {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, 'webhook_deliveries', '30 days');
  }
}
