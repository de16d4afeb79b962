import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { adminCookie, createAdmin, signIn, TestAdmin } from './factories/admins';
import { bearer, createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';
import { expectEnvelope } from './support/envelope';

const SESSION_COOKIE = 'cc_admin_session';
/** The origin of the default PUBLIC_BASE_URL (PORT defaults to 3000). */
const DEFAULT_ORIGIN = 'http://localhost:3000';

function setCookies(response: request.Response): string[] {
  const header = response.headers['set-cookie'] as unknown as string[] | string | undefined;
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

interface SetCookie {
  value: string;
  /** Attribute names lower-cased; flags map to `true`. */
  attributes: Map<string, string | true>;
}

/** The one `Set-Cookie` for the session cookie, parsed. */
function sessionSetCookie(response: request.Response): SetCookie {
  const matching = setCookies(response).filter((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  expect(matching).toHaveLength(1);
  const [pair, ...attributes] = matching[0].split(';').map((part) => part.trim());
  return {
    value: pair.slice(SESSION_COOKIE.length + 1),
    attributes: new Map(
      attributes.map((attribute): [string, string | true] => {
        const equals = attribute.indexOf('=');
        return equals < 0 ? [attribute.toLowerCase(), true] : [attribute.slice(0, equals).toLowerCase(), attribute.slice(equals + 1)];
      }),
    ),
  };
}

/** The raw token inside a `Cookie` header built by `signIn`. */
function tokenOf(cookie: string): string {
  const pair = cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  if (!pair) throw new Error(`no ${SESSION_COOKIE} in ${cookie}`);
  return decodeURIComponent(pair.slice(SESSION_COOKIE.length + 1));
}

const tokenHash = (cookie: string) => createHash('sha256').update(tokenOf(cookie)).digest('hex');

const uniqueName = (label: string) => `${label} ${randomBytes(6).toString('hex')}`;

const newKeyBody = (name: string) => ({ name, mode: 'test', scopes: ['customers:read'] });

const unknownEmail = () => `nobody-${randomBytes(6).toString('hex')}@example.com`;

describe('admin sessions (DESIGN.md §10)', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let db: DataSource;

  beforeAll(async () => {
    testApp = await createTestApp();
    http = request(testApp.app.getHttpServer());
    db = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  /** Runs an UPDATE on this cookie's session row and checks it hit exactly that row. */
  async function updateSession(cookie: string, set: string): Promise<void> {
    const [, affected] = (await db.query(`UPDATE admin_sessions SET ${set} WHERE token_hash = $1`, [tokenHash(cookie)])) as [unknown[], number];
    expect(affected).toBe(1);
  }

  async function keysNamed(name: string): Promise<number> {
    const rows = (await db.query('SELECT count(*)::int AS n FROM api_keys WHERE name = $1', [name])) as { n: number }[];
    return rows[0].n;
  }

  describe('signing in', () => {
    it('answers the right credentials with 200 admin_session and an HttpOnly, SameSite=Strict, non-Secure cookie on /', async () => {
      const admin = await createAdmin(testApp.app);
      const before = Date.now();
      const response = await http.post('/admin/session').send(admin);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ object: 'admin_session', email: admin.email, expiresAt: expect.any(String) });
      // The absolute expiry defaults to ADMIN_SESSION_MAX_HOURS = 12 hours from now.
      const expiresAt = Date.parse(response.body.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 12 * 3_600_000 - 5_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000 + 5_000);

      const cookie = sessionSetCookie(response);
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookie.attributes.get('httponly')).toBe(true);
      expect(cookie.attributes.get('samesite')).toBe('Strict');
      expect(cookie.attributes.get('path')).toBe('/');
      expect(cookie.attributes.get('max-age')).toBe(String(12 * 3600));
      expect(cookie.attributes.has('secure')).toBe(false);
      // The token is in the cookie only: not in the body, and only its hash in the database.
      expect(JSON.stringify(response.body)).not.toContain(cookie.value);
      const stored = (await db.query('SELECT token_hash FROM admin_sessions WHERE token_hash = $1', [
        createHash('sha256').update(cookie.value).digest('hex'),
      ])) as unknown[];
      expect(stored).toHaveLength(1);
      const leaked = (await db.query('SELECT count(*)::int AS n FROM admin_sessions WHERE token_hash = $1 OR id = $1', [cookie.value])) as { n: number }[];
      expect(leaked[0].n).toBe(0);
    });

    it('accepts the email in any letter case', async () => {
      const admin = await createAdmin(testApp.app);
      const response = await http.post('/admin/session').send({ email: admin.email.toUpperCase(), password: admin.password });
      expect(response.status).toBe(200);
      expect(response.body.email).toBe(admin.email);
      sessionSetCookie(response);
    });

    it.each([
      ['a missing email', 'parameter_missing', 'email', { password: 'whatever-password' }],
      ['an email that is not an email', 'parameter_invalid', 'email', { email: 'not-an-email', password: 'whatever-password' }],
      ['a missing password', 'parameter_missing', 'password', { email: 'someone@example.com' }],
      ['an empty password', 'parameter_invalid', 'password', { email: 'someone@example.com', password: '' }],
      ['a password that is not a string', 'parameter_invalid', 'password', { email: 'someone@example.com', password: 12345678 }],
    ])('answers %s with 400 %s naming %s and sets no cookie', async (_case, code, param, body) => {
      const response = await http.post('/admin/session').send(body);
      expectEnvelope(response, 400, 'invalid_request', code, param);
      expect(setCookies(response)).toEqual([]);
    });

    it('refuses a sign-in posted from another origin with 403 and sets no cookie', async () => {
      const admin = await createAdmin(testApp.app);
      for (const [header, value] of [
        ['Origin', 'https://evil.example'],
        ['Sec-Fetch-Site', 'cross-site'],
      ]) {
        const response = await http.post('/admin/session').set(header, value).send(admin);
        expectEnvelope(response, 403, 'permission', 'cross_site_request');
        expect(setCookies(response)).toEqual([]);
      }
      // The same credentials work from this origin.
      await http.post('/admin/session').set('Origin', DEFAULT_ORIGIN).send(admin).expect(200);
    });
  });

  describe('using the session', () => {
    it('opens GET /admin/api_keys with the cookie: a list envelope', async () => {
      const cookie = await adminCookie(testApp.app);
      const key = await createKey(testApp.app, { name: uniqueName('listed') });
      const response = await http.get('/admin/api_keys?limit=100').set('Cookie', cookie);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ object: 'list', data: expect.any(Array), hasMore: expect.any(Boolean) });
      expect(response.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: key.id, object: 'api_key', status: 'active' })]));
      expect(JSON.stringify(response.body)).not.toContain(key.secret);
    });

    it('answers /admin without a cookie with 401 session_required', async () => {
      const response = await http.get('/admin/api_keys');
      expectEnvelope(response, 401, 'authentication', 'session_required');
    });

    it.each([
      ['a garbage token', `${SESSION_COOKIE}=garbage`],
      ['an empty token', `${SESSION_COOKIE}=`],
      ['a well-formed token nobody was given', `${SESSION_COOKIE}=${randomBytes(32).toString('base64url')}`],
      ['an undecodable token', `${SESSION_COOKIE}=%E0%A4%A`],
    ])('answers /admin with %s with 401 session_required', async (_case, cookie) => {
      const response = await http.get('/admin/api_keys').set('Cookie', cookie);
      expectEnvelope(response, 401, 'authentication', 'session_required');
    });

    it('does not accept a valid token under another cookie name', async () => {
      const cookie = await adminCookie(testApp.app);
      const response = await http.get('/admin/api_keys').set('Cookie', `session=${tokenOf(cookie)}`);
      expectEnvelope(response, 401, 'authentication', 'session_required');
    });

    it('never lets an API key open /admin', async () => {
      const key = await createKey(testApp.app, { scopes: ['customers:read', 'customers:write'] });
      // The key itself is valid…
      await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      // …but not for /admin, to read or to write.
      expectEnvelope(await http.get('/admin/api_keys').set('Authorization', bearer(key)), 401, 'authentication', 'session_required');
      const name = uniqueName('by key');
      const create = await http.post('/admin/api_keys').set('Authorization', bearer(key)).send(newKeyBody(name));
      expectEnvelope(create, 401, 'authentication', 'session_required');
      expect(await keysNamed(name)).toBe(0);
    });

    it('never lets the session cookie open /api/v1', async () => {
      const cookie = await adminCookie(testApp.app);
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);
      const response = await http.get('/api/v1/api_key').set('Cookie', cookie);
      expectEnvelope(response, 401, 'authentication', 'missing_api_key');
    });

    it('signs out with DELETE /admin/session: 204, the cookie cleared, the old cookie refused', async () => {
      const cookie = await adminCookie(testApp.app);
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);

      const response = await http.delete('/admin/session').set('Cookie', cookie);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      const cleared = sessionSetCookie(response);
      expect(cleared.value).toBe('');
      expect(Date.parse(String(cleared.attributes.get('expires')))).toBeLessThanOrEqual(Date.now());
      expect(cleared.attributes.get('path')).toBe('/');

      expectEnvelope(await http.get('/admin/api_keys').set('Cookie', cookie), 401, 'authentication', 'session_required');
      const rows = (await db.query('SELECT id FROM admin_sessions WHERE token_hash = $1', [tokenHash(cookie)])) as unknown[];
      expect(rows).toHaveLength(0);
    });

    it('ends only the session signed out, not the same admin’s other sessions', async () => {
      const admin = await createAdmin(testApp.app);
      const laptop = await signIn(testApp.app, admin);
      const phone = await signIn(testApp.app, admin);
      expect(tokenOf(laptop)).not.toBe(tokenOf(phone));
      await http.delete('/admin/session').set('Cookie', laptop).expect(204);
      await http.get('/admin/api_keys').set('Cookie', laptop).expect(401);
      await http.get('/admin/api_keys').set('Cookie', phone).expect(200);
    });

    it('answers DELETE /admin/session without a session with 204', async () => {
      await http.delete('/admin/session').expect(204);
      await http.delete('/admin/session').set('Cookie', `${SESSION_COOKIE}=garbage`).expect(204);
    });

    it('refuses a sign-out from another origin, and the session lives on', async () => {
      const cookie = await adminCookie(testApp.app);
      const response = await http.delete('/admin/session').set('Cookie', cookie).set('Origin', 'https://evil.example');
      expectEnvelope(response, 403, 'permission', 'cross_site_request');
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);
    });
  });

  describe('expiry', () => {
    it('ends a session idle for longer than ADMIN_SESSION_IDLE_MINUTES (30)', async () => {
      const cookie = await adminCookie(testApp.app);
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);
      await updateSession(cookie, `last_seen_at = now() - interval '1 hour'`);
      expectEnvelope(await http.get('/admin/api_keys').set('Cookie', cookie), 401, 'authentication', 'session_required');
      // Ended for good: the row is gone, so nothing can revive it.
      const rows = (await db.query('SELECT id FROM admin_sessions WHERE token_hash = $1', [tokenHash(cookie)])) as unknown[];
      expect(rows).toHaveLength(0);
    });

    it('keeps a session idle for less than the limit alive and refreshes its last use', async () => {
      const cookie = await adminCookie(testApp.app);
      await updateSession(cookie, `last_seen_at = now() - interval '29 minutes'`);
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);
      const rows = (await db.query(`SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM admin_sessions WHERE token_hash = $1`, [
        tokenHash(cookie),
      ])) as { fresh: boolean }[];
      expect(rows).toEqual([{ fresh: true }]);
      // So 29 more minutes later it is still within the idle limit.
      await updateSession(cookie, `last_seen_at = last_seen_at - interval '29 minutes'`);
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);
    });

    it('ends a session past its absolute expiry, however recently it was used', async () => {
      const cookie = await adminCookie(testApp.app);
      await http.get('/admin/api_keys').set('Cookie', cookie).expect(200);
      await updateSession(cookie, `expires_at = now() - interval '1 second', last_seen_at = now()`);
      expectEnvelope(await http.get('/admin/api_keys').set('Cookie', cookie), 401, 'authentication', 'session_required');
    });

    it('refuses a state change with an expired session too', async () => {
      const cookie = await adminCookie(testApp.app);
      await updateSession(cookie, `expires_at = now() - interval '1 second'`);
      const name = uniqueName('expired');
      const response = await http.post('/admin/api_keys').set('Cookie', cookie).send(newKeyBody(name));
      expectEnvelope(response, 401, 'authentication', 'session_required');
      expect(await keysNamed(name)).toBe(0);
    });
  });

  describe('cross-site request protection', () => {
    let cookie: string;

    beforeAll(async () => {
      cookie = await adminCookie(testApp.app);
    });

    it.each([
      ['a foreign Origin', { Origin: 'https://evil.example' }],
      ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
      ['Origin: null', { Origin: 'null' }],
      ['the right host on another scheme', { Origin: 'https://localhost:3000' }],
      ['the right host on another port', { Origin: 'http://localhost:3001' }],
      ['Sec-Fetch-Site: same-origin with a foreign Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: 'https://evil.example' }],
    ])('refuses POST /admin/api_keys with %s: 403 cross_site_request, no key created', async (_case, headers: Record<string, string>) => {
      const name = uniqueName('csrf');
      const response = await http.post('/admin/api_keys').set('Cookie', cookie).set(headers).send(newKeyBody(name));
      expectEnvelope(response, 403, 'permission', 'cross_site_request');
      expect(JSON.stringify(response.body)).not.toContain('ck_test_');
      expect(await keysNamed(name)).toBe(0);
    });

    it.each([
      ['no Origin at all (a script)', {}],
      ['the public Origin', { Origin: DEFAULT_ORIGIN }],
      ['Sec-Fetch-Site: same-origin', { 'Sec-Fetch-Site': 'same-origin' }],
      ['Sec-Fetch-Site: same-origin and the public Origin', { 'Sec-Fetch-Site': 'same-origin', Origin: DEFAULT_ORIGIN }],
    ])('accepts POST /admin/api_keys with %s: 201 with the secret', async (_case, headers: Record<string, string>) => {
      const name = uniqueName('allowed');
      const response = await http.post('/admin/api_keys').set('Cookie', cookie).set(headers).send(newKeyBody(name));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ object: 'api_key', name, mode: 'test', scopes: ['customers:read'], secret: expect.stringMatching(/^ck_test_/) });
      expect(await keysNamed(name)).toBe(1);
    });

    it('lets safe requests through from a foreign origin', async () => {
      const key = await createKey(testApp.app);
      const list = await http.get('/admin/api_keys').set('Cookie', cookie).set('Origin', 'https://evil.example').set('Sec-Fetch-Site', 'cross-site');
      expect(list.status).toBe(200);
      expect(list.body.object).toBe('list');
      const one = await http.get(`/admin/api_keys/${key.id}`).set('Cookie', cookie).set('Origin', 'https://evil.example');
      expect(one.status).toBe(200);
      expect(one.body.id).toBe(key.id);
    });

    it('protects the other state-changing admin routes too', async () => {
      const key = await createKey(testApp.app);
      for (const path of [`/admin/api_keys/${key.id}/revoke`, `/admin/api_keys/${key.id}/roll`]) {
        const response = await http.post(path).set('Cookie', cookie).set('Origin', 'https://evil.example').send({ expiresInHours: 0 });
        expectEnvelope(response, 403, 'permission', 'cross_site_request');
      }
      const after = await http.get(`/admin/api_keys/${key.id}`).set('Cookie', cookie);
      expect(after.body.status).toBe('active');
      await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
    });
  });
});

