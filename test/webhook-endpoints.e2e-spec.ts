import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import { SCOPES } from '../src/common/auth/scopes';
import type { Scope } from '../src/common/auth/scopes';
import { SecretBox } from '../src/webhooks/secret-box';
import { WebhookEndpointsService } from '../src/webhooks/webhook-endpoints.service';
import { KEY_FILE_NAME } from '../src/common/security/server-secret-key';
import { createKey } from './factories/api-keys';
import { expectEnvelope } from './support/envelope';
import { createTestApp, TestApp } from './support/test-app';

const PATH = '/api/v1/webhook_endpoints';
const PUBLIC_URL = 'https://93.184.216.34/hooks';

describe('webhook endpoints (DESIGN.md §8, §9)', () => {
  let testApp: TestApp;
  let test: ReturnType<typeof client>;
  let live: ReturnType<typeof client>;

  function client(secret: string) {
    const http = request(testApp.app.getHttpServer());
    const auth = (call: Test) => call.set('Authorization', `Bearer ${secret}`);
    return {
      get: (path: string) => auth(http.get(path)),
      post: (path: string, body: object) => auth(http.post(path)).send(body),
      delete: (path: string) => auth(http.delete(path)),
    };
  }

  const asKey = async (mode: 'test' | 'live', scopes: Scope[]) => client((await createKey(testApp.app, { mode, scopes })).secret);
  const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((endpoint) => endpoint.id);

  beforeAll(async () => {
    testApp = await createTestApp();
    test = await asKey('test', ['webhooks:read', 'webhooks:write']);
    live = await asKey('live', ['webhooks:read', 'webhooks:write']);
  });
  afterAll(() => testApp.close());

  it('creates an endpoint in either mode and shows its secret in the create response only', async () => {
    for (const [api, livemode, url] of [
      [test, false, 'http://localhost:4242/hooks'],
      [live, true, PUBLIC_URL],
    ] as const) {
      const created = await api.post(PATH, { url, enabledEvents: ['customer.created', 'checkout_session.completed'], description: 'Orders' }).expect(201);
      expect(created.headers['cache-control']).toBe('no-store');
      expect(created.body).toEqual({
        id: expect.stringMatching(/^we_[0-9a-z]{26}$/),
        object: 'webhook_endpoint',
        livemode,
        url,
        enabledEvents: ['customer.created', 'checkout_session.completed'],
        description: 'Orders',
        status: 'enabled',
        previousSecretExpiresAt: null,
        createdAt: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
      expect(Buffer.from(created.body.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
      const { id, secret } = created.body as { id: string; secret: string };

      const fetched = await api.get(`${PATH}/${id}`).expect(200);
      const listed = await api.get(`${PATH}?limit=100`).expect(200);
      const { secret: _shownOnce, ...withoutSecret } = created.body;
      expect(fetched.body).toEqual(withoutSecret);
      expect(fetched.headers['cache-control']).not.toBe('no-store');
      expect(ids(listed)).toContain(id);
      for (const later of [fetched, listed]) expect(JSON.stringify(later.body)).not.toContain(secret.slice('whsec_'.length));

      expect(await testApp.app.get(WebhookEndpointsService).signingSecret(livemode ? 'live' : 'test', id)).toBe(secret);
    }
  });

  it('warns at start, without WEBHOOK_SECRET_KEY, that the key file serves a single instance only', () => {
    const warning = testApp.logs.lines.find((line) => line.context === 'WebhooksModule');
    expect(warning).toMatchObject({ level: 40, msg: expect.stringContaining('must set WEBHOOK_SECRET_KEY') });
  });

  it('keeps the secret encrypted at rest: the row never holds it in clear', async () => {
    const { id, secret } = (await live.post(PATH, { url: PUBLIC_URL, enabledEvents: ['*'] }).expect(201)).body as { id: string; secret: string };
    const [row] = await testApp.app.get(DataSource).query('SELECT * FROM webhook_endpoints WHERE id = $1', [id]);
    const key = secret.slice('whsec_'.length);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(Buffer.from(key, 'base64').toString('hex'));
    expect(row.secret_ciphertext).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(Object.keys(row)).not.toContain('secret');
  });

  it('creates an endpoint with every event type and no description', async () => {
    const created = await test.post(PATH, { url: 'https://example.com', enabledEvents: ['*'] }).expect(201);
    expect(created.body).toMatchObject({ url: 'https://example.com/', enabledEvents: ['*'], description: null });
  });

  it.each([
    ['a missing url', 'parameter_missing', 'url', { enabledEvents: ['*'] }],
    ['a url that is not a string', 'parameter_invalid', 'url', { url: 42, enabledEvents: ['*'] }],
    ['a url that is not a URL', 'parameter_invalid', 'url', { url: 'not a url', enabledEvents: ['*'] }],
    ['an ftp url', 'parameter_invalid', 'url', { url: 'ftp://example.com/hooks', enabledEvents: ['*'] }],
    ['a url with credentials', 'parameter_invalid', 'url', { url: 'https://user:pass@example.com/hooks', enabledEvents: ['*'] }],
    ['a url over 2048 characters', 'parameter_invalid', 'url', { url: `https://example.com/${'a'.repeat(2048)}`, enabledEvents: ['*'] }],
    ['missing enabledEvents', 'parameter_missing', 'enabledEvents', { url: PUBLIC_URL }],
    ['an empty enabledEvents', 'parameter_invalid', 'enabledEvents', { url: PUBLIC_URL, enabledEvents: [] }],
    ['an unknown event type', 'parameter_invalid', 'enabledEvents', { url: PUBLIC_URL, enabledEvents: ['customer.created', 'customer.deleted'] }],
    ['a duplicated event type', 'parameter_invalid', 'enabledEvents', { url: PUBLIC_URL, enabledEvents: ['customer.created', 'customer.created'] }],
    ['"*" beside other types', 'parameter_invalid', 'enabledEvents', { url: PUBLIC_URL, enabledEvents: ['*', 'customer.created'] }],
    ['enabledEvents that is not a list', 'parameter_invalid', 'enabledEvents', { url: PUBLIC_URL, enabledEvents: '*' }],
    ['an empty description', 'parameter_invalid', 'description', { url: PUBLIC_URL, enabledEvents: ['*'], description: '' }],
    ['a description of 501 characters', 'parameter_invalid', 'description', { url: PUBLIC_URL, enabledEvents: ['*'], description: 'd'.repeat(501) }],
    ['an unknown field', 'parameter_unknown', 'secret', { url: PUBLIC_URL, enabledEvents: ['*'], secret: 'whsec_mine' }],
  ])('refuses %s with 400 %s naming %s', async (_case, code, param, body) => {
    expectEnvelope(await test.post(PATH, body), 400, 'invalid_request', code, param);
  });

  it('accepts a description of 500 characters', async () => {
    await test.post(PATH, { url: PUBLIC_URL, enabledEvents: ['*'], description: 'd'.repeat(500) }).expect(201);
  });

  it.each([
    'http://93.184.216.34/hooks',
    'https://127.0.0.1/hooks',
    'https://2130706433/hooks',
    'https://0x7f.1/hooks',
    'https://0177.0.0.1/hooks',
    'https://10.0.0.8/hooks',
    'https://172.16.4.2/hooks',
    'https://192.168.0.10/hooks',
    'https://100.64.12.1/hooks',
    'https://169.254.169.254/latest/meta-data/',
    'https://0.0.0.0/hooks',
    'https://[::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[::ffff:7f00:1]/hooks',
    'https://[fd00::1]/hooks',
    'https://[fe80::1]/hooks',
    'https://localhost/x',
    'https://no-such-host.invalid/x',
  ])('refuses %s in live mode with 400 naming url, and creates nothing', async (url) => {
    expectEnvelope(await live.post(PATH, { url, enabledEvents: ['*'] }), 400, 'invalid_request', 'parameter_invalid', 'url');
    // Counted by URL, not over the whole table: other suites create endpoints meanwhile. No live endpoint can have it.
    const stored = await testApp.app.get(DataSource).query('SELECT count(*)::int AS n FROM webhook_endpoints WHERE livemode AND url = $1', [new URL(url).href]);
    expect(stored[0].n).toBe(0);
  });

  it.each(['http://localhost:3000/hooks', 'http://127.0.0.1/hooks', 'http://192.168.1.20:8080/hooks', 'https://[::1]/hooks'])(
    'accepts %s in test mode, where merchants test against their own machine',
    async (url) => {
      await test.post(PATH, { url, enabledEvents: ['*'] }).expect(201);
    },
  );

  it('accepts a public IPv6 address in live mode', async () => {
    const created = await live.post(PATH, { url: 'https://[2606:4700:4700::1111]/hooks', enabledEvents: ['*'] }).expect(201);
    expect(created.body.url).toBe('https://[2606:4700:4700::1111]/hooks');
  });

  it('answers an endpoint of the other mode with 404, a hint and none of its content, on GET and DELETE', async () => {
    const { id } = (await live.post(PATH, { url: PUBLIC_URL, enabledEvents: ['*'], description: 'live-only' }).expect(201)).body;
    for (const response of [await test.get(`${PATH}/${id}`), await test.delete(`${PATH}/${id}`)]) {
      expectEnvelope(response, 404, 'invalid_request', 'resource_missing', 'id');
      expect(response.body.error.message).toContain('exists in live mode');
      expect(JSON.stringify(response.body)).not.toContain('live-only');
    }
    expect(ids(await test.get(`${PATH}?limit=100`).expect(200))).not.toContain(id);
    await live.get(`${PATH}/${id}`).expect(200);
  });

  it.each(['we_01h2xcejqtf2nbrexx3vqjhp41', 'nope', 'cus_01h2xcejqtf2nbrexx3vqjhp41'])('answers the unknown id %s with 404', async (id) => {
    expectEnvelope(await test.get(`${PATH}/${id}`), 404, 'invalid_request', 'resource_missing', 'id');
    expectEnvelope(await test.delete(`${PATH}/${id}`), 404, 'invalid_request', 'resource_missing', 'id');
  });

  it('pages forwards and backwards, newest first, skipping deleted endpoints', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 7; i++) mine.push((await test.post(PATH, { url: `http://localhost/p${i}`, enabledEvents: ['*'] }).expect(201)).body.id);
    const [a0, a1, a2, a3, a4, a5, a6] = mine;

    const forwards = [];
    for (let cursor = a6, page; ; cursor = page.body.data.at(-1).id) {
      page = await test.get(`${PATH}?limit=2&startingAfter=${cursor}`).expect(200);
      forwards.push(ids(page));
      if (ids(page).includes(a0)) break;
    }
    expect(forwards).toEqual([[a5, a4], [a3, a2], [a1, a0]]);

    const backwards = [];
    for (let cursor = a0, page; ; cursor = page.body.data[0].id) {
      page = await test.get(`${PATH}?limit=2&endingBefore=${cursor}`).expect(200);
      expect(page.body).toMatchObject({ object: 'list', hasMore: expect.any(Boolean) });
      backwards.push(ids(page));
      if (ids(page).includes(a6)) break;
      expect(page.body.hasMore).toBe(true);
    }
    expect(backwards).toEqual([[a2, a1], [a4, a3], [a6, a5]]);

    await test.delete(`${PATH}/${a3}`).expect(200);
    expect(ids(await test.get(`${PATH}?limit=3&startingAfter=${a5}`).expect(200))).toEqual([a4, a2, a1]);
  });

  it('keeps paging across a page boundary while deleting every endpoint it lists', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await test.post(PATH, { url: `http://localhost/sweep${i}`, enabledEvents: ['*'] }).expect(201)).body.id);
    const swept: string[] = [];
    const cursors: string[] = [];
    // Newest first, one a page (other suites add endpoints too): each endpoint is deleted before its id is the next cursor.
    for (let cursor: string | undefined; swept.length < mine.length; ) {
      const page = await test.get(`${PATH}?limit=1${cursor ? `&startingAfter=${cursor}` : ''}`).expect(200);
      for (const id of ids(page).filter((id) => mine.includes(id))) {
        await test.delete(`${PATH}/${id}`).expect(200);
        swept.push(id);
      }
      cursor = ids(page).at(-1);
      cursors.push(cursor!);
      if (!page.body.hasMore) break;
    }
    expect(swept).toEqual([...mine].reverse());
    expect(cursors.filter((cursor) => mine.includes(cursor))).toEqual([...mine].reverse());
  });

  it('deletes an endpoint softly: gone from every route, its row kept', async () => {
    const { id } = (await test.post(PATH, { url: 'http://localhost/gone', enabledEvents: ['*'] }).expect(201)).body;
    const deleted = await test.delete(`${PATH}/${id}`).expect(200);
    expect(deleted.body).toEqual({ id, object: 'webhook_endpoint', deleted: true });

    expectEnvelope(await test.get(`${PATH}/${id}`), 404, 'invalid_request', 'resource_missing', 'id');
    expectEnvelope(await test.delete(`${PATH}/${id}`), 404, 'invalid_request', 'resource_missing', 'id');
    expect(ids(await test.get(`${PATH}?limit=100`).expect(200))).not.toContain(id);
    // Its id stays a valid cursor: a position in the list, not a lookup.
    expect(ids(await test.get(`${PATH}?startingAfter=${id}`).expect(200))).not.toContain(id);
    await expect(testApp.app.get(WebhookEndpointsService).signingSecret('test', id)).rejects.toMatchObject({ status: 404 });

    const [row] = await testApp.app.get(DataSource).query('SELECT deleted_at FROM webhook_endpoints WHERE id = $1', [id]);
    expect(row.deleted_at).toBeInstanceOf(Date);
  });

  describe('scopes', () => {
    const routes: { name: string; scope: Scope; call: (api: ReturnType<typeof client>, id: string) => Test; ok: number }[] = [
      { name: 'POST /webhook_endpoints', scope: 'webhooks:write', call: (api) => api.post(PATH, { url: 'http://localhost/s', enabledEvents: ['*'] }), ok: 201 },
      { name: 'GET /webhook_endpoints', scope: 'webhooks:read', call: (api) => api.get(PATH), ok: 200 },
      { name: 'GET /webhook_endpoints/:id', scope: 'webhooks:read', call: (api, id) => api.get(`${PATH}/${id}`), ok: 200 },
      { name: 'DELETE /webhook_endpoints/:id', scope: 'webhooks:write', call: (api, id) => api.delete(`${PATH}/${id}`), ok: 200 },
    ];

    it.each(routes)('$name needs $scope: every other scope gets 403, that scope alone succeeds', async ({ scope, call, ok }) => {
      const allButOne = await asKey('test', SCOPES.filter((other) => other !== scope));
      const onlyThis = await asKey('test', [scope]);
      const { id } = (await test.post(PATH, { url: 'http://localhost/scoped', enabledEvents: ['*'] }).expect(201)).body;

      const refused = await call(allButOne, id);
      expectEnvelope(refused, 403, 'permission', 'insufficient_scope');
      expect(refused.body.error.requiredScope).toBe(scope);
      await test.get(`${PATH}/${id}`).expect(200);

      expect((await call(onlyThis, id)).status).toBe(ok);
    });
  });
});

