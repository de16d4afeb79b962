import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { getRepositoryToken } from '@nestjs/typeorm';
import fc from 'fast-check';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { ApiKey } from '../src/api-keys/api-key.entity';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { generateApiKey } from '../src/api-keys/key-format';
import { bearer, createKey, TestKey } from './factories/api-keys';
import { ScopedProbeController, UndeclaredScopeController } from './support/scoped-probe.controller';
import { createTestApp, TestApp } from './support/test-app';

function expectAuthError(response: request.Response, code: string): void {
  expect(response.status).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  expect(response.body).toEqual({
    error: { type: 'authentication', code, message: expect.any(String), requestId: response.headers['request-id'] },
  });
}

/** Sends raw bytes: Node's HTTP client refuses to send some of the headers the fuzz needs. */
function rawRequest(port: number, authorization: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    socket.write(
      Buffer.concat([
        Buffer.from('GET /api/v1/api_key HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: '),
        authorization,
        Buffer.from('\r\n\r\n'),
      ]),
    );
  });
}

describe('API key authentication (DESIGN.md §4)', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let readCustomers: TestKey;

  beforeAll(async () => {
    testApp = await createTestApp({ controllers: [ScopedProbeController] });
    http = request(testApp.app.getHttpServer());
    readCustomers = await createKey(testApp.app, { scopes: ['customers:read'] });
  });
  afterAll(() => testApp.close());

  describe('the 401s', () => {
    it('missing_api_key without an Authorization header', async () => {
      expectAuthError(await http.get('/api/v1/api_key'), 'missing_api_key');
    });

    it.each([
      ['another scheme', (key: string) => `Basic ${key}`],
      ['no token', () => 'Bearer'],
      ['an empty token', () => 'Bearer '],
      ['two tokens', (key: string) => `Bearer ${key} ${key}`],
      ['a double space', (key: string) => `Bearer  ${key}`],
      ['a stray character', (key: string) => `Bearer ${key}!`],
      ['a mistyped character', (key: string) => `Bearer ${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`],
      ['the key without its scheme', (key: string) => key],
    ])('invalid_api_key for %s', async (_case, header) => {
      expectAuthError(await http.get('/api/v1/api_key').set('Authorization', header(readCustomers.secret)), 'invalid_api_key');
    });

    it('accepts the Bearer scheme in any case', async () => {
      for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
        await http.get('/api/v1/api_key').set('Authorization', `${scheme} ${readCustomers.secret}`).expect(200);
      }
    });

    it('invalid_api_key for a well-formed key with a valid checksum that was never issued', async () => {
      expectAuthError(await http.get('/api/v1/api_key').set('Authorization', `Bearer ${generateApiKey('test')}`), 'invalid_api_key');
    });

    it('api_key_revoked for a revoked key', async () => {
      const key = await createKey(testApp.app);
      await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      await testApp.app.get(ApiKeysService).revoke(key.id);
      expectAuthError(await http.get('/api/v1/api_key').set('Authorization', bearer(key)), 'api_key_revoked');
    });

    it('api_key_expired for a key rolled with no overlap', async () => {
      const key = await createKey(testApp.app);
      await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      const { secret } = await testApp.app.get(ApiKeysService).roll(key.id, 0);
      expectAuthError(await http.get('/api/v1/api_key').set('Authorization', bearer(key)), 'api_key_expired');
      await http.get('/api/v1/api_key').set('Authorization', `Bearer ${secret}`).expect(200);
    });

    it('never echoes the presented key', async () => {
      const response = await http.get('/api/v1/api_key').set('Authorization', `Bearer ${readCustomers.secret}x`);
      expect(JSON.stringify(response.body)).not.toContain(readCustomers.secret);
    });
  });

  describe('ordering: authentication, then scope, then everything else', () => {
    it('a bad key beats an unknown route', async () => {
      expectAuthError(await http.get('/api/v1/no-such-route'), 'missing_api_key');
      expectAuthError(await http.get('/api/v1/no-such-route').set('Authorization', 'Bearer nope'), 'invalid_api_key');
    });

    it('a bad key beats a malformed body', async () => {
      const response = await http.post('/api/v1/test-probe/customers').set('Content-Type', 'application/json').send('{"email":');
      expectAuthError(response, 'missing_api_key');
    });

    it('a bad key beats an invalid body', async () => {
      const response = await http.post('/api/v1/test-probe/customers').set('Authorization', 'Bearer ck_test_x').send({ email: 'nope', extra: 1 });
      expectAuthError(response, 'invalid_api_key');
    });

    it('a missing scope beats a malformed or invalid body', async () => {
      for (const send of ['{"email":', JSON.stringify({ email: 'nope' })]) {
        const response = await http
          .post('/api/v1/test-probe/customers')
          .set('Authorization', bearer(readCustomers))
          .set('Content-Type', 'application/json')
          .send(send);
        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({ type: 'permission', code: 'insufficient_scope', requiredScope: 'customers:write' });
      }
    });

    it('with the scope, the body is checked', async () => {
      const writer = await createKey(testApp.app, { scopes: ['customers:write'] });
      const malformed = await http.post('/api/v1/test-probe/customers').set('Authorization', bearer(writer)).set('Content-Type', 'application/json').send('{"email":');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('body_malformed');
      const invalid = await http.post('/api/v1/test-probe/customers').set('Authorization', bearer(writer)).send({ email: 'nope' });
      expect(invalid.body.error).toMatchObject({ code: 'parameter_invalid', param: 'email' });
      await http.post('/api/v1/test-probe/customers').set('Authorization', bearer(writer)).send({ email: 'a@example.com' }).expect(201);
    });

    it('a valid key on an unknown route gets 404 route_not_found', async () => {
      const response = await http.get('/api/v1/no-such-route').set('Authorization', bearer(readCustomers));
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('route_not_found');
    });
  });

  describe('scopes', () => {
    it('a read scope does not grant write, nor write grant read, nor one resource another', async () => {
      const writer = await createKey(testApp.app, { scopes: ['customers:write'] });
      const cases: [TestKey, string, 'get' | 'post', number][] = [
        [readCustomers, '/api/v1/test-probe/customers', 'get', 200],
        [readCustomers, '/api/v1/test-probe/customers', 'post', 403],
        [readCustomers, '/api/v1/test-probe/events', 'get', 403],
        [writer, '/api/v1/test-probe/customers', 'get', 403],
        [writer, '/api/v1/test-probe/customers', 'post', 201],
      ];
      for (const [key, path, method, status] of cases) {
        const response = await http[method](path).set('Authorization', bearer(key)).send(method === 'post' ? { email: 'a@example.com' } : undefined);
        expect({ path, method, status: response.status }).toEqual({ path, method, status });
      }
    });

    it('names the missing scope in the message and in requiredScope', async () => {
      const response = await http.get('/api/v1/test-probe/events').set('Authorization', bearer(readCustomers));
      expect(response.body.error).toEqual({
        type: 'permission',
        code: 'insufficient_scope',
        message: expect.stringContaining('events:read'),
        requiredScope: 'events:read',
        requestId: response.headers['request-id'],
      });
    });

    it('refuses to start when an /api/v1 route declares no scope', async () => {
      await expect(createTestApp({ controllers: [UndeclaredScopeController] })).rejects.toThrow(
        /UndeclaredScopeController\.forgotten \(\/api\/v1\/test-probe\/forgotten\)/,
      );
    });
  });

  describe('GET /api/v1/api_key', () => {
    it('describes the calling key, with no scope needed, never its secret', async () => {
      const key = await createKey(testApp.app, { mode: 'live', scopes: ['events:read', 'links:write'] });
      const response = await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      expect(response.body).toEqual({
        id: key.id,
        object: 'api_key',
        name: 'test key',
        mode: 'live',
        livemode: true,
        scopes: ['events:read', 'links:write'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        expiresAt: null,
      });
      expect(JSON.stringify(response.body)).not.toContain(key.secret.slice(8));
    });
  });

  describe('the Authorization header under fuzzing', () => {
    const PRINTABLE = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
    const headerValues = fc.oneof(
      PRINTABLE,
      PRINTABLE.map((token) => `Bearer ${token}`),
      fc.constantFrom('Bearer', 'bearer', 'Token', 'Basic', 'ck_test_', 'ck_live_').chain((scheme) => PRINTABLE.map((rest) => `${scheme} ${rest}`)),
      fc.integer({ min: 0, max: 31 }).map((n) => `Bearer ck_test_${'A'.repeat(n)}`),
      fc.constant(`Bearer ${'x'.repeat(10_000)}`),
    );

    it('answers anything but a real key with the 401 envelope', async () => {
      await fc.assert(
        fc.asyncProperty(headerValues, async (value) => {
          const response = await http.get('/api/v1/api_key').set('Authorization', value);
          expect(response.status).toBe(401);
          expect(response.body.error.type).toBe('authentication');
          expect(['missing_api_key', 'invalid_api_key']).toContain(response.body.error.code);
        }),
        { numRuns: 300 },
      );
    });

    it('answers bytes HTTP forbids in a header (NUL, CR, 8-bit) with an envelope, never a 2xx', async () => {
      const server = testApp.app.getHttpServer();
      if (!server.listening) await testApp.app.listen(0, '127.0.0.1');
      const { port } = server.address() as AddressInfo;
      const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((array) => Buffer.from(array).filter((b) => b !== 0x0a));
      await fc.assert(
        fc.asyncProperty(bytes, async (value) => {
          const reply = await rawRequest(port, Buffer.concat([Buffer.from('Bearer '), value]));
          expect([400, 401]).toContain(reply.status);
          const envelope = JSON.parse(reply.body) as { error: { type: string; requestId: string } };
          expect(envelope.error.requestId).toMatch(/^req_/);
          expect(envelope.error.type).toBe(reply.status === 401 ? 'authentication' : 'invalid_request');
        }),
        { numRuns: 150 },
      );
      expect((await rawRequest(port, Buffer.from('Bearer ck_test_\0abc'))).status).toBe(400);
    });
  });

  describe('verification cost', () => {
    let findOneBy: jest.SpyInstance;

    beforeEach(() => {
      findOneBy = jest.spyOn(testApp.app.get<Repository<ApiKey>>(getRepositoryToken(ApiKey)), 'findOneBy');
    });
    afterEach(() => findOneBy.mockRestore());

    it('rejects keys with a wrong checksum without touching the database', async () => {
      const forged = `ck_live_${'a'.repeat(26)}AAAAAA`;
      for (let i = 0; i < 20; i++) await http.get('/api/v1/api_key').set('Authorization', `Bearer ${forged}`).expect(401);
      expect(findOneBy).not.toHaveBeenCalled();
    });

    it('looks an unknown well-formed key up once, then remembers the rejection', async () => {
      const unknown = generateApiKey('live');
      for (let i = 0; i < 20; i++) await http.get('/api/v1/api_key').set('Authorization', `Bearer ${unknown}`).expect(401);
      expect(findOneBy).toHaveBeenCalledTimes(1);
    });

    it('looks a valid key up once, then serves it from the cache', async () => {
      const key = await createKey(testApp.app);
      for (let i = 0; i < 20; i++) await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      expect(findOneBy).toHaveBeenCalledTimes(1);
    });
  });

  it('records lastUsedAt off the request path, at most once a minute', async () => {
    const key = await createKey(testApp.app);
    const keys = testApp.app.get<Repository<ApiKey>>(getRepositoryToken(ApiKey));
    expect((await keys.findOneByOrFail({ id: key.id })).lastUsedAt).toBeNull();
    await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
    let first: Date | null = null;
    for (let i = 0; i < 50 && !first; i++) {
      first = (await keys.findOneByOrFail({ id: key.id })).lastUsedAt;
      if (!first) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(first).toBeInstanceOf(Date);
    await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await keys.findOneByOrFail({ id: key.id })).lastUsedAt).toEqual(first);
  });
});
