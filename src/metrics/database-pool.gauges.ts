import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';

/** The pg pool behind TypeORM's DataSource: connections in use, idle, and queries waiting for one. */
@Injectable()
export class DatabasePoolGauges {
  constructor(metrics: Metrics, @InjectDataSource() dataSource: DataSource) {
    // TypeORM's PostgresDriver keeps its pg Pool as `master` (undefined once the DataSource is destroyed).
    const pool = () => (dataSource.driver as unknown as { master?: Pool }).master;
    const gauge = (name: string, help: string, read: (pool: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          const current = pool();
          this.set(current ? read(current) : 0);
        },
      });
    gauge('checkout_db_pool_connections_in_use', 'Pool connections checked out by queries or transactions.', (p) => p.totalCount - p.idleCount);
    gauge('checkout_db_pool_connections_idle', 'Pool connections open and free.', (p) => p.idleCount);
    gauge('checkout_db_pool_waiting_requests', 'Queries waiting for a pool connection (the pool is exhausted while above 0).', (p) => p.waitingCount);
  }
}
