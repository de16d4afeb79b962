// The soak's load: a fixed request rate (not the most the server can take) of a weighted mix of
// authenticated reads, lists and writes that emit events (and so webhooks), some of them
// idempotent POSTs replayed with the same key. Latency is timed per request from its send; a
// request that falls due while MAX_IN_FLIGHT are still outstanding is not sent but counted as
// `missed`, so a server that cannot keep up shows as missed requests, not as a quietly lower rate.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

const MAX_IN_FLIGHT = 200;
const TICK_MS = 10;
const TIMEOUT_MS = 10_000;
const KEPT_IDS = 500;

/** Remembers the last KEPT_IDS ids of a kind, so reads hit recent and old rows alike. */
class Recent {
  items = [];
  add(item) {
    if (this.items.length < KEPT_IDS) this.items.push(item);
    else this.items[Math.floor(Math.random() * KEPT_IDS)] = item;
  }
  pick() {
    return this.items[Math.floor(Math.random() * this.items.length)];
  }
}

/** The mix: [weight, name, build()] where build returns {method, path, body?, idempotencyKey?, ok(status), after?(json)}. */
function mix(state) {
  const created = (status) => status === 201;
  return [
    [20, 'GET customer', () => ({ method: 'GET', path: `/api/v1/customers/${state.customers.pick()}` })],
    [15, 'GET customers list', () => ({ method: 'GET', path: '/api/v1/customers?limit=10' })],
    [10, 'GET sessions list', () => ({ method: 'GET', path: '/api/v1/checkout_sessions?status=open&limit=10' })],
    [5, 'GET session', () => ({ method: 'GET', path: `/api/v1/checkout_sessions/${state.sessions.pick()}` })],
    [8, 'GET events list', () => ({ method: 'GET', path: '/api/v1/events?limit=10' })],
    [4, 'GET deliveries list', () => ({ method: 'GET', path: `/api/v1/webhook_endpoints/${state.endpointId}/deliveries?limit=10` })],
    [10, 'GET api_key', () => ({ method: 'GET', path: '/api/v1/api_key' })],
    [
      12,
      'POST customer (idempotent)',
      () => ({
        method: 'POST',
        path: '/api/v1/customers',
        idempotencyKey: randomUUID(),
        body: { email: `soak-${randomUUID()}@example.com`, name: 'Soak', metadata: { run: 'soak' } },
        ok: created,
        after: (json, request) => {
          state.customers.add(json.id);
          state.replayable.add(request);
        },
      }),
    ],
    [3, 'POST replay (same key)', () => ({ ...state.replayable.pick(), after: undefined, replay: true })],
    [
      6,
      'POST checkout session (idempotent)',
      () => ({
        method: 'POST',
        path: '/api/v1/checkout_sessions',
        idempotencyKey: randomUUID(),
        body: { amount: '12.50', currency: 'USDC', customer: state.customers.pick(), metadata: { run: 'soak' } },
        ok: created,
        after: (json) => state.sessions.add(json.id),
      }),
    ],
    [
      7,
      'PATCH customer',
      () => ({ method: 'PATCH', path: `/api/v1/customers/${state.customers.pick()}`, body: { metadata: { touched: String(Date.now()) } } }),
    ],
  ];
}

/**
 * Creates the seed rows the reads need, then returns `start(rate)`, `take()` (the interval's
 * latencies, counts and errors since the last take) and `stop()` (resolves once in-flight
 * requests have ended).
 */
export async function soakLoad(base, secret, endpointId) {
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const state = { customers: new Recent(), sessions: new Recent(), replayable: new Recent(), endpointId };
  const weighted = mix(state);
  const totalWeight = weighted.reduce((sum, [weight]) => sum + weight, 0);

  let interval = fresh();
  const totals = { sent: 0, missed: 0, errors: 0, retried: 0, byError: {}, byName: {} };
  let inFlight = 0;

  function fresh() {
    return { latencies: [], sent: 0, missed: 0, errors: 0, replays: 0, retried: 0 };
  }

  function error(name, what) {
    interval.errors++;
    totals.errors++;
    const key = `${name}: ${what}`;
    totals.byError[key] = (totals.byError[key] ?? 0) + 1;
  }

  const call = (request) =>
    fetch(`${base}${request.path}`, {
      method: request.method,
      headers: request.idempotencyKey ? { ...headers, 'idempotency-key': request.idempotencyKey } : headers,
      body: request.body ? JSON.stringify(request.body) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });

  async function send(name, request) {
    const started = performance.now();
    const sample = interval;
    try {
      let response = await call(request);
      let text = await response.text();
      // Two replays of one key at once: one runs, the other is told to retry (README › Safe retries),
      // which a client does after Retry-After. The latency counts the wait, as the client sees it.
      if (response.status === 409 && request.idempotencyKey && JSON.parse(text).error?.code === 'idempotency_request_in_progress') {
        sample.retried++;
        totals.retried++;
        await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
        response = await call(request);
        text = await response.text();
      }
      const latency = performance.now() - started;
      sample.latencies.push(latency);
      (totals.byName[name] ??= []).push(latency);
      const ok = request.ok ? request.ok(response.status) : response.status === 200;
      if (!ok) return error(name, response.status);
      if (request.replay && response.headers.get('idempotent-replayed') !== 'true') return error(name, 'not replayed');
      if (request.replay) sample.replays++;
      request.after?.(JSON.parse(text), request);
    } catch (failure) {
      error(name, failure.name === 'TimeoutError' ? 'timeout' : failure.cause?.code ?? failure.message);
    }
  }

  function pickRequest() {
    let roll = Math.random() * totalWeight;
    for (const [weight, name, build] of weighted) {
      roll -= weight;
      if (roll < 0) return [name, build()];
    }
    throw new Error('unreachable');
  }

  async function fire([name, request]) {
    inFlight++;
    try {
      await send(name, request);
    } finally {
      inFlight--;
    }
  }

  // Seed: customers and sessions to read, one of each POST to replay.
  for (let i = 0; i < 50; i++) {
    const customer = weighted.find(([, name]) => name === 'POST customer (idempotent)')[2]();
    await send('seed customer', customer);
  }
  for (let i = 0; i < 20; i++) await send('seed session', weighted.find(([, name]) => name === 'POST checkout session (idempotent)')[2]());
  if (totals.errors > 0) throw new Error(`seeding failed: ${JSON.stringify(totals.byError)}`);
  interval = fresh();

  let timer;
  let pending = new Set();
  return {
    /** Sends at `rate` per second, reached linearly over `rampSeconds` (a cold JIT is not flooded). */
    start(rate, rampSeconds) {
      const startedAt = performance.now();
      let issued = 0;
      const owed = (t) => (t < rampSeconds ? (rate * t * t) / (2 * rampSeconds) : rate * (t - rampSeconds / 2));
      timer = setInterval(() => {
        const due = Math.floor(owed((performance.now() - startedAt) / 1000)) - issued;
        for (let i = 0; i < due; i++) {
          issued++;
          if (inFlight >= MAX_IN_FLIGHT) {
            interval.missed++;
            totals.missed++;
            continue;
          }
          interval.sent++;
          totals.sent++;
          const running = fire(pickRequest());
          pending.add(running);
          running.finally(() => pending.delete(running));
        }
      }, TICK_MS);
    },
    take() {
      const taken = interval;
      interval = fresh();
      return taken;
    },
    /** Forgets everything counted so far (the warm-up). */
    reset() {
      interval = fresh();
      Object.assign(totals, { sent: 0, missed: 0, errors: 0, retried: 0, byError: {}, byName: {} });
    },
    totals,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      pending = new Set();
    },
  };
}
