// `npm run bench`: throughput of an authenticated route against a bare one, in one process and one run.
// Starts the built server (run `npm run build` first) on a scratch database of DATABASE_URL's server, or
// on a throw-away embedded PostgreSQL when DATABASE_URL is unset; signs in, creates a key, then drives
// GET /healthz and GET /api/v1/api_key alternately with autocannon (50 connections) and prints the ratio.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 2;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function onServer(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function scratchDatabase() {
  if (!process.env.DATABASE_URL) return { env: { DATA_DIR: join(tmpdir(), `cc-bench-${randomBytes(4).toString('hex')}`), EMBEDDED_PG_PORT: String(await freePort()) }, drop: async () => {} };
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = '/postgres';
  const name = `cc_bench_${randomBytes(4).toString('hex')}`;
  await onServer(server.toString(), `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, drop: () => onServer(server.toString(), `DROP DATABASE ${name} WITH (FORCE)`) };
}

async function startServer(env) {
  const child = spawn(process.execPath, ['dist/src/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('Crypto Checkout is listening') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  child.stdout.resume();
  return child;
}

function run(url, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const admin = { email: 'bench@example.com', password: randomBytes(12).toString('hex') };
const database = await scratchDatabase();
const server = await startServer({ ...database.env, PORT: String(port), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
try {
  const session = await fetch(`${base}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const created = await fetch(`${base}/admin/api_keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'bench', mode: 'live', scopes: ['customers:read'] }),
  });
  const { secret } = await created.json();
  const targets = {
    'GET /healthz': [`${base}/healthz`, {}],
    'GET /api/v1/api_key': [`${base}/api/v1/api_key`, { authorization: `Bearer ${secret}` }],
  };
  const results = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, [url, headers]] of Object.entries(targets)) {
      const result = await run(url, headers);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      results[name].push(result);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      {
        'req/s': Math.round(runs.reduce((sum, r) => sum + r.requests.average, 0) / runs.length),
        'p99 ms': Math.max(...runs.map((r) => r.latency.p99)),
      },
    ]),
  );
  console.table(summary);
  const ratio = summary['GET /api/v1/api_key']['req/s'] / summary['GET /healthz']['req/s'];
  console.log(`ratio api_key / healthz: ${ratio.toFixed(2)} (${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s each, alternating)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  await database.drop();
}
