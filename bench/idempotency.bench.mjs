// `npm run bench:idempotency`: POST /api/v1/customers with a fresh Idempotency-Key per request
// against the same POST without one, same server, same run. Reports the latency ratio.
import { randomUUID } from 'node:crypto';
import { load, summarise, withServer, CONNECTIONS, SECONDS } from './harness.mjs';

const ROUNDS = 2;

await withServer({ RATE_LIMIT_LIVE: '100000' }, async (base, newKey) => {
  const secret = await newKey(['customers:write']);
  const post = (withKey) => ({
    url: `${base}/api/v1/customers`,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: {
            authorization: `Bearer ${secret}`,
            'content-type': 'application/json',
            ...(withKey ? { 'idempotency-key': randomUUID() } : {}),
          },
          body: JSON.stringify({ name: 'Bench', metadata: { run: 'idempotency' } }),
        }),
      },
    ],
  });
  const targets = { 'POST without Idempotency-Key': post(false), 'POST with Idempotency-Key': post(true) };
  const results = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, options] of Object.entries(targets)) results[name].push(await load(name, options));
  }
  const summary = summarise(results);
  console.table(summary);
  const ratio = summary['POST with Idempotency-Key']['mean ms'] / summary['POST without Idempotency-Key']['mean ms'];
  console.log(`mean latency ratio with / without: ${ratio.toFixed(2)} (${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each, alternating)`);
});
