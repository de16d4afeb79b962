import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { freePort } from '../support/free-port';
import { createScratchDatabase, withDatabase } from '../../src/database/scratch-database';
import { probeRedis } from './redis-probe';
import { TEST_ENV, TestGlobals } from './test-env';

/**
 * Once per `npm test`: find a PostgreSQL server (TEST_DATABASE_URL, else
 * DATABASE_URL, else a throw-away embedded one), create a fresh database for
 * this run and migrate it. Workers read the URLs from the environment.
 */
export default async function globalSetup(): Promise<void> {
  await probeRedis();
  const globals = globalThis as TestGlobals;
  let serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    // Not mkdtemp: its 0700 folder would shut out the `postgres` user when running as root. As root,
    // PostgreSQL itself also runs from here when the clone is out of that user's reach (under /root).
    const dataDir = join(tmpdir(), `cc-test-pg-${randomBytes(6).toString('hex')}`);
    globals.embeddedTestDataDir = dataDir;
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: 'postgres',
      logger: pino({ level: 'warn' }),
      unreachableAdvice: 'Set TMPDIR to a folder it can reach, or TEST_DATABASE_URL to a PostgreSQL server for the tests.',
    });
    globals.embeddedTestServer = embedded;
    serverUrl = embedded.url;
  }
  const serverAdminUrl = withDatabase(serverUrl, 'postgres');
  const databaseUrl = await createScratchDatabase(serverAdminUrl, 'test');
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();

  process.env[TEST_ENV.serverUrl] = serverAdminUrl;
  process.env[TEST_ENV.databaseUrl] = databaseUrl;
}
