import type { AddressInfo } from 'node:net';
import {
  AuthenticationError,
  CheckoutClient,
  CheckoutError,
  CheckoutResponseError,
  IdempotencyError,
  InvalidRequestError,
  PermissionError,
  RateLimitError,
  UserAbortError,
  WebhookVerificationError,
} from '../sdk/src/index';
import type { Event, HttpRequestInfo, HttpResponseInfo } from '../sdk/src/index';
import { generateApiKey } from '../src/api-keys/key-format';
import { SCOPES } from '../src/common/auth/scopes';
import type { Mode, Scope } from '../src/common/auth/scopes';
import { newId } from '../src/common/ids/type-id';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/** The SDK against the real server over real HTTP (DESIGN.md §12). */
describe('the TypeScript SDK against the server', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let client: CheckoutClient;

  const clientFor = async (options: { mode?: Mode; scopes?: Scope[]; maxRetries?: number } = {}) => {
    const key = await createKey(testApp.app, { mode: options.mode, scopes: options.scopes ?? [...SCOPES] });
    return new CheckoutClient({ apiKey: key.secret, baseUrl, maxRetries: options.maxRetries });
  };
  const rejection = (promise: PromiseLike<unknown>) => Promise.resolve(promise).then(() => undefined, (error: unknown) => error);

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    client = await clientFor();
  });
  afterAll(() => testApp.close());

  it('tells the calling key about itself', async () => {
    const key = await client.apiKey.retrieve();
    expect(key).toMatchObject({ object: 'api_key', mode: 'test', livemode: false, scopes: [...SCOPES] });
    expect(JSON.stringify(key)).not.toContain('ck_test_');
  });

  it('creates, retrieves, updates and lists customers', async () => {
    const created = await client.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { plan: 'pro' } });
    expect(created).toMatchObject({ object: 'customer', email: 'ada@example.com', livemode: false, metadata: { plan: 'pro' } });
    expect(await client.customers.retrieve(created.id)).toEqual(created);
    const updated = await client.customers.update(created.id, { name: 'Ada Lovelace', metadata: { plan: '' } });
    expect(updated).toMatchObject({ id: created.id, name: 'Ada Lovelace', metadata: {} });
    const page = await client.customers.list({ limit: 5 });
    expect(page.object).toBe('list');
    expect(page.data.map((c) => c.id)).toContain(created.id);
  });

  it('creates, retrieves, updates, lists and archives payment links; an archived link cannot change', async () => {
    const link = await client.paymentLinks.create({ name: 'T-shirt', amount: '25.00', currency: 'USDC' });
    expect(link).toMatchObject({ object: 'payment_link', amount: '25.00', currency: 'USDC', active: true });
    expect(await client.paymentLinks.retrieve(link.id)).toEqual(link);
    expect(await client.paymentLinks.update(link.id, { amount: '9.50' })).toMatchObject({ amount: '9.50' });
    expect((await client.paymentLinks.list({ limit: 3 })).data.map((l) => l.id)).toContain(link.id);
    expect(await client.paymentLinks.archive(link.id)).toMatchObject({ id: link.id, active: false });

    const conflict = await rejection(client.paymentLinks.update(link.id, { name: 'Hoodie' }));
    expect(conflict).toBeInstanceOf(InvalidRequestError);
    expect(conflict).toMatchObject({ status: 409, type: 'invalid_request', code: 'state_conflict' });
  });

  it('creates, retrieves, lists, pays and expires checkout sessions; paying an expired session conflicts', async () => {
    const customer = await client.customers.create({});
    const session = await client.checkoutSessions.create({ amount: '10.00', currency: 'USDC', customer: customer.id });
    expect(session).toMatchObject({ object: 'checkout_session', status: 'open', customer: customer.id });
    expect(await client.checkoutSessions.retrieve(session.id)).toEqual(session);
    expect((await client.checkoutSessions.list({ limit: 3 })).data.map((s) => s.id)).toContain(session.id);
    expect(await client.testHelpers.checkoutSessions.pay(session.id)).toMatchObject({ status: 'complete' });

    const other = await client.checkoutSessions.create({ amount: '1.000001', currency: 'USDT' });
    expect(await client.checkoutSessions.expire(other.id)).toMatchObject({ status: 'expired' });
    const conflict = await rejection(client.testHelpers.checkoutSessions.pay(other.id));
    expect(conflict).toBeInstanceOf(InvalidRequestError);
    expect(conflict).toMatchObject({ status: 409, code: 'state_conflict' });
  });

  it('creates, retrieves, updates, lists and deletes webhook endpoints', async () => {
    const endpoint = await client.webhookEndpoints.create({ url: 'http://localhost:9/hooks', enabledEvents: ['customer.created'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const updated = await client.webhookEndpoints.update(endpoint.id, { url: 'http://localhost:9/moved', status: 'disabled' });
    expect(updated).toMatchObject({ id: endpoint.id, url: 'http://localhost:9/moved', enabledEvents: ['customer.created'], status: 'disabled' });
    expect(await rejection(client.webhookEndpoints.update(endpoint.id, { url: 'ftp://localhost/x' }))).toMatchObject({ status: 400, param: 'url' });
    const retrieved = await client.webhookEndpoints.retrieve(endpoint.id);
    expect(retrieved).toMatchObject({ id: endpoint.id, url: 'http://localhost:9/moved', status: 'disabled' });
    expect(retrieved).not.toHaveProperty('secret');
    expect((await client.webhookEndpoints.list()).data.map((e) => e.id)).toContain(endpoint.id);
    expect(await client.webhookEndpoints.del(endpoint.id)).toEqual({ object: 'webhook_endpoint', id: endpoint.id, deleted: true });
    expect(await rejection(client.webhookEndpoints.retrieve(endpoint.id))).toMatchObject({ status: 404, code: 'resource_missing' });
  });

  it('sends a test webhook, lists the deliveries of an endpoint and retries one', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const endpoint = await client.webhookEndpoints.create({ url: receiver.url, enabledEvents: ['checkout_session.completed'] });
      const sent = await client.webhookEndpoints.test(endpoint.id);
      expect(sent).toMatchObject({ object: 'webhook_delivery', endpoint: endpoint.id, eventType: 'webhook_endpoint.test', status: 'succeeded' });
      const [received] = await receiver.waitFor(1);
      const event = await client.webhooks.unwrap(received.body, received.headers, { secret: endpoint.secret! });
      expect(event.type).toBe('webhook_endpoint.test');
      if (event.type === 'webhook_endpoint.test') expect(event.data.object).toMatchObject({ object: 'webhook_endpoint', id: endpoint.id });
      // The same delivery as bytes (express.raw) verifies too; the parsed body is refused.
      await expect(client.webhooks.verify(Buffer.from(received.body), received.headers, { secret: endpoint.secret! })).resolves.toBeUndefined();
      await expect(client.webhooks.verify(JSON.parse(received.body), received.headers, { secret: endpoint.secret! })).rejects.toBeInstanceOf(
        WebhookVerificationError,
      );
      const listed: string[] = [];
      for await (const delivery of client.webhookEndpoints.deliveries.list(endpoint.id, { limit: 1 })) listed.push(delivery.id);
      expect(listed).toEqual([sent.id]);
      const retried = await client.webhookEndpoints.deliveries.retry(endpoint.id, sent.id);
      expect(retried.attempts).toHaveLength(2);
      expect(await rejection(client.webhookEndpoints.deliveries.retry(endpoint.id, newId('whd')))).toMatchObject({ status: 404 });
    } finally {
      await receiver.stop();
    }
  });

  it('rolls an endpoint secret: during the overlap a delivery verifies with the old secret and the new one', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const endpoint = await client.webhookEndpoints.create({ url: receiver.url, enabledEvents: ['payment_link.created'] });
      const rolled = await client.webhookEndpoints.rollSecret(endpoint.id, { expiresInHours: 1 });
      expect(rolled).toMatchObject({ id: endpoint.id, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) });
      expect(rolled.secret).not.toBe(endpoint.secret);
      await client.webhookEndpoints.test(endpoint.id);
      const [received] = await receiver.waitFor(1);
      for (const secret of [endpoint.secret!, rolled.secret!]) {
        expect((await client.webhooks.unwrap(received.body, received.headers, { secret })).type).toBe('webhook_endpoint.test');
      }
      expect(await rejection(client.webhookEndpoints.rollSecret(endpoint.id, { expiresInHours: 169 }))).toMatchObject({ status: 400, param: 'expiresInHours' });
    } finally {
      await receiver.stop();
    }
  });

  it('lists events by type and retrieves one, typed by its type', async () => {
    const customer = await client.customers.create({ name: 'Evented' });
    const page = await client.events.list({ type: 'customer.created', limit: 20 });
    const event = page.data.find((e) => e.type === 'customer.created' && e.data.object.id === customer.id);
    expect(event).toMatchObject({ object: 'event', type: 'customer.created' });
    const retrieved = await client.events.retrieve(event!.id);
    expect(retrieved).toEqual(event);
    if (retrieved.type !== 'customer.created') throw new Error('narrowing by type');
    expect(retrieved.data.object.name).toBe('Evented');
  });

  it('filters lists with the typed params of the spec: several event types, session status and customer, creation bounds', async () => {
    const createdGte = new Date().toISOString();
    const customer = await client.customers.create({ name: 'Filtered by the SDK' });
    const session = await client.checkoutSessions.create({ amount: '2.00', currency: 'USDC', customer: customer.id });
    const events = await client.events.list({ types: ['customer.created', 'checkout_session.created'], createdGte, limit: 100 });
    const about = events.data.filter((event) => [customer.id, session.id].includes(event.data.object.id));
    expect(about.map((event) => event.type)).toEqual(['checkout_session.created', 'customer.created']);
    expect(events.data.every((event) => ['customer.created', 'checkout_session.created'].includes(event.type))).toBe(true);
    const sessions = await client.checkoutSessions.list({ customer: customer.id, status: 'open', createdGte });
    expect(sessions.data.map((listed) => listed.id)).toEqual([session.id]);
    expect((await client.checkoutSessions.list({ customer: customer.id, status: 'complete' })).data).toEqual([]);
  });

  it('sends each event type with the data.object its typed union promises', async () => {
    const customer = await client.customers.create({ name: 'Typed' });
    await client.customers.update(customer.id, { name: 'Typed again' });
    const link = await client.paymentLinks.create({ name: 'Typed', amount: '1.00', currency: 'USDC' });
    await client.paymentLinks.archive(link.id);
    const session = await client.checkoutSessions.create({ amount: '2.00', currency: 'USDC' });
    await client.testHelpers.checkoutSessions.pay(session.id);
    const endpoint = await client.webhookEndpoints.create({ url: 'http://localhost:9/typed', enabledEvents: ['customer.created'] });
    await client.webhookEndpoints.test(endpoint.id);
    await client.webhookEndpoints.update(endpoint.id, { description: 'Typed' });
    await client.webhookEndpoints.rollSecret(endpoint.id, { expiresInHours: 0 });
    const mine = new Set([customer.id, link.id, session.id, endpoint.id]);

    // Newest first, back to this test's first event; other suites' events are passed over.
    const events: Event[] = [];
    for await (const event of client.events.list({ limit: 100 })) {
      if (mine.has(event.data.object.id)) events.push(event);
      if (event.type === 'customer.created' && event.data.object.id === customer.id) break;
    }
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set(['customer.created', 'customer.updated', 'payment_link.created', 'payment_link.archived', 'checkout_session.created', 'checkout_session.completed', 'webhook_endpoint.test',
        'webhook_endpoint.updated', 'webhook_endpoint.secret_rolled']),
    );
    // Every member of the union has a typed data.object; the server must send that object.
    const expected = (type: string) => (type === 'webhook_endpoint.test' ? 'webhook_endpoint' : type.slice(0, type.lastIndexOf('.')));
    expect(events.filter((event) => event.data.object.object !== expected(event.type))).toEqual([]);
  });

  it('answers withResponse() with the request id, the replay flag and the rate limit', async () => {
    const idempotencyKey = `sdk-meta-${newId('cus')}`;
    const first = await client.customers.create({ name: 'Meta' }, { idempotencyKey }).withResponse();
    expect(first).toMatchObject({ status: 201, idempotentReplayed: false, data: { object: 'customer', name: 'Meta' } });
    expect(first.requestId).toMatch(/^req_/);
    expect(first.headers.get('request-id')).toBe(first.requestId);
    expect(first.rateLimit).toEqual({ limit: 100000, remaining: expect.any(Number), reset: expect.any(Number) });
    expect(first.rateLimit!.remaining).toBeLessThan(100000);

    const replay = await client.customers.create({ name: 'Meta' }, { idempotencyKey }).withResponse();
    expect(replay).toMatchObject({ idempotentReplayed: true, data: first.data });
    expect(replay.requestId).not.toBe(first.requestId);

    const list = await client.customers.list({ limit: 1 }).withResponse();
    expect(list.data.data).toHaveLength(1);
    expect(list.requestId).toMatch(/^req_/);
    expect(await client.customers.retrieve(first.data.id).finally(() => undefined)).toEqual(first.data);
  });

  it('gives errors the response headers and the raw body', async () => {
    const error = (await rejection(client.customers.retrieve(newId('cus')))) as CheckoutResponseError;
    expect(error.headers.get('request-id')).toBe(error.requestId);
    expect(error.headers.get('ratelimit-limit')).toBe('100000');
    expect(JSON.parse(error.rawBody)).toEqual({ error: expect.objectContaining({ code: 'resource_missing', requestId: error.requestId }) });
  });

  it('reports every attempt to onRequest and onResponse, and cancels with a signal', async () => {
    const requests: HttpRequestInfo[] = [];
    const responses: HttpResponseInfo[] = [];
    const key = await createKey(testApp.app, { scopes: [...SCOPES] });
    const observed = new CheckoutClient({
      apiKey: key.secret,
      baseUrl,
      defaultHeaders: { 'X-Shop': 'north' },
      onRequest: (info) => requests.push(info),
      onResponse: (info) => responses.push(info),
    });
    const { requestId } = await observed.customers.list({ limit: 1 }).withResponse();
    expect(requests).toEqual([expect.objectContaining({ method: 'GET', url: `${baseUrl}/api/v1/customers?limit=1`, attempt: 1 })]);
    expect(requests[0]!.headers).toMatchObject({ 'x-shop': 'north', authorization: 'Bearer [redacted]' });
    expect(responses).toEqual([expect.objectContaining({ status: 200, requestId })]);

    const controller = new AbortController();
    const call = observed.customers.create({ name: 'Never' }, { signal: controller.signal });
    controller.abort();
    expect(await rejection(call)).toBeInstanceOf(UserAbortError);
  });

  it('walks every page with for await', async () => {
    const mine = [];
    for (let i = 0; i < 7; i++) mine.push((await client.customers.create({ name: `Paged ${i}` })).id);
    const first = await client.customers.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.hasMore).toBe(true);

    const seen: string[] = [];
    for await (const customer of client.customers.list({ limit: 2 })) seen.push(customer.id);
    // Other suites add customers of this mode too: every one of ours appears, newest first, once.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen).toEqual(expect.arrayContaining(mine));
    const next = await first.getNextPage();
    expect(next.data[0]!.id < first.data[1]!.id).toBe(true);
  });

  it('walks from endingBefore oldest first, in one order across pages; toArray needs a cap; no next page is a clear error', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await client.customers.create({ name: `Back ${i}` })).id);
    const anchor = mine[0]!;
    // Other suites add customers of this mode meanwhile: ours appear among them, in order.
    const after = (await client.customers.list({ limit: 2, endingBefore: anchor }).toArray({ limit: 50 })).map((c) => c.id);
    expect(after).toEqual([...after].sort());
    expect(after.filter((id) => mine.includes(id))).toEqual(mine.slice(1));
    const fromAnchor: string[] = [];
    for await (const customer of client.customers.list({ limit: 2, endingBefore: anchor })) fromAnchor.push(customer.id);
    expect(fromAnchor).toEqual([...fromAnchor].sort());
    expect(fromAnchor.filter((id) => mine.includes(id))).toEqual(mine.slice(1));

    let page = await client.customers.list({ limit: 2, endingBefore: mine[1] });
    expect(page.hasNextPage()).toBe(true);
    while (page.hasNextPage()) page = await page.getNextPage();
    expect(page.hasMore).toBe(false);
    const error = await rejection(page.getNextPage());
    expect(error).toBeInstanceOf(CheckoutError);
    expect((error as Error).message).toMatch(/No next page/);
    await expect(client.customers.list().toArray(undefined as unknown as { limit: number })).rejects.toThrow(/needs \{ limit \}/);
  });

  it('keeps iterating webhook endpoints across page boundaries while deleting each one', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await client.webhookEndpoints.create({ url: `http://localhost:9/sweep${i}`, enabledEvents: ['*'] })).id);
    const cursors: string[] = [];
    const sweeper = new CheckoutClient({
      apiKey: (await createKey(testApp.app, { scopes: ['webhooks:read', 'webhooks:write'] })).secret,
      baseUrl,
      onRequest: ({ method, url }) => {
        const cursor = new URL(url).searchParams.get('startingAfter');
        if (method === 'GET' && cursor) cursors.push(cursor);
      },
    });
    const deleted: string[] = [];
    // One a page: every endpoint listed is the cursor of the next page, after it was deleted.
    for await (const endpoint of sweeper.webhookEndpoints.list({ limit: 1 })) {
      if (!mine.includes(endpoint.id)) continue;
      await sweeper.webhookEndpoints.del(endpoint.id);
      deleted.push(endpoint.id);
      if (deleted.length === mine.length) break;
    }
    expect(deleted).toEqual([...mine].reverse());
    expect(cursors.filter((cursor) => mine.includes(cursor))).toEqual([...mine].reverse().slice(0, -1));
  });

  describe('errors, one class per type', () => {
    it('401: AuthenticationError for an unknown key', async () => {
      const stranger = new CheckoutClient({ apiKey: generateApiKey('test'), baseUrl });
      const error = await rejection(stranger.customers.list());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, type: 'authentication', code: 'invalid_api_key' });
      expect((error as CheckoutResponseError).requestId).toMatch(/^req_/);
    });

    it('403: PermissionError naming the missing scope, and for a live key on a test helper', async () => {
      const reader = await clientFor({ scopes: ['customers:read'] });
      const error = await rejection(reader.customers.create({ name: 'x' }));
      expect(error).toBeInstanceOf(PermissionError);
      expect(error).toMatchObject({ status: 403, code: 'insufficient_scope', requiredScope: 'customers:write' });

      const live = await clientFor({ mode: 'live', scopes: ['sessions:write'] });
      expect(await rejection(live.testHelpers.checkoutSessions.pay(newId('cs')))).toBeInstanceOf(PermissionError);
    });

    it('400: InvalidRequestError with the param at fault', async () => {
      const error = await rejection(client.customers.create({ email: 'not an address' }));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ status: 400, code: 'parameter_invalid', param: 'email' });
    });

    it('404: InvalidRequestError resource_missing', async () => {
      const error = await rejection(client.customers.retrieve(newId('cus')));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ status: 404, code: 'resource_missing', param: 'id' });
    });

    it('422: IdempotencyError when a key is reused for another request; the same request is replayed', async () => {
      const idempotencyKey = `sdk-${newId('cus')}`;
      const first = await client.customers.create({ name: 'Once' }, { idempotencyKey });
      expect(await client.customers.create({ name: 'Once' }, { idempotencyKey })).toEqual(first);
      const error = await rejection(client.customers.create({ name: 'Twice' }, { idempotencyKey }));
      expect(error).toBeInstanceOf(IdempotencyError);
      expect(error).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    });
  });

  describe('rate limits', () => {
    let limited: TestApp;
    let limitedUrl: string;

    beforeAll(async () => {
      limited = await createTestApp({ env: { RATE_LIMIT_TEST: '2' } });
      await limited.app.listen(0, '127.0.0.1');
      limitedUrl = `http://127.0.0.1:${(limited.app.getHttpServer().address() as AddressInfo).port}`;
    });
    afterAll(() => limited.close());

    const limitedClient = async (maxRetries: number) => {
      const key = await createKey(limited.app, { scopes: ['customers:read', 'customers:write'] });
      return new CheckoutClient({ apiKey: key.secret, baseUrl: limitedUrl, maxRetries });
    };

    it('429: RateLimitError with retryAfter when retries are off', async () => {
      const sdk = await limitedClient(0);
      // Sequential calls rather than a burst: a burst could straddle two one-second windows.
      let error: unknown;
      for (let i = 0; i < 10 && error === undefined; i++) error = await rejection(sdk.customers.list());
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryAfter: 1 });
    });

    it('waits out Retry-After and succeeds when retries are on, creating each object once', async () => {
      const sdk = await limitedClient(3);
      const created = await Promise.all([0, 1, 2, 3].map((i) => sdk.customers.create({ name: `Limited ${i}` })));
      expect(new Set(created.map((c) => c.id)).size).toBe(4);
    });
  });
});
