import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createAdmin, TestAdmin } from './factories/admins';
import { bearer, createKey } from './factories/api-keys';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';

const SESSION_COOKIE = 'cc_admin_session';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const KEY_PATTERN = /ck_test_[0-9A-Za-z]{32}/g;

const uniqueName = (label: string) => `${label} ${randomBytes(6).toString('hex')}`;

function cookieOf(response: request.Response): string {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  const pair = (header ?? []).map((cookie) => cookie.split(';')[0]).find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!pair) throw new Error(`no ${SESSION_COOKIE} set (status ${response.status})`);
  return pair;
}

function expectDashboardHeaders(response: request.Response): void {
  expect(response.headers['content-security-policy']).toBe(CSP);
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['referrer-policy']).toBe('same-origin');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['cache-control']).toBe('no-store');
}

/**
 * On a database of its own: these tests fail sign-ins from 127.0.0.1 (counted
 * per address) and read the newest keys of the list, so other suites must not
 * share its tables.
 */
describe('dashboard pages (DESIGN.md §10)', () => {
  let databaseUrl: string | undefined;
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'dashboard');
    testApp = await createTestApp({ databaseUrl });
    http = request(testApp.app.getHttpServer());
  });
  afterAll(async () => {
    await testApp?.close();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  async function signedIn(admin?: TestAdmin): Promise<string> {
    const account = admin ?? (await createAdmin(testApp.app));
    const response = await http.post('/dashboard').type('form').send({ email: account.email, password: account.password });
    expect(response.status).toBe(303);
    return cookieOf(response);
  }

  const createForm = (cookie: string, form: string) => http.post('/dashboard/api-keys').set('Cookie', cookie).type('form').send(form);

  describe('security headers', () => {
    it.each(['/dashboard', '/dashboard/api-keys', '/dashboard/api-keys/new', '/dashboard/balances', '/dashboard/assets/dashboard.css', '/dashboard/assets/nope.css'])(
      'are on %s, signed in or out, error pages included',
      async (path) => {
        expectDashboardHeaders(await http.get(path));
        expectDashboardHeaders(await http.get(path).set('Cookie', await signedIn()));
      },
    );

    it('pages load their script and style from this origin only, with no inline script or style', async () => {
      const response = await http.get('/dashboard').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<script src="/dashboard/assets/dashboard.js" defer></script>');
      expect(response.text).toContain('<link rel="stylesheet" href="/dashboard/assets/dashboard.css">');
      expect(response.text).not.toMatch(/<script>|<style|style="|on(click|load|submit)=/i);
      const script = await http.get('/dashboard/assets/dashboard.js').expect(200);
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect((await http.get('/dashboard/assets/dashboard.css').expect(200)).headers['content-type']).toMatch(/^text\/css/);
      await http.get('/dashboard/assets/..%2F..%2Fapp.module.ts').expect(404);
    });

    it('are not on the JSON API', async () => {
      const response = await http.get('/healthz');
      expect(response.headers['content-security-policy']).toBeUndefined();
    });
  });

  describe('signing in', () => {
    it('sends a signed-out visit to sign-in and back to the page afterwards', async () => {
      const visit = await http.get('/dashboard/api-keys/new').expect(303);
      expect(visit.headers.location).toBe('/dashboard?next=%2Fdashboard%2Fapi-keys%2Fnew');
      const form = await http.get(visit.headers.location).expect(200);
      expect(form.text).toContain('name="next" value="/dashboard/api-keys/new"');
      const admin = await createAdmin(testApp.app);
      const signIn = await http.post('/dashboard').type('form').send({ ...admin, next: '/dashboard/api-keys/new' }).expect(303);
      expect(signIn.headers.location).toBe('/dashboard/api-keys/new');
      await http.get('/dashboard/api-keys/new').set('Cookie', cookieOf(signIn)).expect(200);
    });

    it.each(['https://evil.example/', '//evil.example/dashboard', '/\\evil.example', '/dashboard/../admin/api_keys', 'javascript:alert(1)'])(
      'never redirects off the dashboard after sign-in, whatever next is: %s',
      async (next) => {
        const admin = await createAdmin(testApp.app);
        const response = await http.post('/dashboard').type('form').send({ ...admin, next }).expect(303);
        expect(response.headers.location).toBe('/dashboard/api-keys');
        const page = await http.get(`/dashboard?next=${encodeURIComponent(next)}`).expect(200);
        expect(page.text).toContain('name="next" value="/dashboard/api-keys"');
      },
    );

    it('answers a wrong password and an unknown email with the same page and message, and no cookie', async () => {
      const admin = await createAdmin(testApp.app);
      const wrongPassword = await http.post('/dashboard').type('form').send({ email: admin.email, password: 'not the password' });
      const unknownEmail = await http.post('/dashboard').type('form').send({ email: `nobody-${randomBytes(4).toString('hex')}@example.com`, password: 'not the password' });
      for (const response of [wrongPassword, unknownEmail]) {
        expect(response.status).toBe(401);
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(response.text).toContain('<p class="alert" role="alert">The email or password is not correct.</p>');
        expectDashboardHeaders(response);
      }
      expect(JSON.stringify(testApp.logs.lines)).not.toContain('not the password');
    });

    it('shows a malformed email next to the email field', async () => {
      const response = await http.post('/dashboard').type('form').send({ email: 'not-an-email', password: 'x' }).expect(400);
      expect(response.text).toMatch(/id="email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
      expect(response.text).toContain('<p class="field-error" id="email-error">');
    });

    it('sets the same HttpOnly, SameSite=Strict session cookie as the admin API, which then opens /admin', async () => {
      const admin = await createAdmin(testApp.app);
      const response = await http.post('/dashboard').type('form').send(admin).expect(303);
      const setCookie = (response.headers['set-cookie'] as unknown as string[])[0];
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      await http.get('/admin/api_keys').set('Cookie', cookieOf(response)).expect(200);
    });

    it('a signed-in visit to the sign-in page goes straight to the keys', async () => {
      const response = await http.get('/dashboard').set('Cookie', await signedIn()).expect(303);
      expect(response.headers.location).toBe('/dashboard/api-keys');
    });

    it('is limited like the admin API: the sixth failure for an email is a 429 with Retry-After', async () => {
      const admin = await createAdmin(testApp.app);
      for (let attempt = 0; attempt < 5; attempt++) {
        await http.post('/dashboard').type('form').send({ email: admin.email, password: 'wrong' }).expect(401);
      }
      const refused = await http.post('/dashboard').type('form').send(admin).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.text).toContain('Too many failed sign-ins');
    });
  });

  describe('sessions', () => {
    it('sign-out ends the session: the old cookie is sent back to sign in', async () => {
      const cookie = await signedIn();
      const out = await http.post('/dashboard/sign-out').set('Cookie', cookie).expect(303);
      expect(out.headers.location).toBe('/dashboard');
      expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^cc_admin_session=;/);
      expect((await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(303)).headers.location).toBe('/dashboard');
    });

    it('an expired session is sent back to sign in, GET and POST alike', async () => {
      const cookie = await signedIn();
      // Idle past ADMIN_SESSION_IDLE_MINUTES (30): this session only, other suites share the database.
      const tokenHash = createHash('sha256').update(decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1))).digest('hex');
      const [, touched] = (await testApp.app.get(DataSource).query(
        `UPDATE admin_sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1`,
        [tokenHash],
      )) as [unknown, number];
      expect(touched).toBe(1);
      expect((await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(303)).headers.location).toBe('/dashboard');
      const post = await createForm(cookie, `name=${uniqueName('x')}&mode=test&scopes=links%3Aread`).expect(303);
      expect(post.headers.location).toBe('/dashboard');
    });

    it('an API key never opens the dashboard', async () => {
      const key = await createKey(testApp.app);
      const response = await http.get('/dashboard/api-keys').set('Authorization', bearer(key)).expect(303);
      expect(response.headers.location).toBe('/dashboard');
    });
  });

  describe('cross-site requests', () => {
    it.each([
      ['Origin', 'https://evil.example'],
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Site', 'same-site'],
    ])('refuses every state change with %s: %s, and changes nothing', async (header, value) => {
      const cookie = await signedIn();
      const key = await createKey(testApp.app, { name: uniqueName('victim') });
      const name = uniqueName('csrf');
      const attempts = [
        createForm(cookie, `name=${encodeURIComponent(name)}&mode=live&scopes=links%3Awrite`),
        http.post(`/dashboard/api-keys/${key.id}/revoke`).set('Cookie', cookie),
        http.post(`/dashboard/api-keys/${key.id}/roll`).set('Cookie', cookie).type('form').send('expiresInHours=0'),
        http.post('/dashboard/sign-out').set('Cookie', cookie),
      ];
      for (const attempt of attempts) {
        const response = await attempt.set(header, value);
        expect(response.status).toBe(403);
        expect(response.text).toContain('State-changing requests must come from this site.');
        expectDashboardHeaders(response);
      }
      const admin = await createAdmin(testApp.app);
      const signIn = await http.post('/dashboard').set(header, value).type('form').send(admin);
      expect(signIn.status).toBe(403);
      expect(signIn.headers['set-cookie']).toBeUndefined();
      const db = testApp.app.get(DataSource);
      expect(await db.query('SELECT 1 FROM api_keys WHERE name = $1', [name])).toHaveLength(0);
      expect(await db.query('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL AND expires_at IS NULL', [key.id])).toHaveLength(1);
      await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(200);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, in the direct answer only, and lists it without the secret', async () => {
      const cookie = await signedIn();
      const name = uniqueName('Shop backend');
      const created = await createForm(cookie, `name=${encodeURIComponent(name)}&mode=test&scopes=customers%3Aread&scopes=sessions%3Awrite`);
      expect(created.status).toBe(201);
      expectDashboardHeaders(created);
      const secrets = created.text.match(KEY_PATTERN) ?? [];
      expect(new Set(secrets).size).toBe(1);
      const secret = secrets[0] ?? '';
      expect(created.text).toContain('It will never be shown again.');
      const me = await http.get('/api/v1/api_key').set('Authorization', `Bearer ${secret}`).expect(200);
      expect(me.body).toMatchObject({ name, mode: 'test', scopes: ['customers:read', 'sessions:write'] });

      const list = await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(200);
      expect(list.text).not.toContain(secret);
      expect(list.text).toContain(`ck_test_…${secret.slice(-4)}`);
      expect(list.text).toContain(name);
      // Nor does it reach the logs, nor does the sign-in's password.
      expect(JSON.stringify(testApp.logs.lines)).not.toContain(secret);
    });

    it('escapes key names wherever it renders them', async () => {
      const cookie = await signedIn();
      const name = `<img src=x onerror=alert(1)> "quoted" & 'single' ${randomBytes(3).toString('hex')}`;
      const created = await createForm(cookie, `name=${encodeURIComponent(name)}&mode=test&scopes=links%3Aread`).expect(201);
      const list = await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(200);
      const id = /data-key-id="(key_[0-9a-z]+)"/.exec(list.text)![1];
      const pages = [created.text, list.text, (await http.get(`/dashboard/api-keys/${id}/revoke`).set('Cookie', cookie)).text];
      for (const page of pages) {
        expect(page).not.toContain('<img src=x');
        expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
      }
    });

    it.each([
      ['no name', 'mode=test&scopes=links%3Aread', 'name'],
      ['no scope', 'name=Typed%20name&mode=live', 'scopes'],
      ['an unknown scope', 'name=x&mode=test&scopes=admin%3Aall', 'scopes'],
      ['an unknown mode', 'name=x&mode=prod&scopes=links%3Aread', 'mode'],
    ])('shows %s next to the field, keeps what was typed and creates nothing', async (_case, form, param) => {
      const cookie = await signedIn();
      const response = await createForm(cookie, form).expect(400);
      expect(response.text).toContain(`<p class="field-error" id="${param}-error">`);
      expect(response.text.match(/class="field-error"/g)).toHaveLength(1);
      expect(response.text).not.toMatch(KEY_PATTERN);
      if (param === 'scopes' && form.includes('Typed')) {
        expect(response.text).toContain('value="Typed name"');
        expect(response.text).toContain('id="mode-live" name="mode" value="live" checked');
      }
    });

    it('offers the nine scopes, none chosen, and marks live mode as moving real funds', async () => {
      const page = await http.get('/dashboard/api-keys/new').set('Cookie', await signedIn()).expect(200);
      expect(page.text.match(/type="checkbox"/g)).toHaveLength(9);
      expect(page.text).not.toMatch(/type="checkbox"[^>]*checked/);
      expect(page.text).toContain('moves real funds');
      for (const id of ['name', 'mode-test', 'mode-live', 'scope-links-read', 'scope-customers-write']) {
        expect(page.text).toContain(`<label for="${id}"`);
      }
    });

    it('revokes after a confirmation page: the key then gets 401', async () => {
      const cookie = await signedIn();
      const key = await createKey(testApp.app, { name: uniqueName('to revoke') });
      const confirm = await http.get(`/dashboard/api-keys/${key.id}/revoke`).set('Cookie', cookie).expect(200);
      expect(confirm.text).toContain(`action="/dashboard/api-keys/${key.id}/revoke"`);
      const done = await http.post(`/dashboard/api-keys/${key.id}/revoke`).set('Cookie', cookie).expect(303);
      expect(done.headers.location).toBe('/dashboard/api-keys');
      await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(401);
      const list = await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(200);
      expect(list.text).toMatch(new RegExp(`data-key-id="${key.id}"[\\s\\S]*?status-revoked`));
    });

    it('rolls with a chosen overlap: a new key shown once, the old one expiring', async () => {
      const cookie = await signedIn();
      const key = await createKey(testApp.app, { name: uniqueName('to roll'), scopes: ['events:read'] });
      const page = await http.get(`/dashboard/api-keys/${key.id}/roll`).set('Cookie', cookie).expect(200);
      for (const hours of [0, 1, 24, 168]) expect(page.text).toContain(`<option value="${hours}"`);
      const rolled = await http.post(`/dashboard/api-keys/${key.id}/roll`).set('Cookie', cookie).type('form').send('expiresInHours=1').expect(201);
      const [secret] = rolled.text.match(KEY_PATTERN) ?? [];
      expect(secret).not.toBe(key.secret);
      expect((await http.get('/api/v1/api_key').set('Authorization', `Bearer ${secret}`).expect(200)).body.scopes).toEqual(['events:read']);
      const old = await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      expect(Date.parse(old.body.expiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
      const list = await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(200);
      expect(list.text).toMatch(new RegExp(`data-key-id="${key.id}"[\\s\\S]*?expires at <time`));
    });

    it('turns a resubmitted create or roll form into a conflict, never a second key', async () => {
      const cookie = await signedIn();
      const tokenOf = (page: string) => /name="issueToken" value="([A-Za-z0-9_-]{32})"/.exec(page)?.[1];
      const name = uniqueName('sent twice');
      const form = await http.get('/dashboard/api-keys/new').set('Cookie', cookie).expect(200);
      const issueToken = tokenOf(form.text);
      expect(issueToken).toBeDefined();
      expect(tokenOf((await http.get('/dashboard/api-keys/new').set('Cookie', cookie)).text)).not.toBe(issueToken);
      const body = `name=${encodeURIComponent(name)}&mode=test&scopes=links%3Aread&issueToken=${issueToken}`;
      const first = await createForm(cookie, body).expect(201);
      expect(first.text.match(KEY_PATTERN)).toHaveLength(1);
      const again = await createForm(cookie, body).expect(409);
      expect(again.text).toContain('already submitted');
      expect(again.text.match(KEY_PATTERN)).toBeNull();
      const [{ count }] = (await testApp.app.get(DataSource).query('SELECT count(*)::int AS count FROM api_keys WHERE name = $1', [name])) as { count: number }[];
      expect(count).toBe(1);

      const key = await createKey(testApp.app, { name: uniqueName('rolled twice') });
      const rollToken = tokenOf((await http.get(`/dashboard/api-keys/${key.id}/roll`).set('Cookie', cookie).expect(200)).text);
      const roll = () => http.post(`/dashboard/api-keys/${key.id}/roll`).set('Cookie', cookie).type('form').send(`expiresInHours=24&issueToken=${rollToken}`);
      await roll().expect(201);
      expect((await roll().expect(409)).text.match(KEY_PATTERN)).toBeNull();
      // The refused resend changed nothing: the old key keeps its 24-hour overlap.
      const old = await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
      expect(Date.parse(old.body.expiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    });

    it('refuses an overlap outside the offered range next to its field', async () => {
      const cookie = await signedIn();
      const key = await createKey(testApp.app);
      const response = await http.post(`/dashboard/api-keys/${key.id}/roll`).set('Cookie', cookie).type('form').send('expiresInHours=999').expect(400);
      expect(response.text).toContain('<p class="field-error" id="expiresInHours-error">');
      await http.get('/api/v1/api_key').set('Authorization', bearer(key)).expect(200);
    });

    it('lists 50 keys a page, newest first, with a link to the older ones', async () => {
      const cookie = await signedIn();
      const label = uniqueName('page');
      for (let index = 0; index < 51; index++) await createKey(testApp.app, { name: `${label} ${index}` });
      const first = await http.get('/dashboard/api-keys').set('Cookie', cookie).expect(200);
      expect(first.text.match(/<tr data-key-id=/g)).toHaveLength(50);
      expect(first.text).toContain(`${label} 50<`);
      expect(first.text).not.toContain(`${label} 0<`);
      const older = /href="(\/dashboard\/api-keys\?startingAfter=key_[0-9a-z]+)"/.exec(first.text);
      expect(older).not.toBeNull();
      const second = await http.get(older![1]).set('Cookie', cookie).expect(200);
      expect(second.text).toContain(`${label} 0<`);
      expect(second.text).not.toContain(`${label} 50<`);
    });

    it('answers an unknown key id with a 404 page', async () => {
      const response = await http.get('/dashboard/api-keys/key_01jabcdefghjkmnpqrstvwxyz0/revoke').set('Cookie', await signedIn());
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    });
  });
});
