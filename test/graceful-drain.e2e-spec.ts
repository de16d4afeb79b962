import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { shutDown } from '../src/lifecycle/graceful-shutdown';
import { get } from './support/http-client';
import { createTestApp, TestApp } from './support/test-app';

interface KeptAliveReply {
  status: number;
  connection: string | undefined;
  /** The request went out on a connection an earlier request had opened. */
  reusedSocket: boolean;
}

function getOn(agent: Agent, port: number, path: string): Promise<KeptAliveReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The drain on SIGTERM, seen from a balancer's kept-alive connection: it must stay usable (closing
 * it could lose a request the balancer is sending on it that very moment), its next request is
 * answered and ends it, and new connections are refused.
 */
describe('draining the HTTP server on shutdown', () => {
  let testApp: TestApp | undefined;
  let agent: Agent;
  let port: number;
  const logger = pino({ enabled: false });

  beforeEach(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    port = (testApp.app.getHttpServer().address() as AddressInfo).port;
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(async () => {
    agent.destroy();
    // A shutdown that did not finish leaves the app open.
    if (testApp?.app.getHttpServer().listening) await testApp.app.close();
    testApp = undefined;
  });

  it('answers a request on an idle kept-alive connection with Connection: close, /readyz 503, and refuses new connections', async () => {
    const before = await getOn(agent, port, '/readyz');
    expect(before).toMatchObject({ status: 200, connection: 'keep-alive' });

    const shutdown = shutDown({ app: testApp!.app, timeoutMs: 30_000, logger }, 'test');
    await expect(get(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    expect(await getOn(agent, port, '/readyz')).toEqual({ status: 503, connection: 'close', reusedSocket: true });
    // That closed the last connection: the drain is over, nothing was cut off.
    expect(await shutdown).toBe(0);
  });

  it('closes an idle connection its client keeps open once the shutdown timeout is reached, counting nothing as cut off', async () => {
    expect((await getOn(agent, port, '/healthz')).status).toBe(200);
    const socket = Object.values(agent.freeSockets).flat()[0]!;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));

    expect(await shutDown({ app: testApp!.app, timeoutMs: 300, logger }, 'test')).toBe(0);
    await closed;
  });
});
