// `npm run soak`: the built server under a steady mixed load for SOAK_MINUTES (30) while one
// PostgreSQL connection holds an idle transaction open (the MVCC trap for SKIP LOCKED queues).
// Prints a sample line every SOAK_SAMPLE_SECONDS, then a summary, and exits 1 if a bound broke.
// See README › Soak for the bounds and the variables that override them.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, keyMaker, scratchDatabase, startServer, stopServer } from './harness.mjs';
import { soakLoad } from './soak/load.mjs';
import { databaseProbe, holdIdleTransaction, scrape } from './soak/probes.mjs';
import { startReceiver } from './soak/receiver.mjs';
import { fmt, max, median, min, percentile } from './soak/stats.mjs';

const number = (name, fallback) => Number(process.env[name] ?? fallback);
const MINUTES = number('SOAK_MINUTES', 30);
const RATE = number('SOAK_RATE', 80);
const SAMPLE_SECONDS = number('SOAK_SAMPLE_SECONDS', MINUTES >= 10 ? 60 : 20);
const WARMUP_SECONDS = number('SOAK_WARMUP_SECONDS', 60);
const MEMORY_SECONDS = 10;
// The heap is compared between the first and the last window: 5 minutes, or a third of a short run.
const WINDOW_SECONDS = Math.min(300, (MINUTES * 60) / 3);
const DRAIN_SECONDS = 60;
// `off` runs without the idle transaction: the control run, to tell its effect from the load's.
const IDLE_TRANSACTION = process.env.SOAK_IDLE_TRANSACTION !== 'off';
const BOUNDS = {
  requestP99Ms: number('SOAK_MAX_P99_MS', 2_000),
  lagP99Ms: number('SOAK_MAX_LAG_P99_MS', 5_000),
  heapGrowthMb: number('SOAK_MAX_HEAP_GROWTH_MB', 50),
  errors: number('SOAK_MAX_ERRORS', 0),
  missedPercent: number('SOAK_MAX_MISSED_PERCENT', 1),
};
const MB = 1024 * 1024;

let interrupted = false;
process.once('SIGINT', () => (interrupted = true));

const receiver = await startReceiver();
const database = await scratchDatabase();
const port = await freePort();
const metricsPort = await freePort();
const base = `http://127.0.0.1:${port}`;
const admin = { email: 'soak@example.com', password: randomBytes(12).toString('hex') };
const server = await startServer({
  ...database.env,
  LOG_LEVEL: 'info',
  RATE_LIMIT_TEST: '100000',
  PORT: String(port),
  METRICS_PORT: String(metricsPort),
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
});
let serverExit = null;
server.on('exit', (code, signal) => (serverExit = signal ?? code));

const cleanups = [() => receiver.close(), () => database.drop(), () => stopServer(server)];
let failed;
try {
  failed = await soak();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup:', error.message));
}
process.exit(failed ? 1 : 0);

