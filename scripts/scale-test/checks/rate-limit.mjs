// One rate limit per key across the instances: a live key hammered through the balancer for a few
// seconds gets at most `limit` successes per one-second window in all, not `limit` per instance.
import { performance } from 'node:perf_hooks';
import { send } from '../client.mjs';

// Fixed windows counted atomically in Redis (one Lua script): no request slips past the count.
export const TOLERANCE = 0;

export async function checkRateLimit({ base, rateKey, settings }) {
  const { rateLimit, rateLimitSeconds, rateLimitWorkers } = settings;
  const statuses = {};
  const servedBy = new Set();
  let successes = 0;
  const started = performance.now();
  const until = started + rateLimitSeconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const answer = await send(base, { path: '/api/v1/api_key', key: rateKey });
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status === 200) {
        successes += 1;
        servedBy.add(answer.upstream);
      }
    }
  };
  await Promise.all(Array.from({ length: rateLimitWorkers }, worker));
  const seconds = (performance.now() - started) / 1000;
  // Windows start with the first request after the previous one ended: a run of `seconds` touches
  // at most floor(seconds) + 1 of them.
  const windows = Math.floor(seconds) + 1;
  const allowed = windows * (rateLimit + TOLERANCE);
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const unexpected = Object.keys(statuses).filter((status) => status !== '200' && status !== '429');
  return {
    property: 'one rate limit per key across the instances',
    pass: successes <= allowed && successes > 0 && unexpected.length === 0 && servedBy.size > 1,
    figures: `limit ${rateLimit}/s (tolerance ${TOLERANCE}); ${requests} requests in ${seconds.toFixed(1)} s → ${successes} × 200 (≤ ${allowed} allowed in the ${windows} windows the run touched; mean ${(successes / windows).toFixed(1)} per window), ${statuses[429] ?? 0} × 429, 200s served by ${servedBy.size} instances${unexpected.length ? `; unexpected statuses ${unexpected}` : ''}`,
  };
}
