import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { createScratchDatabase, dropDatabase, withDatabase } from './scratch-database';

/**
 * `npm run migration:check`: applies every migration to a scratch database
 * and asks TypeORM what it would still change to match the entities — the
 * same diff `migration:generate` writes. Anything at all means drift.
 */
async function main(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!server) throw new Error('Set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to check migrations against.');
  const maintenance = withDatabase(server, 'postgres');
  const scratch = await createScratchDatabase(maintenance, 'migrations');
  const dataSource = new DataSource(dataSourceOptions(scratch));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    if (upQueries.length > 0) {
      process.stderr.write(
        'The entities and migrations have drifted. Generate a migration (see README) for:\n' +
          upQueries.map((query) => `  ${query.query};`).join('\n') +
          '\n',
      );
      process.exitCode = 1;
    } else {
      process.stdout.write(`Migrations match the entities (${dataSource.migrations.length} migrations).\n`);
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(maintenance, scratch);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
