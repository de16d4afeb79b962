import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';

/** Variables global setup hands to the test workers. */
export const TEST_ENV = {
  /** The server's maintenance database, for creating scratch databases. */
  serverUrl: 'CC_TEST_SERVER_URL',
  /** This run's migrated database. */
  databaseUrl: 'CC_TEST_DATABASE_URL',
} as const;

export type TestGlobals = typeof globalThis & { embeddedTestServer?: EmbeddedDatabase; embeddedTestDataDir?: string };

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run e2e suites through jest's global setup.`);
  return value;
}
