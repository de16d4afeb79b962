import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IdempotencyPurger } from '../src/common/idempotency/idempotency-purger';
import { CustomersService } from '../src/customers/customers.service';
import { EventWriter } from '../src/events/event-writer';
import { bearer, createKey, TestKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

describe('idempotency (DESIGN.md §7)', () => {
  let testApp: TestApp;
  let key: TestKey;
  const post = (path: string, body: object, idempotencyKey: string, as: { secret: string } = key) =>
    request(testApp.app.getHttpServer()).post(path).set('Authorization', bearer(as)).set('Idempotency-Key', idempotencyKey).send(body);
  const count = async (sql: string, ...params: unknown[]) =>
    ((await testApp.app.get(DataSource).query(sql, params)) as { n: number }[])[0].n;
  const customersWithProbe = (probe: string) => count(`SELECT count(*)::int AS n FROM customers WHERE metadata->>'probe' = $1`, probe);
  const recordsFor = (idempotencyKey: string) => count(`SELECT count(*)::int AS n FROM idempotency_records WHERE key = $1`, idempotencyKey);

  beforeAll(async () => {
    testApp = await createTestApp({ env: { IDEMPOTENCY_LOCK_TIMEOUT_MS: '1000' } });
    key = await createKey(testApp.app, { scopes: ['customers:write', 'customers:read'] });
  });
  afterAll(() => testApp.close());

  it('replays the original status and body, without running the operation again', async () => {
    const idempotencyKey = randomUUID();
    const probe = randomUUID();
    const first = await post('/api/v1/customers', { name: 'Once', metadata: { probe } }, idempotencyKey).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post('/api/v1/customers', { metadata: { probe }, name: 'Once' }, idempotencyKey).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(first.text);
    expect(await customersWithProbe(probe)).toBe(1);
  });

  it('lets exactly one of 50 concurrent identical requests run; the others get 409 or the replay', async () => {
    const idempotencyKey = randomUUID();
    const probe = randomUUID();
    const responses = await Promise.all(Array.from({ length: 50 }, () => post('/api/v1/customers', { metadata: { probe } }, idempotencyKey)));
    const created = responses.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
    const replays = responses.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === 'true');
    const inProgress = responses.filter((r) => r.status === 409);
    expect(created).toHaveLength(1);
    expect(replays.length + inProgress.length).toBe(49);
    for (const replay of replays) expect(replay.body.id).toBe(created[0].body.id);
    for (const busy of inProgress) {
      expect(busy.body.error).toMatchObject({ type: 'idempotency', code: 'idempotency_request_in_progress' });
      expect(busy.headers['retry-after']).toBe('1');
    }
    expect(await customersWithProbe(probe)).toBe(1);
  });

  it('refuses the same key for another body, path or method with 422', async () => {
    const idempotencyKey = randomUUID();
    const { id } = (await post('/api/v1/customers', { name: 'A' }, idempotencyKey).expect(201)).body;
    const other = (await post('/api/v1/customers', { name: 'other' }, randomUUID()).expect(201)).body;
    // One after the other: run together, one of them would (rightly) get 409 in-progress instead.
    const mismatches = [
      () => post('/api/v1/customers', { name: 'B' }, idempotencyKey),
      () => request(testApp.app.getHttpServer()).patch(`/api/v1/customers/${id}`).set('Authorization', bearer(key)).set('Idempotency-Key', idempotencyKey).send({ name: 'A' }),
    ];
    for (const send of mismatches) {
      const response = await send();
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ type: 'idempotency', code: 'idempotency_key_reused' });
    }
    const patchKey = randomUUID();
    await request(testApp.app.getHttpServer()).patch(`/api/v1/customers/${id}`).set('Authorization', bearer(key)).set('Idempotency-Key', patchKey).send({ name: 'C' }).expect(200);
    const otherPath = await request(testApp.app.getHttpServer()).patch(`/api/v1/customers/${other.id}`).set('Authorization', bearer(key)).set('Idempotency-Key', patchKey).send({ name: 'C' });
    expect(otherPath.status).toBe(422);
  });

  it('scopes keys to the API key: the same key under two API keys makes two objects', async () => {
    const idempotencyKey = randomUUID();
    const probe = randomUUID();
    const other = await createKey(testApp.app, { scopes: ['customers:write'] });
    const a = await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).expect(201);
    const b = await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey, other).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(await customersWithProbe(probe)).toBe(2);
  });

  it('stores nothing for a request refused before its handler: 400, 401, 403', async () => {
    const idempotencyKey = randomUUID();
    await post('/api/v1/customers', { email: 'not-an-email' }, idempotencyKey).expect(400);
    await post('/api/v1/customers', {}, idempotencyKey, { secret: 'ck_test_nope' }).expect(401);
    const readOnly = await createKey(testApp.app, { scopes: ['customers:read'] });
    await post('/api/v1/customers', {}, idempotencyKey, readOnly).expect(403);
    expect(await recordsFor(idempotencyKey)).toBe(0);
    // The corrected retry with the same key runs.
    const fixed = await post('/api/v1/customers', { email: 'fixed@example.com' }, idempotencyKey).expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await recordsFor(idempotencyKey)).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'clé-1'],
  ])('refuses an Idempotency-Key that is %s with 400', async (_case, idempotencyKey) => {
    const response = await request(testApp.app.getHttpServer())
      .post('/api/v1/customers')
      .set('Authorization', bearer(key))
      .set('Idempotency-Key', Buffer.from(idempotencyKey, 'utf8').toString('latin1'))
      .send({});
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'parameter_invalid', param: 'Idempotency-Key' });
  });

  it('stores nothing when the handler fails with a 5xx after its first write; the retry then runs once', async () => {
    const idempotencyKey = randomUUID();
    const probe = randomUUID();
    const writer = testApp.app.get(EventWriter);
    const record = writer.record.bind(writer);
    const fault = jest.spyOn(writer, 'record').mockImplementationOnce(async (...args) => {
      await record(...args);
      throw new Error('injected fault after the first write');
    });
    await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).expect(500);
    fault.mockRestore();
    expect({ records: await recordsFor(idempotencyKey), customers: await customersWithProbe(probe) }).toEqual({ records: 0, customers: 0 });

    await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).expect(201);
    const replay = await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await customersWithProbe(probe)).toBe(1);
  });

  it('lets a retry take over after the lock timeout when the first request stalls', async () => {
    const idempotencyKey = randomUUID();
    const probe = randomUUID();
    const customers = testApp.app.get(CustomersService);
    const create = customers.create.bind(customers);
    let reached!: () => void;
    const atBarrier = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const stall = jest.spyOn(customers, 'create').mockImplementationOnce(async (...args) => {
      const customer = await create(...args);
      reached();
      await new Promise<void>((resolve) => (release = resolve));
      return customer;
    });
    const stalled = post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).then((response) => response);
    await atBarrier;
    const busy = await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey);
    expect(busy.status).toBe(409);

    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past IDEMPOTENCY_LOCK_TIMEOUT_MS
    const takeover = await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).expect(201);
    expect(takeover.headers['idempotent-replayed']).toBeUndefined();
    release();
    expect((await stalled).status).toBeGreaterThanOrEqual(500);
    stall.mockRestore();
    expect(await customersWithProbe(probe)).toBe(1);
    expect((await post('/api/v1/customers', { metadata: { probe } }, idempotencyKey).expect(201)).body.id).toBe(takeover.body.id);
  });

  it('never stores the raw API key, and purges records after 24 hours', async () => {
    const idempotencyKey = randomUUID();
    await post('/api/v1/customers', {}, idempotencyKey).expect(201);
    const dataSource = testApp.app.get(DataSource);
    const [row] = (await dataSource.query('SELECT * FROM idempotency_records WHERE key = $1', [idempotencyKey])) as Record<string, unknown>[];
    expect(row.api_key_id).toBe(key.id);
    expect(JSON.stringify(row)).not.toContain(key.secret.slice(8));

    await dataSource.query(`UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE key = $1`, [idempotencyKey]);
    expect(await testApp.app.get(IdempotencyPurger).run()).toBeGreaterThanOrEqual(1);
    expect(await recordsFor(idempotencyKey)).toBe(0);
  });

  it('ignores the header on reads and outside /api/v1', async () => {
    await request(testApp.app.getHttpServer()).get('/api/v1/customers').set('Authorization', bearer(key)).set('Idempotency-Key', 'x').expect(200);
    await request(testApp.app.getHttpServer()).get('/healthz').set('Idempotency-Key', '').expect(200);
  });
});