describe('admin sessions behind TLS (PUBLIC_BASE_URL https)', () => {
  const PUBLIC_ORIGIN = 'https://pay.example.com';
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { PUBLIC_BASE_URL: `${PUBLIC_ORIGIN}/` } });
    http = request(testApp.app.getHttpServer());
  });
  afterAll(() => testApp.close());

  it('marks the session cookie Secure, and clears it as Secure', async () => {
    const admin = await createAdmin(testApp.app);
    const response = await http.post('/admin/session').send(admin).expect(200);
    const cookie = sessionSetCookie(response);
    expect(cookie.attributes.get('secure')).toBe(true);
    expect(cookie.attributes.get('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Strict');
    expect(cookie.attributes.get('path')).toBe('/');

    const sessionCookie = `${SESSION_COOKIE}=${cookie.value}`;
    await http.get('/admin/api_keys').set('Cookie', sessionCookie).expect(200);
    const signOut = await http.delete('/admin/session').set('Cookie', sessionCookie).expect(204);
    expect(sessionSetCookie(signOut).attributes.get('secure')).toBe(true);
  });

  it('takes the public origin from PUBLIC_BASE_URL', async () => {
    const cookie = await adminCookie(testApp.app);
    const ok = await http.post('/admin/api_keys').set('Cookie', cookie).set('Origin', PUBLIC_ORIGIN).send(newKeyBody(uniqueName('tls')));
    expect(ok.status).toBe(201);
    const refused = await http.post('/admin/api_keys').set('Cookie', cookie).set('Origin', DEFAULT_ORIGIN).send(newKeyBody(uniqueName('tls')));
    expectEnvelope(refused, 403, 'permission', 'cross_site_request');
  });
});

