import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The TypeORM settings shared by the app, `ormconfig.ts` (the TypeORM CLI)
 * and the test setup. Entities and migrations are listed explicitly so the
 * same list works from `src/` under jest and from `dist/` at run time.
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Fail fast when the server is unreachable instead of queueing forever.
    extra: { max: poolSize, connectionTimeoutMillis: 5_000 },
  };
}
