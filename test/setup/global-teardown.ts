import { rm } from 'node:fs/promises';
import { dropDatabase } from '../../src/database/scratch-database';
import { TEST_ENV, TestGlobals } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as TestGlobals;
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const databaseUrl = process.env[TEST_ENV.databaseUrl];
  if (serverUrl && databaseUrl) await dropDatabase(serverUrl, databaseUrl);
  await globals.embeddedTestServer?.stop();
  if (globals.embeddedTestDataDir) await rm(globals.embeddedTestDataDir, { recursive: true, force: true });
}