/**
 * Failed sign-ins are counted in PostgreSQL per email and per client IP, and
 * every test request comes from 127.0.0.1: these tests run on a database of
 * their own so they never block the sign-ins of other test files.
 */
describe('sign-in failures and throttling (own database)', () => {
  const serverUrl = () => testEnv('serverUrl');
  let databaseUrl: string | undefined;
  let testApp: TestApp | undefined;
  let http: ReturnType<typeof request>;
  let db: DataSource;

  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(serverUrl(), 'signin');
    // Requests come from 127.0.0.1; trusting it as a proxy lets a test speak for other addresses.
    testApp = await createTestApp({ databaseUrl, env: { TRUST_PROXY: 'loopback' } });
    http = request(testApp.app.getHttpServer());
    db = testApp.app.get(DataSource);
  });
  afterAll(async () => {
    await testApp?.close();
    if (databaseUrl) await dropDatabase(serverUrl(), databaseUrl);
  });
  // Each test starts with a clean slate for 127.0.0.1.
  beforeEach(() => db.query('DELETE FROM admin_sign_in_failures'));

  const signInAs = (email: string, password: string) => http.post('/admin/session').send({ email, password });
  const signInFrom = (address: string, email: string, password: string) =>
    http.post('/admin/session').set('X-Forwarded-For', address).send({ email, password });

  function expectThrottled(response: request.Response): void {
    expectEnvelope(response, 429, 'rate_limited', 'rate_limit_exceeded');
    const retryAfter = response.headers['retry-after'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60);
    expect(setCookies(response)).toEqual([]);
  }

  async function failTimes(email: string, times: number): Promise<void> {
    for (let attempt = 0; attempt < times; attempt++) {
      expectEnvelope(await signInAs(email, `wrong-${randomBytes(6).toString('hex')}`), 401, 'authentication', 'invalid_credentials');
    }
  }

  it('answers a wrong password and an unknown email with the identical 401, which does not say which', async () => {
    const admin = await createAdmin(testApp!.app);
    const wrongPassword = await signInAs(admin.email, 'not-the-password');
    const unknown = unknownEmail();
    const noSuchEmail = await signInAs(unknown, admin.password);

    expectEnvelope(wrongPassword, 401, 'authentication', 'invalid_credentials');
    expectEnvelope(noSuchEmail, 401, 'authentication', 'invalid_credentials');
    const { requestId: _a, ...wrongPasswordError } = wrongPassword.body.error as Record<string, string>;
    const { requestId: _b, ...noSuchEmailError } = noSuchEmail.body.error as Record<string, string>;
    expect(noSuchEmailError).toEqual(wrongPasswordError);
    expect(Object.keys(noSuchEmail.headers).sort()).toEqual(Object.keys(wrongPassword.headers).sort());

    const message = wrongPasswordError.message.toLowerCase();
    expect(message).not.toContain(admin.email);
    expect(noSuchEmailError.message.toLowerCase()).not.toContain(unknown);
    for (const hint of ['not found', 'no account', 'unknown', 'does not exist', 'no such', 'wrong password', 'incorrect password']) {
      expect(message).not.toContain(hint);
    }
    expect(setCookies(wrongPassword)).toEqual([]);
    expect(setCookies(noSuchEmail)).toEqual([]);
  });

  it('after 5 wrong passwords for an email refuses the 6th attempt, right password included, with 429 and Retry-After', async () => {
    const admin = await createAdmin(testApp!.app);
    const other = await createAdmin(testApp!.app);

    await failTimes(admin.email, 5);
    expectThrottled(await signInAs(admin.email, admin.password));
    expectThrottled(await signInAs(admin.email.toUpperCase(), admin.password));

    // Another email from the same IP is not held back.
    const response = await signInAs(other.email, other.password);
    expect(response.status).toBe(200);
    sessionSetCookie(response);
  });

  it('does not lock the admin out: past the email’s limit, an address that has not failed for it still gets its password checked', async () => {
    const admin = await createAdmin(testApp!.app);
    const [attacker, owner, another] = ['198.51.100.7', '203.0.113.20', '192.0.2.33'];
    for (let attempt = 0; attempt < 5; attempt++) {
      expectEnvelope(await signInFrom(attacker, admin.email, `wrong-${attempt}`), 401, 'authentication', 'invalid_credentials');
    }
    // The failing address is refused, right password included…
    expectThrottled(await signInFrom(attacker, admin.email, admin.password));
    // …while the admin, from an address of their own, signs in.
    sessionSetCookie(await signInFrom(owner, admin.email, admin.password).expect(200));

    // Guesses stay limited: a fresh address gets its guess checked, and once it has failed, it is refused too.
    await failTimes(admin.email, 5);
    expectEnvelope(await signInFrom(another, admin.email, 'another-guess'), 401, 'authentication', 'invalid_credentials');
    expectThrottled(await signInFrom(another, admin.email, admin.password));
    expectThrottled(await signInFrom(another, admin.email, 'yet-another-guess'));
  });

  it('still lets the right password in after 4 failures, and a success resets the email’s count', async () => {
    const admin = await createAdmin(testApp!.app);
    await failTimes(admin.email, 4);
    await signInAs(admin.email, admin.password).expect(200);
    // 8 failures in the window in all, but only 4 since the success.
    await failTimes(admin.email, 4);
    await signInAs(admin.email, admin.password).expect(200);
  });

  it('counts failures per email whatever the letter case', async () => {
    const admin = await createAdmin(testApp!.app);
    const variants = [admin.email, admin.email.toUpperCase(), admin.email.replace(/^a/, 'A'), admin.email.toUpperCase(), admin.email];
    for (const email of variants) {
      expectEnvelope(await signInAs(email, 'not-the-password'), 401, 'authentication', 'invalid_credentials');
    }
    expectThrottled(await signInAs(admin.email, admin.password));
  });

  it('counts an unknown email’s failures too, and throttles it exactly like a known one', async () => {
    const admin = await createAdmin(testApp!.app);
    const unknown = unknownEmail();
    await failTimes(unknown, 5);
    await failTimes(admin.email, 5);
    const forUnknown = await signInAs(unknown, 'any-password-at-all');
    const forKnown = await signInAs(admin.email, admin.password);
    expectThrottled(forUnknown);
    expectThrottled(forKnown);
    expect(forUnknown.body.error.message).toBe(forKnown.body.error.message);
  });

  it('does not count requests refused for bad input', async () => {
    const admin = await createAdmin(testApp!.app);
    for (let attempt = 0; attempt < 6; attempt++) {
      expectEnvelope(await http.post('/admin/session').send({ email: admin.email }), 400, 'invalid_request', 'parameter_missing', 'password');
    }
    await signInAs(admin.email, admin.password).expect(200);
  });

  it('after 20 failures from one IP, spread over several emails, refuses every email, right password included', async () => {
    const first = await createAdmin(testApp!.app);
    const second: TestAdmin = await createAdmin(testApp!.app);
    // 19 failures, at most 4 per email so that no email limit is reached.
    for (const times of [4, 4, 4, 4, 3]) await failTimes(unknownEmail(), times);
    // One under the IP limit: a right password still works (and does not clear the IP's count).
    await signInAs(first.email, first.password).expect(200);
    await failTimes(unknownEmail(), 1);

    expectThrottled(await signInAs(second.email, second.password));
    expectThrottled(await signInAs(first.email, first.password));
    expectThrottled(await signInAs(unknownEmail(), 'any-password-at-all'));
  });

  it('holds the per-email limit against concurrent guesses: at most 5 wrong passwords are checked', async () => {
    const admin = await createAdmin(testApp!.app);
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => signInAs(admin.email, `wrong-guess-${i}`)));
    const statuses = burst.map((response) => response.status);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // Each 401 is a password that was actually tried; the limit is 5 per email per window.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expectThrottled(await signInAs(admin.email, admin.password));
  });

  it('lets sign-ins through again once the window has passed', async () => {
    const admin = await createAdmin(testApp!.app);
    await failTimes(admin.email, 5);
    expectThrottled(await signInAs(admin.email, admin.password));
    // Move the window 15 minutes into the past, as if the time had passed.
    await db.query(`UPDATE admin_sign_in_failures SET window_started_at = window_started_at - interval '15 minutes'`);
    await signInAs(admin.email, admin.password).expect(200);
  });
});
