import request from 'supertest';
import { SCOPES } from '../src/common/auth/scopes';
import { adminCookie, createAdmin } from './factories/admins';
import { createKey } from './factories/api-keys';
import { apiAs, ApiClient } from './support/api-client';
import { expectEnvelope } from './support/envelope';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';

const MINUTE = 60_000;

/**
 * The input rules (README "Input rules"): a client mistake in any field is a
 * 400 naming the field, never a 500 from PostgreSQL, a TypeError or a stack
 * overflow (issue 11 §5).
 */
describe('input rules (DESIGN.md §5)', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let api: ApiClient;
  let databaseUrl: string | undefined;

  // On a database of its own: its webhook endpoints (to a closed port, every event type) must not collect other suites' events.
  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'inputs');
    testApp = await createTestApp({ databaseUrl });
    http = request(testApp.app.getHttpServer());
    api = apiAs(testApp.app, await createKey(testApp.app, { scopes: [...SCOPES] }));
  });
  afterAll(async () => {
    await testApp?.close();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE).toISOString();

  describe('control characters', () => {
    const session = { amount: '1.00', currency: 'USDC' };
    const webhook = { url: 'http://localhost:4242/hooks', enabledEvents: ['*'] };

    it.each([
      ['customer name', '/api/v1/customers', { name: 'Ada\u0000' }, 'name'],
      ['customer email', '/api/v1/customers', { email: 'ada\u0000@example.com' }, 'email'],
      ['a metadata value', '/api/v1/customers', { metadata: { foo: 'a\u0000b' } }, 'metadata.foo'],
      ['a metadata key', '/api/v1/customers', { metadata: { 'fo\u0000o': 'bar' } }, 'metadata'],
      ['payment link name', '/api/v1/payment_links', { name: '\u0000', amount: '1.00', currency: 'USDC' }, 'name'],
      ['session successUrl', '/api/v1/checkout_sessions', { ...session, successUrl: 'https://shop.example/\u0000' }, 'successUrl'],
      ['session cancelUrl', '/api/v1/checkout_sessions', { ...session, cancelUrl: 'https://shop.example/a\u0000b' }, 'cancelUrl'],
      ['session metadata', '/api/v1/checkout_sessions', { ...session, metadata: { order: '42\u0000' } }, 'metadata.order'],
      ['session customer', '/api/v1/checkout_sessions', { ...session, customer: 'cus_\u0000' }, 'customer'],
      ['webhook description', '/api/v1/webhook_endpoints', { ...webhook, description: 'Orders\u0000' }, 'description'],
      ['webhook url', '/api/v1/webhook_endpoints', { ...webhook, url: 'http://localhost:4242/ho\u0000oks' }, 'url'],
      ['an event type', '/api/v1/webhook_endpoints', { ...webhook, enabledEvents: ['customer.created\u0000'] }, 'enabledEvents[0]'],
    ])('refuses NUL in %s with 400 parameter_invalid naming it', async (_case, path, body, param) => {
      expectEnvelope(await api.post(path, body), 400, 'invalid_request', 'parameter_invalid', param);
    });

    it('refuses NUL on update too', async () => {
      const customer = await api.post('/api/v1/customers', { name: 'Ada' }).expect(201);
      const link = await api.post('/api/v1/payment_links', { name: 'Tee', amount: '1.00', currency: 'USDC' }).expect(201);
      expectEnvelope(await api.patch(`/api/v1/customers/${customer.body.id}`, { name: 'A\u0000' }), 400, 'invalid_request', 'parameter_invalid', 'name');
      expectEnvelope(
        await api.patch(`/api/v1/payment_links/${link.body.id}`, { metadata: { k: '\u0000' } }),
        400,
        'invalid_request',
        'parameter_invalid',
        'metadata.k',
      );
    });

    it('refuses the other C0 controls everywhere, and tab or newline outside free text', async () => {
      for (const control of ['\u0001', '\u0007', '\u001b', '\u001f']) {
        expectEnvelope(await api.post('/api/v1/customers', { name: `A${control}` }), 400, 'invalid_request', 'parameter_invalid', 'name');
      }
      for (const whitespace of ['\t', '\n', '\r']) {
        expectEnvelope(
          await api.post('/api/v1/webhook_endpoints', { ...webhook, url: `http://local${whitespace}host:4242/hooks` }),
          400,
          'invalid_request',
          'parameter_invalid',
          'url',
        );
        expectEnvelope(
          await api.post('/api/v1/customers', { metadata: { [`a${whitespace}b`]: 'x' } }),
          400,
          'invalid_request',
          'parameter_invalid',
          'metadata',
        );
      }
    });

    it('keeps tab and newline in free text: names, descriptions, metadata values', async () => {
      const text = 'line one\n\tline two\r\n';
      const customer = await api.post('/api/v1/customers', { name: text, metadata: { note: text } }).expect(201);
      expect(customer.body).toMatchObject({ name: text, metadata: { note: text } });
      const endpoint = await api.post('/api/v1/webhook_endpoints', { ...webhook, description: text }).expect(201);
      expect(endpoint.body.description).toBe(text);
    });

    it('refuses a lone surrogate, which PostgreSQL would silently turn into U+FFFD', async () => {
      const response = await http
        .post('/api/v1/customers')
        .set('Authorization', `Bearer ${(await createKey(testApp.app, { scopes: ['customers:write'] })).secret}`)
        .set('Content-Type', 'application/json')
        .send('{"name": "half \\ud800 a pair"}');
      expectEnvelope(response, 400, 'invalid_request', 'parameter_invalid', 'name');
    });

    it('applies to query parameters', async () => {
      expectEnvelope(await api.get('/api/v1/customers?startingAfter=cus_%00'), 400, 'invalid_request', 'parameter_invalid', 'startingAfter');
      expectEnvelope(await api.get('/api/v1/events?type=customer.created%00'), 400, 'invalid_request', 'parameter_invalid', 'type');
    });

    it('still answers 401 and 403 first', async () => {
      const body = { name: '\u0000' };
      expectEnvelope(await http.post('/api/v1/customers').send(body), 401, 'authentication', 'missing_api_key');
      const reader = await createKey(testApp.app, { scopes: ['customers:read'] });
      const forbidden = await http.post('/api/v1/customers').set('Authorization', `Bearer ${reader.secret}`).send(body);
      expectEnvelope(forbidden, 403, 'permission', 'insufficient_scope');
    });

    it('applies to the admin API', async () => {
      const cookie = await adminCookie(testApp.app);
      const response = await http.post('/admin/api_keys').set('Cookie', cookie).send({ name: 'Shop\u0000', mode: 'test', scopes: ['events:read'] });
      expectEnvelope(response, 400, 'invalid_request', 'parameter_invalid', 'name');
    });

    it("applies to the dashboard's forms, marking the field", async () => {
      const admin = await createAdmin(testApp.app);
      const signIn = await http.post('/dashboard').type('form').send({ email: admin.email, password: admin.password }).expect(303);
      const cookie = (signIn.headers['set-cookie'] as unknown as string[]).map((line) => line.split(';')[0]).join('; ');
      const response = await http.post('/dashboard/api-keys').set('Cookie', cookie).type('form').send('name=Shop%00&mode=test&scopes=events:read');
      expect(response.status).toBe(400);
      expect(response.text).toContain('<p class="field-error" id="name-error">');
      expect(response.text).not.toContain('ck_test_');
    });
  });

  describe('null is not absent', () => {
    it.each([
      ['/api/v1/checkout_sessions', { amount: '1.00', currency: 'USDC', customer: null }, 'customer'],
      ['/api/v1/checkout_sessions', { paymentLink: null, amount: '1.00', currency: 'USDC' }, 'paymentLink'],
      ['/api/v1/checkout_sessions', { amount: '1.00', currency: 'USDC', expiresAt: null }, 'expiresAt'],
      ['/api/v1/customers', { email: null }, 'email'],
      ['/api/v1/customers', { metadata: null }, 'metadata'],
      ['/api/v1/webhook_endpoints', { url: 'http://localhost:4242/hooks', enabledEvents: ['*'], description: null }, 'description'],
    ])('POST %s with %j → 400 parameter_invalid naming the field', async (path, body, param) => {
      const response = await api.post(path, body);
      expectEnvelope(response, 400, 'invalid_request', 'parameter_invalid', param);
      expect(response.body.error.message).toContain('null');
    });

    it('on update too: a null name neither clears nor keeps the field', async () => {
      const customer = await api.post('/api/v1/customers', { name: 'Ada' }).expect(201);
      expectEnvelope(await api.patch(`/api/v1/customers/${customer.body.id}`, { name: null }), 400, 'invalid_request', 'parameter_invalid', 'name');
      expect((await api.get(`/api/v1/customers/${customer.body.id}`).expect(200)).body.name).toBe('Ada');
      const link = await api.post('/api/v1/payment_links', { name: 'Tee', amount: '1.00', currency: 'USDC' }).expect(201);
      expectEnvelope(await api.patch(`/api/v1/payment_links/${link.body.id}`, { amount: null }), 400, 'invalid_request', 'parameter_invalid', 'amount');
    });
  });

  describe('date-times', () => {
    it.each(['2026-W48-4', '2026-330', '2026-11-26', '20261126T120000Z', '2026-11-26T12:00Z', '2026-02-30T12:00:00Z', '2026-11-26T24:00:00Z', '2026-11-26T12:00:60Z', '2026-11-26T12:00:00', '2026-11-26T12:00:00+25:00'])(
      'refuses expiresAt %s with 400 naming it',
      async (expiresAt) => {
        const response = await api.post('/api/v1/checkout_sessions', { amount: '1.00', currency: 'USDC', expiresAt });
        expectEnvelope(response, 400, 'invalid_request', 'parameter_invalid', 'expiresAt');
      },
    );

    it('accepts RFC 3339 date-times with any offset and fraction', async () => {
      const target = new Date(Date.now() + 2 * 60 * MINUTE);
      target.setUTCMilliseconds(0);
      const pad = (n: number) => String(n).padStart(2, '0');
      const plusTwo = new Date(target.getTime() + 2 * 60 * MINUTE);
      const withOffset =
        `${plusTwo.getUTCFullYear()}-${pad(plusTwo.getUTCMonth() + 1)}-${pad(plusTwo.getUTCDate())}` +
        `T${pad(plusTwo.getUTCHours())}:${pad(plusTwo.getUTCMinutes())}:${pad(plusTwo.getUTCSeconds())}+02:00`;
      for (const expiresAt of [withOffset, target.toISOString().replace('.000Z', '.000000Z'), target.toISOString().replace('.000Z', 'Z')]) {
        const created = await api.post('/api/v1/checkout_sessions', { amount: '1.00', currency: 'USDC', expiresAt }).expect(201);
        expect(created.body.expiresAt).toBe(target.toISOString());
      }
      await api.post('/api/v1/checkout_sessions', { amount: '1.00', currency: 'USDC', expiresAt: inMinutes(45) }).expect(201);
    });
  });

  describe('webhook URLs', () => {
    it('measures the normalised URL: 1,000 non-ASCII characters become 6,000 once percent-encoded', async () => {
      const url = `http://localhost:4242/${'é'.repeat(1000)}`;
      expect(url.length).toBeLessThan(2048);
      const response = await api.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['*'] });
      expectEnvelope(response, 400, 'invalid_request', 'parameter_invalid', 'url');
      expect(response.body.error.message).toContain('2048');
    });

    it('accepts a URL whose normalised form is exactly 2,048 characters', async () => {
      const base = 'http://localhost:4242/';
      const url = `${base}${'%C3%A9'.repeat(337)}${'a'.repeat(2048 - base.length - 337 * 6)}`;
      expect(new URL(url).href).toHaveLength(2048);
      const created = await api.post('/api/v1/webhook_endpoints', { url, enabledEvents: ['*'] }).expect(201);
      expect(created.body.url).toBe(url);
    });
  });

  describe('nesting depth', () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    const deepMetadata = (depth: number) => `{"metadata":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

    it.each([
      ['objects', nested(3000)],
      ['arrays', deepMetadata(3000)],
      ['arrays up to the body limit', deepMetadata(120_000)],
    ])('refuses %s nested beyond 32 levels with 400 body_malformed', async (_case, body) => {
      const response = await http
        .post('/api/v1/customers')
        .set('Authorization', `Bearer ${(await createKey(testApp.app, { scopes: ['customers:write'] })).secret}`)
        .set('Content-Type', 'application/json')
        .send(body);
      expectEnvelope(response, 400, 'invalid_request', 'body_malformed');
      expect(response.body.error.message).toContain('32');
    });

    it('refuses it with an Idempotency-Key too, before fingerprinting', async () => {
      const key = await createKey(testApp.app, { scopes: ['customers:write'] });
      const send = () =>
        http
          .post('/api/v1/customers')
          .set('Authorization', `Bearer ${key.secret}`)
          .set('Idempotency-Key', `deep-${key.id}`)
          .set('Content-Type', 'application/json')
          .send(nested(3000));
      expectEnvelope(await send(), 400, 'invalid_request', 'body_malformed');
      expectEnvelope(await send(), 400, 'invalid_request', 'body_malformed');
    });

    it('accepts 32 levels and refuses 33', async () => {
      const key = await createKey(testApp.app, { scopes: ['customers:write'] });
      const raw = (depth: number) =>
        http.post('/api/v1/customers').set('Authorization', `Bearer ${key.secret}`).set('Content-Type', 'application/json').send(deepMetadata(depth));
      // 32 levels reach validation, which refuses an array as metadata; 33 never get there.
      expectEnvelope(await raw(32), 400, 'invalid_request', 'parameter_invalid', 'metadata');
      expectEnvelope(await raw(33), 400, 'invalid_request', 'body_malformed');
    });

    it('still answers 401 first', async () => {
      const response = await http.post('/api/v1/customers').set('Content-Type', 'application/json').send(nested(3000));
      expectEnvelope(response, 401, 'authentication', 'missing_api_key');
    });
  });
});
