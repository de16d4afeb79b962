// Shared by the benchmarks: a built server on a scratch database (or a throw-away embedded
// PostgreSQL), an admin session and API keys, and autocannon runs summarised side by side.
import { execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const CONNECTIONS = 50;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export const freePort = () =>
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

/**
 * A database of its own for one benchmark: `env` for the server, `url()` to reach it from the
 * benchmark (once the server has started it, when embedded), `drop` when done.
 */
export async function scratchDatabase() {
  if (!process.env.DATABASE_URL) {
    const dataDir = join(tmpdir(), `cc-bench-${randomBytes(4).toString('hex')}`);
    const port = await freePort();
    // As src/main.ts starts it: user postgres, its password in DATA_DIR, database `checkout`.
    const url = () => `postgres://postgres:${encodeURIComponent(readFileSync(join(dataDir, 'pg-password'), 'utf8').trim())}@127.0.0.1:${port}/checkout`;
    return { env: { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) }, url, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const server = new URL(process.env.DATABASE_URL);
  server.pathname = '/postgres';
  const name = `cc_bench_${randomBytes(4).toString('hex')}`;
  await onServer(server.toString(), `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, url: () => url.toString(), drop: () => onServer(server.toString(), `DROP DATABASE ${name} WITH (FORCE)`) };
}

/** Starts the built server with `env` (LOCAL_CHAIN off unless set) and resolves once it listens. */
export async function startServer(env) {
  // The API benchmarks need no chain, and a local chain would take port 8545 from the developer's own.
  // Metrics stay on, as in production, each server on a port of its own so several can run at once.
  const metricsPort = String(await freePort());
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there when it exits (bench/cpu-profile-top.mjs reads it).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...profile, 'dist/src/main.js'], { env: { METRICS_PORT: metricsPort, ...process.env, LOCAL_CHAIN: 'off', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('Crypto Checkout is listening') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  child.stdout.resume();
  return child;
}

/** SIGTERM, and resolves once the server has exited. */
export async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
}

/** Signs in as the admin at `base` and returns `newKey(scopes, mode)`, which creates an API key and resolves with its secret. */
export async function keyMaker(base, admin) {
  const session = await fetch(`${base}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (scopes, mode = 'live') => {
    const created = await fetch(`${base}/admin/api_keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'bench', mode, scopes }),
    });
    return (await created.json()).secret;
  };
}

/** Runs `measure(base, newKey, server)` against a fresh built server (`server`: its child process) started with `env`, then stops it. */
export async function withServer(env, measure) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const admin = { email: 'bench@example.com', password: randomBytes(12).toString('hex') };
  const database = await scratchDatabase();
  const server = await startServer({ ...database.env, LOG_LEVEL: 'info', ...env, PORT: String(port), ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
  try {
    const newKey = await keyMaker(base, admin);
    return await measure(base, newKey, server);
  } finally {
    await stopServer(server);
    await database.drop();
  }
}

let clockTicksPerSecond;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuMs(pid) {
  try {
    clockTicksPerSecond ??= Number(execSync('getconf CLK_TCK').toString().trim());
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * One autocannon run; fails on any non-2xx answer or socket error. With `pid` (the server's), the
 * result also carries `cpuUsPerRequest`: the server's CPU time per answered request, which other
 * processes on a shared machine disturb far less than req/s.
 */
export async function load(name, { pid, ...options }) {
  const cpuBefore = pid === undefined ? undefined : cpuMs(pid);
  const result = await new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (error, outcome) => (error ? reject(error) : resolve(outcome)));
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  if (cpuBefore !== undefined) result.cpuUsPerRequest = ((cpuMs(pid) - cpuBefore) * 1000) / result.requests.total;
  return result;
}

/** Seconds each target runs unrecorded before the rounds: a fresh server's first seconds (JIT, caches) would tax whichever target went first. */
export const WARM_UP_SECONDS = Math.min(2, SECONDS);

/** Runs every named target `rounds` times, taking turns so drift hits all alike; returns each target's runs, in round order. */
export async function alternateRuns(targets, rounds = 2) {
  for (const [name, options] of Object.entries(targets)) await load(`${name} (warm-up)`, { ...options, duration: WARM_UP_SECONDS });
  const results = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, options] of Object.entries(targets)) results[name].push(await load(name, options));
  }
  return results;
}

/** `alternateRuns`, summarised. */
export async function alternate(targets, rounds = 2) {
  return summarise(await alternateRuns(targets, rounds));
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Mean req/s and latencies over several runs of each named target. */
export function summarise(results) {
  return Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      {
        'req/s': Math.round(runs.reduce((sum, r) => sum + r.requests.average, 0) / runs.length),
        'mean ms': Number((runs.reduce((sum, r) => sum + r.latency.average, 0) / runs.length).toFixed(1)),
        'p99 ms': Math.max(...runs.map((r) => r.latency.p99)),
        ...(runs.every((r) => r.cpuUsPerRequest !== undefined)
          ? { 'server CPU µs/req': Math.round(runs.reduce((sum, r) => sum + r.cpuUsPerRequest, 0) / runs.length) }
          : {}),
      },
    ]),
  );
}
