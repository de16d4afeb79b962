import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { isAlive } from '../src/common/process/is-alive';
import { freePort } from './support/free-port';
import { get, Reply, slowPost } from './support/http-client';
import { ServerProcess } from './support/server-process';

/** The chain id a JSON-RPC server on `port` answers, or undefined when nothing answers there. */
async function chainIdOn(port: number): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    });
    return Number(((await response.json()) as { result: string }).result);
  } catch {
    return undefined;
  }
}

/**
 * The built server as an operator runs it: no DATABASE_URL and no test network, so it starts its
 * embedded PostgreSQL and its local chain under DATA_DIR. Tests in this file run in order and
 * share that data directory.
 */
describe('the built server with its embedded PostgreSQL and local chain', () => {
  const dataDir = join(tmpdir(), `cc-lifecycle-${randomBytes(6).toString('hex')}`);
  const clusterDir = join(dataDir, 'pg');
  const anvilPidFile = join(dataDir, 'local-chain', 'anvil.pid');
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess | undefined;

  const postgresPid = () => Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const anvilPid = () => Number(readFileSync(anvilPidFile, 'utf8'));
  const localChainPort = () => Number(env.LOCAL_CHAIN_PORT);
  const waitUntilGone = async (pid: number) => {
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(50);
    return !isAlive(pid);
  };
  const embeddedClient = () =>
    new Client({
      host: '127.0.0.1',
      port: Number(env.EMBEDDED_PG_PORT),
      user: 'postgres',
      password: readFileSync(join(dataDir, 'pg-password'), 'utf8').trim(),
      database: 'checkout',
    });

  beforeAll(async () => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    env = {
      ...inherited,
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      LOCAL_CHAIN_PORT: String(await freePort()),
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '8000',
    };
  });
  afterAll(async () => {
    if (server) await server.stop('SIGKILL').catch(() => undefined);
    if (existsSync(join(clusterDir, 'postmaster.pid'))) {
      const pid = postgresPid();
      if (isAlive(pid)) process.kill(pid, 'SIGINT');
      await waitUntilGone(pid);
    }
    if (existsSync(anvilPidFile) && isAlive(anvilPid())) process.kill(anvilPid(), 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on a bad setting, naming the variable', async () => {
    const result = await ServerProcess.run({ ...env, PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(78);
    expect(result.output).toContain('PORT must be a whole number from 1 to 65535');
    expect(result.output).toContain('LOG_LEVEL must be one of');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('serves with no DATABASE_URL, on a real PostgreSQL it started itself, beside a local chain', async () => {
    server = await ServerProcess.start(env);
    const port = Number(env.PORT);
    expect(server.logged(`local chain is ready on http://127.0.0.1:${localChainPort()}`)).toBe(true);
    expect(await chainIdOn(localChainPort())).toBe(31337);
    expect(isAlive(anvilPid())).toBe(true);
    expect((await get(port, '/healthz')).status).toBe(200);
    expect(await get(port, '/readyz')).toEqual({ status: 200, body: '{"status":"ready"}' });
    const missing = await get(port, '/api/v1/anything');
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.code).toBe('missing_api_key');
    expect(isAlive(postgresPid())).toBe(true);
  });

  it('on SIGTERM under load: finishes in-flight requests, exits 0, stops PostgreSQL cleanly, keeps the data', async () => {
    const port = Number(env.PORT);
    const pgPid = postgresPid();
    const chainPid = anvilPid();

    const writer = embeddedClient();
    await writer.connect();
    await writer.query('CREATE TABLE IF NOT EXISTS shutdown_probe (n integer NOT NULL)');
    let committed = 0;
    let writing = true;
    const writes = (async () => {
      while (writing) {
        await writer.query('INSERT INTO shutdown_probe (n) VALUES ($1)', [committed + 1]);
        committed += 1;
      }
    })().catch(() => undefined); // the fast shutdown ends this connection
    writer.on('error', () => undefined);

    const replies: Reply[] = [];
    const refusals: string[] = [];
    let loading = true;
    const load = Array.from({ length: 12 }, async () => {
      while (loading) {
        // /healthz: /readyz says 503 once the drain begins, so balancers stop sending.
        await get(port, '/healthz').then(
          (reply) => replies.push(reply),
          (error: NodeJS.ErrnoException) => {
            refusals.push(error.code ?? error.message);
            loading = false;
          },
        );
      }
    });
    const slow = slowPost(port, '/uploads', 1_500);
    await slow.headersSent;
    // Under load: the signal comes once requests are really flowing, however slow the machine is.
    while (replies.length <= 20) await sleep(10);

    const exit = await server!.stop('SIGTERM');
    loading = false;
    writing = false;
    await Promise.all([...load, writes]);
    server = undefined;

    expect(exit).toEqual({ code: 0, signal: null });
    // The upload was in flight when the signal came; it was read to the end and answered.
    const upload = await slow.reply;
    expect(upload.status).toBe(404);
    expect(JSON.parse(upload.body).error.code).toBe('route_not_found');
    // Every answered request succeeded; the rest were refused at connect, never cut mid-way with a 5xx.
    expect(replies.length).toBeGreaterThan(20);
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    expect(refusals.every((code) => code === 'ECONNREFUSED' || code === 'ECONNRESET')).toBe(true);
    expect(await waitUntilGone(pgPid)).toBe(true);
    expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);
    expect(committed).toBeGreaterThan(0);
    // The local chain stopped too, writing its state on the way out.
    expect(await waitUntilGone(chainPid)).toBe(true);
    expect(existsSync(anvilPidFile)).toBe(false);
    expect(existsSync(join(dataDir, 'local-chain', 'state.json'))).toBe(true);
    expect(await chainIdOn(localChainPort())).toBeUndefined();

    server = await ServerProcess.start(env);
    expect(server.logged('database system was shut down at')).toBe(true);
    expect(server.logged('not properly shut down')).toBe(false);
    const reader = embeddedClient();
    await reader.connect();
    const [{ count }] = (await reader.query('SELECT count(*)::int AS count FROM shutdown_probe')).rows as { count: number }[];
    await reader.end();
    // A commit whose acknowledgement was lost to the shutdown may add one.
    expect(count === committed || count === committed + 1).toBe(true);
  });

  it('after a kill -9, the next start stops the orphaned PostgreSQL and local chain, and serves', async () => {
    const orphan = postgresPid();
    const orphanedChain = anvilPid();
    await server!.stop('SIGKILL');
    server = undefined;
    expect(isAlive(orphan)).toBe(true);
    expect(isAlive(orphanedChain)).toBe(true);

    server = await ServerProcess.start(env);
    expect(server.logged('stopping an embedded PostgreSQL server left running by an earlier process')).toBe(true);
    expect(server.logged('stopping a local chain (Anvil) left running by an earlier process')).toBe(true);
    expect(isAlive(orphan)).toBe(false);
    expect(isAlive(orphanedChain)).toBe(false);
    expect(postgresPid()).not.toBe(orphan);
    expect(await chainIdOn(localChainPort())).toBe(31337);
    expect((await get(Number(env.PORT), '/readyz')).status).toBe(200);
  });

  it('after a crash of both processes, starts over a stale lock file', async () => {
    const pgPid = postgresPid();
    await server!.stop('SIGKILL');
    server = undefined;
    process.kill(pgPid, 'SIGKILL');
    expect(await waitUntilGone(pgPid)).toBe(true);
    expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(true);

    server = await ServerProcess.start(env);
    expect(server.logged('not properly shut down')).toBe(true);
    expect((await get(Number(env.PORT), '/readyz')).status).toBe(200);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    server = undefined;
  });

  it('does not let a request that never finishes hold the shutdown open', async () => {
    server = await ServerProcess.start({ ...env, SHUTDOWN_TIMEOUT_MS: '1000' });
    const pgPid = postgresPid();
    const stuck = slowPost(Number(env.PORT), '/uploads', Infinity);
    stuck.reply.catch(() => undefined);
    await stuck.headersSent;
    await sleep(100);

    const started = Date.now();
    const exit = await server.stop('SIGTERM', 10_000);
    server = undefined;
    expect(exit.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(8_000);
    await expect(stuck.reply).rejects.toThrow();
    expect(await waitUntilGone(pgPid)).toBe(true);
  });

  it('with LOCAL_CHAIN=off, serves without a local chain', async () => {
    server = await ServerProcess.start({ ...env, LOCAL_CHAIN: 'off' });
    expect((await get(Number(env.PORT), '/readyz')).status).toBe(200);
    expect(server.logged('local chain')).toBe(false);
    expect(await chainIdOn(localChainPort())).toBeUndefined();
    expect(existsSync(anvilPidFile)).toBe(false);
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    server = undefined;
  });
});
