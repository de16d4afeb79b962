// `npm run bench:idempotency`: POST /api/v1/customers with a fresh Idempotency-Key per request
// against the same POST without one, same server, same run. Reports the latency ratio.
import { randomUUID } from 'node:crypto';
import { alternate, withServer, CONNECTIONS, SECONDS } from './harness.mjs';

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
  const summary = await alternate(targets, ROUNDS);
  console.table(summary);
  const ratio = summary['POST with Idempotency-Key']['mean ms'] / summary['POST without Idempotency-Key']['mean ms'];
  console.log(`mean latency ratio with / without: ${ratio.toFixed(2)} (${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each, alternating)`);
});
