import request from 'supertest';
import { SCOPES } from '../src/common/auth/scopes';
import { createKey, TestKey } from './factories/api-keys';
import { Method, PUBLIC_ROUTES as ROUTES, routePath } from './support/public-routes';
import { createTestApp, TestApp } from './support/test-app';

describe('the route × scope matrix (DESIGN.md §8)', () => {
  let testApp: TestApp;
  const keys = new Map<string, TestKey>();

  beforeAll(async () => {
    testApp = await createTestApp();
    for (const scope of SCOPES) {
      keys.set(`only ${scope}`, await createKey(testApp.app, { scopes: [scope] }));
      keys.set(`all but ${scope}`, await createKey(testApp.app, { scopes: SCOPES.filter((other) => other !== scope) }));
    }
  });
  afterAll(() => testApp.close());

  const call = (method: Method, path: string, key: TestKey) => {
    const http = request(testApp.app.getHttpServer());
    return http[method](routePath(path)).set('Authorization', `Bearer ${key.secret}`).send({});
  };

  it('lists exactly the public routes the app serves, each with its scope in the OpenAPI document', async () => {
    const spec = (await request(testApp.app.getHttpServer()).get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-required-scope'?: string }>>;
    };
    const served = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1'))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => `${method} ${path} ${operation['x-required-scope']}`));
    expect(served.sort()).toEqual(ROUTES.map(([method, path, scope]) => `${method} ${path} ${scope}`).sort());
  });

  it.each(ROUTES.filter(([, , scope]) => scope !== 'none'))('%s %s: refused without %s, allowed with only it', async (method, path, scope) => {
    const refused = await call(method, path, keys.get(`all but ${scope}`)!);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'permission', code: 'insufficient_scope', requiredScope: scope });

    const allowed = await call(method, path, keys.get(`only ${scope}`)!);
    expect([401, 403]).not.toContain(allowed.status);
  });

  it('GET /api/v1/api_key answers a key with any single scope', async () => {
    for (const scope of SCOPES) {
      await request(testApp.app.getHttpServer()).get('/api/v1/api_key').set('Authorization', `Bearer ${keys.get(`only ${scope}`)!.secret}`).expect(200);
    }
  });
});
