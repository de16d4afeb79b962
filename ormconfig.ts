import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The DataSource for the TypeORM CLI (migration:run, migration:generate).
 * The CLI always talks to an explicit server, so DATABASE_URL is required here.
 */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('ormconfig.ts: set DATABASE_URL to the PostgreSQL server the TypeORM CLI should use.');
}

export default new DataSource(dataSourceOptions(url));
