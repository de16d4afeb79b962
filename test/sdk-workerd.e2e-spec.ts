import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { CheckoutClient } from '../sdk/src/index';
import { SCOPES } from '../src/common/auth/scopes';
import { DestinationPolicy } from '../src/webhooks/destination-policy';
import { createKey } from './factories/api-keys';
import { freePort } from './support/free-port';
import { LoopbackCountsAsPublic } from './support/loopback-counts-as-public';
import { createTestApp, TestApp } from './support/test-app';
import { Workerd } from './support/workerd';

const repo = join(__dirname, '..');

/** A Worker that verifies each request as a webhook delivery with the SDK, as a merchant's edge handler would. */
const WORKER = `
import { CheckoutClient, WebhookVerificationError } from './sdk/index.js';

export default {
  async fetch(request, env) {
    const body = new URL(request.url).pathname === '/bytes' ? await request.arrayBuffer() : await request.text();
    // The whole client loads here; its webhooks use the secret it is given.
    const client = new CheckoutClient({ apiKey: 'ck_test_edge', baseUrl: 'https://checkout.invalid', webhookSecret: env.WEBHOOK_SECRET });
    const runtime = { userAgent: navigator.userAgent, hasProcess: typeof process !== 'undefined', hasBuffer: typeof Buffer !== 'undefined' };
    try {
      const event = await client.webhooks.unwrap(body, request.headers);
      return Response.json({ verified: true, type: event.type, id: event.id, object: event.data.object.id, ...runtime });
    } catch (error) {
      return Response.json({ verified: false, name: error.name, message: error.message, isVerificationError: error instanceof WebhookVerificationError, ...runtime }, { status: 400 });
    }
  },
};
`;

/** The SDK's webhook verification in Cloudflare's Workers runtime, against deliveries of the real server. */
describe('the SDK in workerd (no Node APIs)', () => {
  let testApp: TestApp;
  let client: CheckoutClient;
  let dir: string;
  let worker: Workerd;
  let endpoint: { id: string; secret: string | null };

  beforeAll(async () => {
    // The worker's answer on 127.0.0.1 is stored as a public receiver's would be: the test reads what it said.
    testApp = await createTestApp({ overrides: [{ provider: DestinationPolicy, useClass: LoopbackCountsAsPublic }] });
    await testApp.app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    client = new CheckoutClient({ apiKey: (await createKey(testApp.app, { scopes: [...SCOPES] })).secret, baseUrl });

    dir = await mkdtemp(join(tmpdir(), 'sdk-workerd-'));
    // The SDK's ES module build, compiled from its sources as it is published.
    await promisify(execFile)(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'sdk/tsconfig.json'), '--outDir', join(dir, 'sdk'), '--declaration', 'false']);
    await writeFile(join(dir, 'worker.js'), WORKER);
    // The endpoint is created first: the worker is configured with its secret, on the port it names.
    const port = await freePort();
    endpoint = await client.webhookEndpoints.create({ url: `http://127.0.0.1:${port}/hooks`, enabledEvents: ['webhook_endpoint.test'] });
    worker = await Workerd.start(dir, { WEBHOOK_SECRET: endpoint.secret! }, port);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await client.webhookEndpoints.del(endpoint.id).catch(() => undefined);
    await testApp.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies a real delivery from the server with the SDK running in workerd', async () => {
    const delivery = await client.webhookEndpoints.test(endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', eventType: 'webhook_endpoint.test' });
    const [attempt] = delivery.attempts;
    expect(attempt!.responseStatus).toBe(200);
    expect(JSON.parse(attempt!.responseBody!)).toEqual({
      verified: true,
      type: 'webhook_endpoint.test',
      id: expect.stringMatching(/^evt_/),
      object: endpoint.id,
      userAgent: 'Cloudflare-Workers',
      hasProcess: false,
      hasBuffer: false,
    });
  });

  it('verifies a body read as bytes, signed by the standardwebhooks package', async () => {
    const body = JSON.stringify({ id: 'evt_edge', object: 'event', type: 'customer.created', data: { object: { id: 'cus_edge', name: 'Zoë' } } });
    const now = new Date();
    const headers = { 'webhook-id': 'msg_edge', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)) };
    const signature = new Webhook(endpoint.secret!).sign('msg_edge', now, body);
    const answer = await fetch(`${worker.url}/bytes`, { method: 'POST', body, headers: { ...headers, 'webhook-signature': signature } });
    expect(await answer.json()).toMatchObject({ verified: true, type: 'customer.created', object: 'cus_edge' });
  });

  it.each([
    ['a changed body', (body: string) => body.replace('Zoë', 'Eve'), {}, /No signature in webhook-signature matches/],
    ['no webhook-id', (body: string) => body, { 'webhook-id': undefined }, /Missing the webhook-id header/],
    ['a timestamp an hour old', (body: string) => body, { 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) }, /more than the 300 s allowed/],
  ])('refuses %s there with a WebhookVerificationError', async (_case, change, headerChanges, message) => {
    const body = JSON.stringify({ id: 'evt_edge', object: 'event', type: 'customer.created', data: { object: { id: 'cus_edge', name: 'Zoë' } } });
    const signed = await new CheckoutClient({ apiKey: 'ck_test_x', baseUrl: 'http://localhost', webhookSecret: endpoint.secret! }).webhooks.generateTestHeaders(body);
    const headers = Object.fromEntries(Object.entries({ ...signed, ...headerChanges }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const answer = await fetch(worker.url, { method: 'POST', body: change(body), headers });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ verified: false, name: 'WebhookVerificationError', isVerificationError: true, message: expect.stringMatching(message) });
  });
});
