// `npm run bench`: GET /api/v1/api_key (authenticated) against GET /healthz (bare), same server, same run.
import { alternate, withServer, CONNECTIONS, SECONDS } from './harness.mjs';

const ROUNDS = 2;

await withServer({ RATE_LIMIT_LIVE: '100000' }, async (base, newKey) => {
  const secret = await newKey(['customers:read']);
  const targets = {
    'GET /healthz': { url: `${base}/healthz` },
    'GET /api/v1/api_key': { url: `${base}/api/v1/api_key`, headers: { authorization: `Bearer ${secret}` } },
  };
  const summary = await alternate(targets, ROUNDS);
  console.table(summary);
  const ratio = summary['GET /api/v1/api_key']['req/s'] / summary['GET /healthz']['req/s'];
  console.log(`ratio api_key / healthz: ${ratio.toFixed(2)} (${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each, alternating)`);
});
