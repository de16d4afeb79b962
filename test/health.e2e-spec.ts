import request from 'supertest';
import { freePort } from './support/free-port';
import { ProbeController } from './support/probe.controller';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';

describe('health probes', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp.close());

  it('answers /healthz and /readyz without a key, with a request id', async () => {
    const http = request(testApp.app.getHttpServer());
    const health = await http.get('/healthz').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['request-id']).toMatch(/^req_/);
    const ready = await http.get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready' });
    expect(ready.headers['request-id']).toMatch(/^req_/);
  });
});

describe('when the database becomes unreachable', () => {
  let proxy: TcpProxy;
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    const database = new URL(testEnv('databaseUrl'));
    proxy = new TcpProxy({ host: database.hostname, port: Number(database.port || 5432) }, await freePort());
    await proxy.start();
    const viaProxy = new URL(database);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    testApp = await createTestApp({ databaseUrl: viaProxy.toString(), controllers: [ProbeController] });
    http = request(testApp.app.getHttpServer());
  });
  afterAll(async () => {
    await proxy.start();
    await testApp.close();
    await proxy.stop();
  });

  it('answers 503 service_unavailable, keeps /healthz at 200, and recovers when it returns', async () => {
    await http.get('/readyz').expect(200);
    await http.get('/test-probe/database').expect(200);

    await proxy.stop();
    const ready = await http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({ type: 'api_error', code: 'service_unavailable', requestId: ready.headers['request-id'] });

    // Any route whose query fails for want of a database gets the same answer through the filter.
    const query = await http.get('/test-probe/database');
    expect(query.status).toBe(503);
    expect(query.body.error).toMatchObject({ type: 'api_error', code: 'service_unavailable' });
    expect(JSON.stringify(query.body)).not.toMatch(/ECONN|terminated|127\.0\.0\.1/);

    await http.get('/healthz').expect(200);

    await proxy.start();
    await http.get('/readyz').expect(200);
    await http.get('/test-probe/database').expect(200);
  });
});
