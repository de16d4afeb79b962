import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { loadConfig } from '../../src/config/app-config';
import { createScratchDatabase, dropDatabase } from '../../src/database/scratch-database';
import { testEnv } from '../setup/test-env';
import { LogCapture } from './log-capture';
import { checkConformance } from './openapi-conformance';

export interface TestApp {
  app: NestExpressApplication;
  logs: LogCapture;
  /** Closes the app, then fails if any response it gave disagreed with openapi.yaml. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Defaults to this run's migrated database. */
  databaseUrl?: string;
  /**
   * A scratch database for this app alone, dropped on close: for suites whose background work
   * (chain watchers, their leader locks) must not meet another suite's.
   */
  ownDatabase?: boolean;
  /** Extra controllers mounted beside the real ones (test probes). */
  controllers?: Type[];
  /** Extra environment variables for the app's configuration, e.g. `{ PUBLIC_BASE_URL: 'https://…' }`. */
  env?: Record<string, string>;
  /** Providers replaced by a subclass, for what a test machine cannot offer (e.g. a public address). */
  overrides?: { provider: Type; useClass: Type }[];
}

/** The real AppModule, configured as `main.ts` does, on real PostgreSQL, logs captured. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs = new LogCapture();
  const ownDatabase = options.ownDatabase ? await createScratchDatabase(testEnv('serverUrl'), 'app') : undefined;
  // DATA_DIR holds files the app may create (the webhook key file): never the working tree.
  // Suites make many requests a second with one key: limits are generous unless a suite sets its own.
  const config = loadConfig({
    LOG_LEVEL: 'debug',
    DATA_DIR: join(tmpdir(), `cc-test-data-${process.pid}`),
    RATE_LIMIT_LIVE: '100000',
    RATE_LIMIT_TEST: '100000',
    RATE_LIMIT_UNAUTHENTICATED: '100000',
    // Other suites' events reach every test endpoint; keep such stray deliveries short.
    WEBHOOK_TIMEOUT_MS: '1000',
    // Parallel suites would contend for one metrics port: a suite that scrapes sets its own.
    METRICS_PORT: 'off',
    ...options.env,
  });
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot({ config, databaseUrl: ownDatabase ?? options.databaseUrl ?? testEnv('databaseUrl'), logDestination: logs })],
    controllers: options.controllers ?? [],
  });
  for (const { provider, useClass } of options.overrides ?? []) builder.overrideProvider(provider).useClass(useClass);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  const disagreements: string[] = [];
  app.use(checkConformance(disagreements));
  configureApp(app);
  await app.init();
  return {
    app,
    logs,
    close: async () => {
      await app.close();
      if (ownDatabase) await dropDatabase(testEnv('serverUrl'), ownDatabase);
      if (disagreements.length > 0) {
        throw new Error(`Responses that disagree with openapi.yaml:\n  ${[...new Set(disagreements)].join('\n  ')}`);
      }
    },
  };
}
