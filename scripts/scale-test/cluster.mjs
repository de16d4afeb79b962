// Everything the scale test runs, all on loopback: one PostgreSQL database, one Redis, one Anvil,
// three instances of the built service, nginx in front; `stop()` ends all of it.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { assertBuilt } from './built.mjs';
import { startChain } from './chain.mjs';
import { sharedDatabase } from './database.mjs';
import { Instance } from './instance.mjs';
import { findNginx, startNginx } from './nginx.mjs';
import { freePort } from '../../bench/harness.mjs';
import { sharedRedisUrl } from './redis.mjs';
import { INSTANCES } from './settings.mjs';

export const PAYOUT_ADDRESS = '0x5555555555555555555555555555555555555555';

function instanceEnv({ databaseUrl, redisUrl, rpcUrl, dataDir, admin, settings }) {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    // nginx is the one proxy: its X-Forwarded-For names the client.
    TRUST_PROXY: '127.0.0.1',
    LOCAL_CHAIN: 'off',
    RPC_URLS_LOCAL: rpcUrl,
    PAYOUT_ADDRESS_TEST: PAYOUT_ADDRESS,
    // One key for all: each instance signs and decrypts the others' webhook secrets.
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    DATA_DIR: dataDir,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    // The rate-limit check uses a live key at a small limit; the load's test keys are not limited.
    RATE_LIMIT_LIVE: String(settings.rateLimit),
    RATE_LIMIT_TEST: '100000',
    // Every client here is 127.0.0.1: the revocation check's 401s must not add up to that address's limit.
    RATE_LIMIT_UNAUTHENTICATED: '100000',
    LOG_LEVEL: 'warn',
  };
}

export async function startCluster(settings) {
  assertBuilt();
  const nginxBinary = findNginx();
  if (nginxBinary instanceof Error) throw nginxBinary;
  const redisUrl = await sharedRedisUrl();
  const stops = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => console.error(`cleanup: ${error.message}`));
  };
  try {
    const database = await sharedDatabase();
    stops.push(database.drop);
    const chain = await startChain();
    stops.push(() => chain.stop());
    const dataDir = await mkdtemp(join(tmpdir(), 'cc-scale-data-'));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const admin = { email: 'scale@example.com', password: randomBytes(12).toString('hex') };
    const env = instanceEnv({ databaseUrl: database.url, redisUrl, rpcUrl: chain.rpcUrl, dataDir, admin, settings });
    const instances = [];
    // Each its own metrics port: the watcher-leader gauge is each instance's own view.
    for (let i = 1; i <= INSTANCES; i += 1) instances.push(new Instance(`app${i}`, await freePort(), { ...env, METRICS_PORT: String(await freePort()) }));
    stops.push(() => Promise.all(instances.map((instance) => instance.stop('SIGKILL'))));
    await Promise.all(instances.map((instance) => instance.start()));
    const nginxPort = await freePort();
    const nginx = await startNginx(nginxPort, instances.map((instance) => instance.port));
    stops.push(nginx.stop);
    const db = new pg.Pool({ connectionString: database.url, max: 2 });
    stops.push(() => db.end());
    return { base: `http://127.0.0.1:${nginxPort}`, instances, admin, db, chain, nginx, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
