// `node bench/profile.mjs [api_key|api_key_off|customers|healthz]` (after `npm run build`): one route
// under autocannon for BENCH_SECONDS against a server run with `node --cpu-prof`, then where the
// server's CPU went during the load (bench/cpu-profile-top.mjs), per request. The profile stays in
// BENCH_CPU_PROF (default: a fresh directory under /tmp), with `<profile>.json` describing the load.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, withServer } from './harness.mjs';
import { report } from './cpu-profile-top.mjs';

const TARGETS = {
  api_key: { path: '/api/v1/api_key', env: {} },
  api_key_off: { path: '/api/v1/api_key', env: { RATE_LIMIT_DISABLED: 'true' } },
  customers: { path: '/api/v1/customers?limit=1', env: {} },
  healthz: { path: '/healthz', env: {} },
};

const name = process.argv[2] ?? 'api_key';
const target = TARGETS[name];
if (!target) throw new Error(`unknown target ${name}: one of ${Object.keys(TARGETS).join(', ')}`);
const dir = process.env.BENCH_CPU_PROF ?? mkdtempSync(join(tmpdir(), 'cc-profile-'));
process.env.BENCH_CPU_PROF = dir;
const before = new Set(readdirSync(dir));

const measured = await withServer({ RATE_LIMIT_LIVE: '100000', REDIS_URL: '', ...target.env }, async (base, newKey, server) => {
  const headers = { authorization: `Bearer ${await newKey(['customers:read', 'customers:write'])}` };
  for (const customer of ['Profile one', 'Profile two']) {
    await fetch(`${base}/api/v1/customers`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: customer }) });
  }
  const options = { url: `${base}${target.path}`, headers, pid: server.pid };
  await load(`${name} (warm-up)`, { ...options, duration: 2 });
  // The monotonic clock, as V8 stamps its samples: only the measured load is analysed.
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = await load(name, options);
  const to = Number(process.hrtime.bigint() / 1000n);
  return { requests: result.requests.total, 'req/s': result.requests.average, 'server CPU µs/req': Math.round(result.cpuUsPerRequest), window: { from, to } };
});

const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile') && !before.has(entry));
if (!file) throw new Error(`no new profile in ${dir}`);
const path = join(dir, file);
writeFileSync(`${path}.json`, JSON.stringify({ target: `GET ${target.path}`, ...measured }));
console.log(`${path}: GET ${target.path} ${JSON.stringify({ ...measured, window: undefined })}`);
report(JSON.parse(readFileSync(path, 'utf8')), { requests: measured.requests, window: measured.window });
