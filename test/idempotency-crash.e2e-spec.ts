import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createKey, TestKey } from './factories/api-keys';
import { freePort } from './support/free-port';
import { BUILT_MAIN } from './support/server-process';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';

/** Starts test/support/barrier-server.js (the built app, stopping inside CustomersService.create) and waits for it. */
async function startBarrierServer(port: number): Promise<{ child: ChildProcess; barrier: Promise<string> }> {
  expect(BUILT_MAIN).toBeTruthy();
  const child = spawn(process.execPath, [join(__dirname, 'support', 'barrier-server.js')], {
    env: { ...process.env, DATABASE_URL: testEnv('databaseUrl'), PORT: String(port), LOG_LEVEL: 'silent', DATA_DIR: join(tmpdir(), `cc-barrier-${process.pid}`) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onBarrier!: (id: string) => void;
  const barrier = new Promise<string>((resolve) => (onBarrier = resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('LISTENING')) resolve();
      const match = /BARRIER (\S+)/.exec(output);
      if (match) onBarrier(match[1]);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', () => reject(new Error(`barrier server exited:\n${output}`)));
  });
  return { child, barrier };
}

describe('idempotency when the process dies mid-request', () => {
  let testApp: TestApp;
  let key: TestKey;

  beforeAll(async () => {
    testApp = await createTestApp();
    key = await createKey(testApp.app, { scopes: ['customers:write'] });
  });
  afterAll(() => testApp.close());

  it('leaves neither record nor object after a SIGKILL, and the retry runs exactly once', async () => {
    const port = await freePort();
    const { child, barrier } = await startBarrierServer(port);
    const idempotencyKey = randomUUID();
    const probe = randomUUID();
    const body = { metadata: { probe } };

    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/customers`, {
      method: 'POST',
      headers: { Authorization: bearer(key), 'Idempotency-Key': idempotencyKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).catch((error: unknown) => error);
    const insertedId = await barrier;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(String(await inFlight)).toMatch(/fetch failed/);

    const dataSource = testApp.app.get(DataSource);
    const leftovers = async () => ({
      records: ((await dataSource.query('SELECT count(*)::int AS n FROM idempotency_records WHERE key = $1', [idempotencyKey])) as { n: number }[])[0].n,
      customers: ((await dataSource.query(`SELECT count(*)::int AS n FROM customers WHERE metadata->>'probe' = $1`, [probe])) as { n: number }[])[0].n,
    });
    // PostgreSQL rolls the dead connection's transaction back as soon as it notices the socket closed.
    for (let i = 0; i < 50 && (await leftovers()).customers > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await leftovers()).toEqual({ records: 0, customers: 0 });

    const retry = await request(testApp.app.getHttpServer())
      .post('/api/v1/customers')
      .set('Authorization', bearer(key))
      .set('Idempotency-Key', idempotencyKey)
      .send(body)
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body.id).not.toBe(insertedId);
    expect(await leftovers()).toEqual({ records: 1, customers: 1 });
  });
});
