import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCOPES } from '../src/common/auth/scopes';
import { bearer, createKey, TestKey } from './factories/api-keys';
import { PUBLIC_ROUTES, routePath } from './support/public-routes';
import { createTestApp, TestApp } from './support/test-app';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code?: string; requiredScope?: string } };
}

/** Other spellings of one route's path: none of them may be served (issue 11 §1). */
function respellings(path: string): { name: string; path: string; sameRoute: boolean }[] {
  const [, , , resource] = path.split('/'); // '', 'api', 'v1', resource, …
  const rest = path.slice('/api/v1/'.length + resource.length);
  const encodedFirstLetter = `%${resource.charCodeAt(0).toString(16)}${resource.slice(1)}`;
  const endsInParam = /\/obj_[^/]+$|\/whd_[^/]+$/.test(path);
  return [
    { name: 'upper case', path: path.toUpperCase(), sameRoute: false },
    { name: 'capitalised prefix', path: `/Api/v1/${resource}${rest}`, sameRoute: false },
    { name: 'upper-case prefix', path: `/API/V1/${resource}${rest}`, sameRoute: false },
    { name: 'capitalised resource', path: `/api/v1/${resource[0].toUpperCase()}${resource.slice(1)}${rest}`, sameRoute: false },
    { name: 'trailing slash', path: `${path}/`, sameRoute: false },
    { name: 'doubled slash', path: `/api/v1//${resource}${rest}`, sameRoute: false },
    { name: 'leading doubled slash', path: `//api/v1/${resource}${rest}`, sameRoute: false },
    { name: '%2F for a slash', path: `/api/v1%2F${resource}${rest}`, sameRoute: false },
    { name: 'percent-encoded letter', path: `/api/v1/${encodedFirstLetter}${rest}`, sameRoute: false },
    { name: 'percent-encoded prefix', path: `/%61pi/v1/${resource}${rest}`, sameRoute: false },
    { name: ';params on the prefix', path: `/api/v1;x=1/${resource}${rest}`, sameRoute: false },
    // A path parameter may legitimately contain ';' — that is the same route, with a (bad) id.
    { name: ';params at the end', path: `${path};x=1`, sameRoute: endsInParam },
    { name: 'dot segments', path: `/api/v1/../v1/${resource}${rest}`, sameRoute: false },
    { name: 'encoded dot segments', path: `/api/v1/%2e%2e/v1/${resource}${rest}`, sameRoute: false },
  ];
}

describe('one spelling per route: scopes, limits and idempotency cannot be side-stepped (issue 11 §1, §8)', () => {
  let testApp: TestApp;
  let port: number;
  const lacking = new Map<string, TestKey>();
  let everything: TestKey;

  /** Sent with node:http so that the path arrives exactly as written (no client normalises it). */
  const send = (method: string, path: string, key?: TestKey, idempotencyKey?: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key) headers.authorization = bearer(key);
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      // An empty object is a valid body for POST /api/v1/customers: the bypass made a customer.
      const body = method === 'GET' ? undefined : '{}';
      if (body) headers['content-length'] = String(body.length);
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} });
        });
      });
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    port = (testApp.app.getHttpServer().address() as AddressInfo).port;
    for (const scope of SCOPES) lacking.set(scope, await createKey(testApp.app, { scopes: SCOPES.filter((other) => other !== scope) }));
    everything = await createKey(testApp.app, { scopes: [...SCOPES] });
  });
  afterAll(() => testApp.close());

  const scoped = PUBLIC_ROUTES.filter(([, , scope]) => scope !== 'none');

  it.each(scoped)('%s %s: no other spelling runs the handler without %s', async (method, template, scope) => {
    for (const variant of respellings(routePath(template))) {
      const answer = await send(method.toUpperCase(), variant.path, lacking.get(scope)!);
      const outcome = `${variant.name} (${variant.path}) → ${answer.status} ${answer.body.error?.code ?? ''}`;
      if (variant.sameRoute) {
        expect({ outcome, scope: answer.body.error?.requiredScope }).toEqual({ outcome: `${variant.name} (${variant.path}) → 403 insufficient_scope`, scope });
      } else {
        expect(outcome).toBe(`${variant.name} (${variant.path}) → 404 route_not_found`);
      }
      // Whatever the answer, the request was counted against the key.
      expect({ outcome, limit: answer.headers['ratelimit-limit'] }).toEqual({ outcome, limit: expect.any(String) });
    }
  });

  it.each(PUBLIC_ROUTES)('%s %s: other spellings are authenticated like any unknown route', async (method, template) => {
    for (const variant of respellings(routePath(template))) {
      const answer = await send(method.toUpperCase(), variant.path);
      expect(`${variant.name} → ${answer.status} ${answer.body.error?.code}`).toBe(`${variant.name} → 401 missing_api_key`);
    }
  });

  it('a key with every scope gets 404 for other spellings, never the resource', async () => {
    for (const [method, template] of PUBLIC_ROUTES) {
      for (const variant of respellings(routePath(template)).filter(({ sameRoute }) => !sameRoute)) {
        const answer = await send(method.toUpperCase(), variant.path, everything, `spelling-${Math.random()}`);
        expect(`${method} ${variant.path} → ${answer.status} ${answer.body.error?.code}`).toBe(`${method} ${variant.path} → 404 route_not_found`);
        expect(answer.headers['idempotent-replayed']).toBeUndefined();
      }
    }
  });
});

describe('every authenticated /api/v1 request counts against its key (issue 11 §1, §8)', () => {
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    testApp = await createTestApp({ env: { RATE_LIMIT_TEST: '4' } });
    await testApp.app.listen(0, '127.0.0.1');
    port = (testApp.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => testApp.close());

  const get = (path: string, key: TestKey) =>
    new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path, headers: { authorization: bearer(key) } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      })
        .on('error', reject)
        .end();
    });

  it('403, 404 route_not_found and odd spellings carry RateLimit-* and use up the same budget', async () => {
    const key = await createKey(testApp.app, { scopes: ['links:read'] });
    const answers = [
      await get('/api/v1/customers', key), // 403: no customers:read
      await get('/api/v1/no-such-route', key), // 404
      await get('/API/V1/payment_links', key), // 404: another spelling
      await get('/api/v1/payment_links/', key), // 404: trailing slash
      await get('/api/v1/payment_links', key), // the fifth request in the window: over the limit of 4
    ];
    expect(answers.map(({ status }) => status)).toEqual([403, 404, 404, 404, 429]);
    expect(answers.map(({ headers }) => headers['ratelimit-remaining'])).toEqual(['3', '2', '1', '0', '0']);
    expect(answers.every(({ headers }) => headers['ratelimit-limit'] === '4')).toBe(true);
  });
});
