// `npm run bench:webhooks`: 1,000 events (POST /api/v1/customers, 20 at a time) to a local receiver
// subscribed to customer.created. Reports deliveries per second and the latency from the event's
// commit (its createdAt) to the webhook's arrival: p50 and p99.
import { createServer } from 'node:http';
import { withServer } from './harness.mjs';

const EVENTS = 1_000;
const CONCURRENCY = 20;

const received = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    received.push({ at: Date.now(), event: JSON.parse(body) });
    res.writeHead(204).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hooks`;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

try {
  await withServer({ RATE_LIMIT_TEST: '100000' }, async (base, newKey) => {
    const secret = await newKey(['customers:write', 'webhooks:write'], 'test');
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const endpoint = await fetch(`${base}/api/v1/webhook_endpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiverUrl, enabledEvents: ['customer.created'] }),
    });
    if (endpoint.status !== 201) throw new Error(`endpoint: ${endpoint.status}`);

    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < EVENTS) {
          next += 1;
          const response = await fetch(`${base}/api/v1/customers`, { method: 'POST', headers, body: '{}' });
          if (response.status !== 201) throw new Error(`customer: ${response.status}`);
        }
      }),
    );
    while (received.length < EVENTS) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (received.at(-1).at - started) / 1000;
    const latencies = received.map((r) => r.at - Date.parse(r.event.createdAt)).sort((a, b) => a - b);
    console.table({
      [`${EVENTS} events`]: {
        'deliveries/s': Math.round(EVENTS / seconds),
        'p50 ms': percentile(latencies, 50),
        'p99 ms': percentile(latencies, 99),
        'max ms': latencies.at(-1),
      },
    });
  });
} finally {
  receiver.close();
}