describe('the key that encrypts webhook secrets', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cc-whkey-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  async function createEndpointWith(env: Record<string, string>) {
    const testApp = await createTestApp({ env });
    try {
      const { secret } = await createKey(testApp.app, { mode: 'live', scopes: ['webhooks:write'] });
      const created = await request(testApp.app.getHttpServer())
        .post(PATH)
        .set('Authorization', `Bearer ${secret}`)
        .send({ url: PUBLIC_URL, enabledEvents: ['*'] })
        .expect(201);
      const [row] = await testApp.app.get(DataSource).query('SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1', [created.body.id]);
      return { id: created.body.id as string, secret: created.body.secret as string, sealed: row.secret_ciphertext as string };
    } finally {
      await testApp.close();
    }
  }

  it('is WEBHOOK_SECRET_KEY when set, and no key file is written', async () => {
    const key = randomBytes(32);
    const { id, secret, sealed } = await createEndpointWith({ WEBHOOK_SECRET_KEY: key.toString('base64'), DATA_DIR: dataDir });
    expect(new SecretBox(key).decrypt(sealed, id)).toBe(secret);
    await expect(stat(join(dataDir, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is otherwise a key file created under DATA_DIR (mode 0600), kept across restarts', async () => {
    const first = await createEndpointWith({ DATA_DIR: dataDir });
    expect((await stat(join(dataDir, KEY_FILE_NAME))).mode & 0o777).toBe(0o600);
    const fileKey = Buffer.from(await readFile(join(dataDir, KEY_FILE_NAME), 'utf8'), 'base64');
    expect(new SecretBox(fileKey).decrypt(first.sealed, first.id)).toBe(first.secret);

    const testApp = await createTestApp({ env: { DATA_DIR: dataDir } });
    try {
      expect(await testApp.app.get(WebhookEndpointsService).signingSecret('live', first.id)).toBe(first.secret);
    } finally {
      await testApp.close();
    }
  });
});