async function soak() {
  const newKey = await keyMaker(base, admin);
  const secret = await newKey(['customers:read', 'customers:write', 'sessions:read', 'sessions:write', 'events:read', 'webhooks:read', 'webhooks:write'], 'test');
  const endpoint = await fetch(`${base}/api/v1/webhook_endpoints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, enabledEvents: ['*'] }),
  });
  if (endpoint.status !== 201) throw new Error(`webhook endpoint: ${endpoint.status} ${await endpoint.text()}`);
  const endpointId = (await endpoint.json()).id;

  // Opened before any load, so every row version the soak leaves dead stays unvacuumable.
  const idle = IDLE_TRANSACTION ? await holdIdleTransaction(database.url()) : null;
  if (idle) cleanups.push(() => idle.release());
  const probe = await databaseProbe(database.url(), idle?.pid);
  cleanups.push(() => probe.close());
  const load = await soakLoad(base, secret, endpointId);
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;

  console.log(
    `soak: ${WARMUP_SECONDS} s warm-up, then ${MINUTES} min at ${RATE} req/s, sample every ${SAMPLE_SECONDS} s; ` +
      (idle ? `idle transaction xid ${idle.xid} (pid ${idle.pid}) open from the start` : 'no idle transaction (SOAK_IDLE_TRANSACTION=off)'),
  );
  // Warm-up: the rate ramps up over it, and nothing of it is measured (JIT, caches, pools).
  load.start(RATE, WARMUP_SECONDS);
  await sleep(WARMUP_SECONDS * 1000);
  load.reset();
  receiver.take();
  console.log(header());
  const memory = []; // { at (s), heap, rss } every MEMORY_SECONDS
  const samples = [];
  const all = { latencies: [], lags: [] }; // every measured request's and webhook's, for run-wide percentiles
  let idleHeldThroughout = true;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  let nextMemory = MEMORY_SECONDS;
  let nextSample = SAMPLE_SECONDS;
  while (elapsed() < MINUTES * 60 && !interrupted && serverExit === null) {
    await sleep(Math.max(0, Math.min(nextMemory, nextSample) - elapsed()) * 1000);
    if (elapsed() >= nextMemory) {
      nextMemory += MEMORY_SECONDS;
      const metrics = await scrape(metricsUrl).catch(() => null);
      if (metrics) memory.push({ at: elapsed(), heap: metrics.heapUsed, rss: metrics.rss });
    }
    if (elapsed() >= nextSample) {
      nextSample += SAMPLE_SECONDS;
      const sample = await takeSample(load, probe, metricsUrl, SAMPLE_SECONDS);
      idleHeldThroughout &&= sample.idleHeld;
      all.latencies = all.latencies.concat(sample.latencies);
      all.lags = all.lags.concat(sample.lags);
      samples.push(sample);
      console.log(line(sample, samples.length));
      if (sample.claimPlan !== samples.at(-2)?.claimPlan) console.log(`      claim probe plan: ${sample.claimPlan}`);
    }
  }
  const ranFor = elapsed();
  await load.stop();

  // Let the queue drain, then check that every event reached the receiver.
  let deliveries = await probe.deliveries();
  for (let waited = 0; deliveries.pending > 0 && waited < DRAIN_SECONDS && serverExit === null; waited++) {
    await sleep(1_000);
    deliveries = await probe.deliveries();
  }
  all.lags = all.lags.concat(receiver.take());

  return judge({ ranFor, samples, memory, all, deliveries, idleHeldThroughout, totals: load.totals });
}

async function takeSample(load, probe, metricsUrl, seconds) {
  const requests = load.take();
  const lags = receiver.take();
  const [metrics, database] = await Promise.all([scrape(metricsUrl).catch(() => ({})), probe.sample()]);
  return { ...requests, lags, seconds, metrics, ...database };
}

function header() {
  return [
    'min'.padStart(5),
    'req/s'.padStart(6),
    'p50ms'.padStart(6),
    'p99ms'.padStart(6),
    'err'.padStart(4),
    'miss'.padStart(5),
    'hook/s'.padStart(7),
    'lag50'.padStart(6),
    'lag99'.padStart(6),
    'lagmax'.padStart(7),
    'pend'.padStart(5),
    'heapMB'.padStart(7),
    'rssMB'.padStart(6),
    'whd live/dead'.padStart(14),
    'whd MB'.padStart(7),
    'claim ms/buf'.padStart(13),
    'ev-loop99'.padStart(9),
    'poolWait'.padStart(8),
  ].join(' ');
}

function line(s, index) {
  const deliveriesTable = s.tables.webhook_deliveries ?? {};
  return [
    fmt((index * s.seconds) / 60, 1).toString().padStart(5),
    fmt(s.sent / s.seconds).toString().padStart(6),
    fmt(percentile(s.latencies, 50), 1).toString().padStart(6),
    fmt(percentile(s.latencies, 99), 1).toString().padStart(6),
    String(s.errors).padStart(4),
    String(s.missed).padStart(5),
    fmt(s.lags.length / s.seconds, 1).toString().padStart(7),
    fmt(percentile(s.lags, 50)).toString().padStart(6),
    fmt(percentile(s.lags, 99)).toString().padStart(6),
    fmt(max(s.lags)).toString().padStart(7),
    fmt(s.metrics.pending).toString().padStart(5),
    fmt(s.metrics.heapUsed / MB, 1).toString().padStart(7),
    fmt(s.metrics.rss / MB).toString().padStart(6),
    `${deliveriesTable.live ?? '—'}/${deliveriesTable.dead ?? '—'}`.padStart(14),
    fmt(deliveriesTable.bytes / MB, 1).toString().padStart(7),
    `${fmt(s.claimMs, 2)}/${s.claimBuffers}`.padStart(13),
    `${fmt(s.metrics.eventLoopP99 * 1000, 1)}ms`.padStart(9),
    fmt(s.metrics.poolWaiting).toString().padStart(8),
  ].join(' ');
}

function inWindow(memory, from, to) {
  return memory.filter((m) => m.at >= from && m.at <= to);
}

function judge({ ranFor, samples, memory, all, deliveries, idleHeldThroughout, totals }) {
  const window = Math.min(WINDOW_SECONDS, ranFor / 3);
  const firstHeap = median(inWindow(memory, 0, window).map((m) => m.heap)) / MB;
  const lastHeap = median(inWindow(memory, ranFor - window, ranFor).map((m) => m.heap)) / MB;
  const lastSamples = samples.filter((s, i) => (samples.length - i) * s.seconds <= Math.max(window, s.seconds));
  const lastP99 = percentile(
    lastSamples.flatMap((s) => s.latencies),
    99,
  );
  const lastLagP99 = percentile(
    lastSamples.flatMap((s) => s.lags),
    99,
  );
  const missedPercent = (100 * totals.missed) / Math.max(1, totals.sent + totals.missed);
  const undelivered = deliveries.events - deliveries.delivered_events;
  const lastDeliveries = samples.at(-1)?.tables.webhook_deliveries;

  console.log(`\nsummary: ${fmt(ranFor / 60, 1)} min, ${totals.sent} requests (${fmt(totals.sent / ranFor)} req/s), ${all.lags.length} webhooks received`);
  console.table({
    requests: { p50: fmt(percentile(all.latencies, 50), 1), p99: fmt(percentile(all.latencies, 99), 1), max: fmt(max(all.latencies)), 'last window p99': fmt(lastP99, 1) },
    'webhook lag ms': { p50: fmt(percentile(all.lags, 50)), p99: fmt(percentile(all.lags, 99)), max: fmt(max(all.lags)), 'last window p99': fmt(lastLagP99) },
    'heap MB (median)': { max: fmt(max(memory.map((m) => m.heap)) / MB, 1), first: fmt(firstHeap, 1), last: fmt(lastHeap, 1) },
    'heap MB (floor)': { first: fmt(min(inWindow(memory, 0, window).map((m) => m.heap)) / MB, 1), last: fmt(min(inWindow(memory, ranFor - window, ranFor).map((m) => m.heap)) / MB, 1) },
    'rss MB': { max: fmt(max(memory.map((m) => m.rss)) / MB), first: fmt(memory[0]?.rss / MB), last: fmt(memory.at(-1)?.rss / MB) },
  });
  console.log(
    `webhook_deliveries at the end: ${lastDeliveries?.live} live / ${lastDeliveries?.dead} dead row versions, ${fmt(lastDeliveries?.bytes / MB, 1)} MB; ` +
      `claim probe first ${fmt(samples[0]?.claimMs, 2)} ms / ${samples[0]?.claimBuffers} buffers, last ${fmt(samples.at(-1)?.claimMs, 2)} ms / ${samples.at(-1)?.claimBuffers} buffers`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(totals.byName)
        .filter(([name]) => !name.startsWith('seed'))
        .map(([name, latencies]) => [name, { n: latencies.length, 'p50 ms': fmt(percentile(latencies, 50), 1), 'p99 ms': fmt(percentile(latencies, 99), 1) }]),
    ),
  );
  if (Object.keys(totals.byError).length > 0) console.log('errors:', totals.byError);
  if (totals.retried > 0) console.log(`409 idempotency_request_in_progress (concurrent replays of one key), retried after Retry-After: ${totals.retried}`);
  if (receiver.duplicates > 0) console.log(`duplicate webhook deliveries (at least once): ${receiver.duplicates}`);

  const checks = {
    [`request p99 ≤ ${BOUNDS.requestP99Ms} ms (run)`]: [fmt(percentile(all.latencies, 99), 1), percentile(all.latencies, 99) <= BOUNDS.requestP99Ms],
    [`request p99 ≤ ${BOUNDS.requestP99Ms} ms (last window)`]: [fmt(lastP99, 1), lastP99 <= BOUNDS.requestP99Ms],
    [`webhook lag p99 ≤ ${BOUNDS.lagP99Ms} ms (run)`]: [fmt(percentile(all.lags, 99)), percentile(all.lags, 99) <= BOUNDS.lagP99Ms],
    [`webhook lag p99 ≤ ${BOUNDS.lagP99Ms} ms (last window)`]: [fmt(lastLagP99), lastLagP99 <= BOUNDS.lagP99Ms],
    [`heap growth ≤ ${BOUNDS.heapGrowthMb} MB (median, first vs last ${fmt(window / 60, 1)} min)`]: [fmt(lastHeap - firstHeap, 1), lastHeap - firstHeap <= BOUNDS.heapGrowthMb],
    [`errors ≤ ${BOUNDS.errors}`]: [totals.errors, totals.errors <= BOUNDS.errors],
    [`missed sends ≤ ${BOUNDS.missedPercent} %`]: [fmt(missedPercent, 2), missedPercent <= BOUNDS.missedPercent],
    'every event delivered (queue drained)': [`${deliveries.delivered_events}/${deliveries.events}, ${deliveries.pending} pending, ${deliveries.failed} failed`, undelivered === 0 && deliveries.pending === 0],
    [IDLE_TRANSACTION ? 'idle transaction held throughout' : 'idle transaction (off)']: [idleHeldThroughout, idleHeldThroughout],
    'server ran throughout': [serverExit ?? 'yes', serverExit === null],
  };
  console.table(Object.fromEntries(Object.entries(checks).map(([bound, [value, ok]]) => [bound, { value, ok: ok ? 'pass' : 'FAIL' }])));
  const failed = Object.values(checks).some(([, ok]) => !ok);
  console.log(failed ? 'soak: FAILED' : 'soak: passed');
  return failed;
}
