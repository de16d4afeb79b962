// The one PostgreSQL database the three instances share: a scratch database on the server of
// DATABASE_URL (or TEST_DATABASE_URL), else a throw-away embedded PostgreSQL, as the benchmarks do.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { builtModule, packageOfBuilt } from './built.mjs';
import { freePort } from '../../bench/harness.mjs';

async function serverUrl() {
  const configured = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (configured) return { url: builtModule('database/scratch-database').withDatabase(configured, 'postgres'), stop: async () => {} };
  // Not mkdtemp: its 0700 folder would shut out the `postgres` user when running as root.
  const dataDir = join(tmpdir(), `cc-scale-pg-${randomBytes(6).toString('hex')}`);
  const embedded = await builtModule('database/embedded-postgres').startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'postgres',
    logger: pino({ level: 'warn' }),
  });
  return {
    url: embedded.url,
    stop: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Migrated here, so the three instances can start at once (each start then finds nothing to do). */
async function migrate(url) {
  const { DataSource } = packageOfBuilt('typeorm');
  const dataSource = new DataSource(builtModule('database/data-source-options').dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}

/** `{ url, drop }`: a fresh database for this run, dropped (with its embedded server) by `drop`. */
export async function sharedDatabase() {
  const server = await serverUrl();
  const scratch = builtModule('database/scratch-database');
  const url = await scratch.createScratchDatabase(server.url, 'scale');
  await migrate(url);
  return {
    url,
    drop: async () => {
      await scratch.dropDatabase(server.url, url);
      await server.stop();
    },
  };
}
