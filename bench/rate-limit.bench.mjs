// `npm run bench:rate-limit`: what the per-key rate limit costs GET /api/v1/api_key. Three servers of the
// same build, each on its own scratch database (harness.mjs): limits off (RATE_LIMIT_DISABLED=true),
// counted in memory, and counted in Redis (REDIS_URL, else redis://127.0.0.1:6379, under a key prefix of
// its own). The live limit is far above what one machine can send, so every request is counted and none
// refused. All three run at once and the targets alternate within each round, so ratios compare like with like.
import { randomBytes } from 'node:crypto';
import { alternate, withServer, CONNECTIONS, SECONDS } from './harness.mjs';

const ROUNDS = 2;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// An empty REDIS_URL means unset (the servers inherit this process's environment).
const configs = {
  'limits off': { RATE_LIMIT_DISABLED: 'true', REDIS_URL: '' },
  'in memory': { REDIS_URL: '' },
  'in Redis': { REDIS_URL, REDIS_KEY_PREFIX: `cc-bench:${randomBytes(4).toString('hex')}:` },
};

/** Starts a server per configuration, nested so that all of them are up when `measure` runs. */
async function withServers(entries, measure, started = {}) {
  if (entries.length === 0) return measure(started);
  const [[name, env], ...rest] = entries;
  return withServer({ RATE_LIMIT_LIVE: '100000', ...env }, async (base, newKey) =>
    withServers(rest, measure, { ...started, [name]: { url: `${base}/api/v1/api_key`, secret: await newKey(['customers:read']) } }),
  );
}

await withServers(Object.entries(configs), async (targets) => {
  const summary = await alternate(
    Object.fromEntries(Object.entries(targets).map(([name, { url, secret }]) => [name, { url, headers: { authorization: `Bearer ${secret}` } }])),
    ROUNDS,
  );
  for (const row of Object.values(summary)) row['vs off'] = Number((row['req/s'] / summary['limits off']['req/s']).toFixed(2));
  console.log(`GET /api/v1/api_key, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per configuration, alternating`);
  console.table(summary);
});
