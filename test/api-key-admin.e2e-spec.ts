import request from 'supertest';
import { DataSource } from 'typeorm';
import { adminCookie } from './factories/admins';
import { createTestApp, TestApp } from './support/test-app';

describe('the admin API for API keys (DESIGN.md §10)', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let cookie: string;

  const create = (body: object) => http.post('/admin/api_keys').set('Cookie', cookie).send(body);
  const asKey = (secret: string) => http.get('/api/v1/api_key').set('Authorization', `Bearer ${secret}`);

  beforeAll(async () => {
    testApp = await createTestApp();
    http = request(testApp.app.getHttpServer());
    cookie = await adminCookie(testApp.app);
  });
  afterAll(() => testApp.close());

  it('creates a key and shows its secret in that response only', async () => {
    const created = await create({ name: '  Checkout backend  ', mode: 'test', scopes: ['customers:read', 'sessions:write'] }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body).toEqual({
      id: expect.stringMatching(/^key_[0-9a-z]{26}$/),
      object: 'api_key',
      name: 'Checkout backend',
      mode: 'test',
      livemode: false,
      scopes: ['customers:read', 'sessions:write'],
      last4: created.body.secret.slice(-4),
      status: 'active',
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      secret: expect.stringMatching(/^ck_test_[0-9A-Za-z]{32}$/),
    });
    const { secret, id } = created.body as { secret: string; id: string };

    const fetched = await http.get(`/admin/api_keys/${id}`).set('Cookie', cookie).expect(200);
    const listed = await http.get('/admin/api_keys?limit=100').set('Cookie', cookie).expect(200);
    const own = await asKey(secret).expect(200);
    for (const later of [fetched, listed, own]) expect(JSON.stringify(later.body)).not.toContain(secret);
    expect(fetched.body).not.toHaveProperty('secret');
    expect(listed.body.data.map((key: { id: string }) => key.id)).toContain(id);
  });

  it('lists keys of both modes, newest first, with cursor pagination', async () => {
    const ids: string[] = [];
    for (const mode of ['test', 'live', 'test']) {
      ids.push((await create({ name: `list ${mode}`, mode, scopes: ['events:read'] }).expect(201)).body.id);
    }
    const page = await http.get('/admin/api_keys?limit=2').set('Cookie', cookie).expect(200);
    expect(page.body.object).toBe('list');
    expect(page.body.data.map((key: { id: string }) => key.id)).toEqual([ids[2], ids[1]]);
    expect(page.body.hasMore).toBe(true);
    const next = await http.get(`/admin/api_keys?limit=1&startingAfter=${ids[1]}`).set('Cookie', cookie).expect(200);
    expect(next.body.data[0].id).toBe(ids[0]);
  });

  it('revokes a key at once, idempotently', async () => {
    const { id, secret } = (await create({ name: 'to revoke', mode: 'live', scopes: ['links:read'] }).expect(201)).body;
    await asKey(secret).expect(200);
    const revoked = await http.post(`/admin/api_keys/${id}/revoke`).set('Cookie', cookie).expect(200);
    expect(revoked.body).toMatchObject({ id, status: 'revoked', revokedAt: expect.any(String) });
    expect((await asKey(secret)).body.error.code).toBe('api_key_revoked');
    const again = await http.post(`/admin/api_keys/${id}/revoke`).set('Cookie', cookie).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('rolls a key: a new secret with the same name, mode and scopes; the old one works until its expiry', async () => {
    const old = (await create({ name: 'rolling', mode: 'live', scopes: ['webhooks:read', 'webhooks:write'] }).expect(201)).body;
    const rolled = await http.post(`/admin/api_keys/${old.id}/roll`).set('Cookie', cookie).send({ expiresInHours: 24 }).expect(201);
    expect(rolled.body).toMatchObject({ name: 'rolling', mode: 'live', scopes: ['webhooks:read', 'webhooks:write'], status: 'active' });
    expect(rolled.body.id).not.toBe(old.id);
    expect(rolled.body.secret).toMatch(/^ck_live_/);
    expect(rolled.body.secret).not.toBe(old.secret);

    await asKey(old.secret).expect(200);
    await asKey(rolled.body.secret).expect(200);
    const before = await http.get(`/admin/api_keys/${old.id}`).set('Cookie', cookie).expect(200);
    expect(before.body.status).toBe('expiring');
    const hoursLeft = (Date.parse(before.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    // Rolling the old key again with no overlap ends it now; a later, longer roll cannot extend it.
    await http.post(`/admin/api_keys/${old.id}/roll`).set('Cookie', cookie).send({ expiresInHours: 0 }).expect(201);
    expect((await asKey(old.secret)).body.error.code).toBe('api_key_expired');
    const refused = await http.post(`/admin/api_keys/${old.id}/roll`).set('Cookie', cookie).send({ expiresInHours: 168 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('state_conflict');
    await asKey(rolled.body.secret).expect(200);
  });

  it('refuses to roll a revoked key', async () => {
    const { id } = (await create({ name: 'revoked', mode: 'test', scopes: ['links:read'] }).expect(201)).body;
    await http.post(`/admin/api_keys/${id}/revoke`).set('Cookie', cookie).expect(200);
    const response = await http.post(`/admin/api_keys/${id}/roll`).set('Cookie', cookie).send({ expiresInHours: 1 });
    expect(response.status).toBe(409);
  });

  it.each([
    ['a missing name', { mode: 'test', scopes: ['links:read'] }, 'parameter_missing', 'name'],
    ['an empty name', { name: '   ', mode: 'test', scopes: ['links:read'] }, 'parameter_invalid', 'name'],
    ['a name of 101 characters', { name: 'n'.repeat(101), mode: 'test', scopes: ['links:read'] }, 'parameter_invalid', 'name'],
    ['a name that is not a string', { name: 42, mode: 'test', scopes: ['links:read'] }, 'parameter_invalid', 'name'],
    ['a missing mode', { name: 'k', scopes: ['links:read'] }, 'parameter_missing', 'mode'],
    ['an unknown mode', { name: 'k', mode: 'prod', scopes: ['links:read'] }, 'parameter_invalid', 'mode'],
    ['missing scopes', { name: 'k', mode: 'test' }, 'parameter_missing', 'scopes'],
    ['empty scopes', { name: 'k', mode: 'test', scopes: [] }, 'parameter_invalid', 'scopes'],
    ['an unknown scope', { name: 'k', mode: 'test', scopes: ['links:read', 'links:delete'] }, 'parameter_invalid', 'scopes'],
    ['a duplicated scope', { name: 'k', mode: 'test', scopes: ['links:read', 'links:read'] }, 'parameter_invalid', 'scopes'],
    ['scopes that are not a list', { name: 'k', mode: 'test', scopes: 'links:read' }, 'parameter_invalid', 'scopes'],
    ['an unknown field', { name: 'k', mode: 'test', scopes: ['links:read'], admin: true }, 'parameter_unknown', 'admin'],
  ])('refuses to create a key with %s (400 %s naming %s)', async (_case, body, code, param) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: 'invalid_request', code, param });
  });

  it.each([
    [{}, 'parameter_missing'],
    [{ expiresInHours: -1 }, 'parameter_invalid'],
    [{ expiresInHours: 169 }, 'parameter_invalid'],
    [{ expiresInHours: 1.5 }, 'parameter_invalid'],
    [{ expiresInHours: '24' }, 'parameter_invalid'],
  ])('refuses to roll with %j', async (body, code) => {
    const { id } = (await create({ name: 'roll input', mode: 'test', scopes: ['links:read'] }).expect(201)).body;
    const response = await http.post(`/admin/api_keys/${id}/roll`).set('Cookie', cookie).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code, param: 'expiresInHours' });
  });

  it('answers unknown and malformed key ids with 404 resource_missing', async () => {
    for (const id of ['key_01h2xcejqtf2nbrexx3vqjhp41', 'nope', 'cus_01h2xcejqtf2nbrexx3vqjhp41']) {
      for (const call of [http.get(`/admin/api_keys/${id}`), http.post(`/admin/api_keys/${id}/revoke`)]) {
        const response = await call.set('Cookie', cookie);
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('resource_missing');
      }
    }
  });

  it('keeps the raw key out of every table and every log line', async () => {
    const { secret } = (await create({ name: 'never stored', mode: 'live', scopes: ['customers:write'] }).expect(201)).body as { secret: string };
    await asKey(secret).expect(200);
    // A key pasted into a URL is logged with the URL; the redaction must catch it there too.
    await http.get(`/api/v1/no-such-route?key=${secret}`).set('Authorization', `Bearer ${secret}`).expect(404);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let lastUsedAt's write land

    const dataSource = testApp.app.get(DataSource);
    const tables = (await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    )) as { table_name: string }[];
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['api_keys', 'admin_sessions']));
    for (const { table_name } of tables) {
      const [{ hits }] = (await dataSource.query(
        `SELECT count(*)::int AS hits FROM ${JSON.stringify(table_name)} AS t WHERE t::text LIKE '%' || $1 || '%'`,
        [secret.slice(8)],
      )) as { hits: number }[];
      expect({ table_name, hits }).toEqual({ table_name, hits: 0 });
    }
    const logs = testApp.logs.raw.join('\n');
    expect(logs).toContain('/api/v1/no-such-route?key=ck_live_[REDACTED]');
    expect(logs).not.toContain(secret.slice(8));
  });
});
