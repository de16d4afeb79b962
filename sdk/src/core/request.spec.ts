import { CheckoutClient } from '../client.js';
import {
  APIError,
  AuthenticationError,
  CheckoutError,
  CheckoutResponseError,
  ConnectionError,
  IdempotencyError,
  InvalidRequestError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  UserAbortError,
} from '../errors.js';
import { after, envelope, hangUp, json, ScriptedServer, silence } from '../testing/scripted-server.js';
import { APIPromise } from './api-promise.js';
import type { HttpRequestInfo, HttpResponseInfo } from './hooks.js';
import { createRequestFn, RequestFn, TransportConfig } from './request.js';

const KEY = 'ck_test_0123456789abcdefghijklmnopqrstuv';
const customer = { id: 'cus_1', object: 'customer' };

describe('the request function: retries that are safe', () => {
  const server = new ScriptedServer();
  let baseUrl: string;
  let waits: number[];
  let request: RequestFn;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  const requestFn = (overrides: Partial<TransportConfig> = {}) =>
    createRequestFn({
      apiKey: KEY,
      baseUrl,
      maxRetries: 2,
      timeout: 2_000,
      fetch: globalThis.fetch,
      defaultHeaders: {},
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...overrides,
    });
  beforeEach(() => {
    waits = [];
    request = requestFn();
  });

  it('retries a POST after 503 and 500, sending the same Idempotency-Key every time', async () => {
    server.script(envelope(503, 'api_error', 'service_unavailable'), envelope(500, 'api_error', 'internal_error'), json(201, customer));

    await expect(request({ method: 'POST', path: '/api/v1/customers', body: { name: 'Ada' } })).resolves.toEqual(customer);

    expect(server.received).toHaveLength(3);
    const keys = server.received.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(server.received.every((r) => r.body === '{"name":"Ada"}')).toBe(true);
    expect(server.received[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('uses a new Idempotency-Key for each call, and the caller’s when given', async () => {
    server.script(json(200, customer));
    await request({ method: 'PATCH', path: '/api/v1/customers/cus_1', body: {} });
    await request({ method: 'DELETE', path: '/api/v1/webhook_endpoints/we_1' });
    await request({ method: 'POST', path: '/api/v1/customers', body: {}, options: { idempotencyKey: 'order-42' } });
    const keys = server.received.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toBe('order-42');
  });

  it('sends no Idempotency-Key on GET, and query parameters without undefined ones', async () => {
    server.script(json(200, customer));
    await request({ method: 'GET', path: '/api/v1/customers', query: { limit: 3, startingAfter: undefined } });
    expect(server.received[0]!.headers['idempotency-key']).toBeUndefined();
    expect(server.received[0]!.url).toBe('/api/v1/customers?limit=3');
  });

  it('waits exponentially longer without Retry-After, with jitter below the nominal delay', async () => {
    server.script(envelope(502, 'api_error', 'bad_gateway'), envelope(502, 'api_error', 'bad_gateway'), json(200, customer));
    await request({ method: 'GET', path: '/api/v1/customers/cus_1' });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(375);
    expect(waits[0]).toBeLessThanOrEqual(500);
    expect(waits[1]).toBeGreaterThanOrEqual(750);
    expect(waits[1]).toBeLessThanOrEqual(1000);
  });

  it('waits at least Retry-After on 429 and on 409 idempotency_request_in_progress', async () => {
    server.script(
      envelope(429, 'rate_limited', 'rate_limit_exceeded', { 'Retry-After': '3' }),
      envelope(409, 'idempotency', 'idempotency_request_in_progress', { 'Retry-After': '1' }),
      json(201, customer),
    );
    await request({ method: 'POST', path: '/api/v1/customers', body: {} });
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
    expect(waits[1]).toBeGreaterThanOrEqual(1000);
    expect(new Set(server.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('gives up after maxRetries with the typed error of the last answer', async () => {
    server.script(envelope(429, 'rate_limited', 'rate_limit_exceeded', { 'Retry-After': '1' }));
    const error = await request({ method: 'GET', path: '/api/v1/customers' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryAfter: 1, requestId: 'req_test' });
    expect(server.received).toHaveLength(3);
  });

  it('does not retry when Retry-After asks for more than a minute', async () => {
    server.script(envelope(429, 'rate_limited', 'rate_limit_exceeded', { 'Retry-After': '120' }));
    await expect(request({ method: 'GET', path: '/api/v1/customers' })).rejects.toBeInstanceOf(RateLimitError);
    expect(server.received).toHaveLength(1);
  });

  it.each([
    [400, 'invalid_request', 'parameter_invalid', InvalidRequestError],
    [409, 'invalid_request', 'state_conflict', InvalidRequestError],
    [422, 'idempotency', 'idempotency_key_reused', IdempotencyError],
  ])('does not retry %s %s', async (status, type, code, errorClass) => {
    server.script(envelope(status, type, code, {}, { param: 'amount' }), json(200, customer));
    const error = await request({ method: 'POST', path: '/api/v1/payment_links', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, type, code, param: 'amount', requestId: 'req_test' });
    expect(server.received).toHaveLength(1);
  });

  it('retries a dropped connection, then throws ConnectionError', async () => {
    server.script(hangUp, json(200, customer));
    await expect(request({ method: 'GET', path: '/api/v1/customers/cus_1' })).resolves.toEqual(customer);
    server.script(hangUp);
    await expect(request({ method: 'POST', path: '/api/v1/customers', body: {} })).rejects.toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(3);
    expect(new Set(server.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('throws TimeoutError when no answer comes within the timeout', async () => {
    server.script(silence);
    const error = await request({ method: 'GET', path: '/api/v1/customers', options: { timeout: 100, maxRetries: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(2);
  });

  it('waits a fractional Retry-After as seconds', async () => {
    server.script(envelope(503, 'api_error', 'service_unavailable', { 'Retry-After': '1.5' }), json(200, customer));
    await request({ method: 'GET', path: '/api/v1/customers/cus_1' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1500);
    expect(waits[0]).toBeLessThan(1600);
  });

  it('takes maxRetries per call, over the client’s', async () => {
    server.script(envelope(503, 'api_error', 'service_unavailable'));
    await expect(request({ method: 'GET', path: '/x', options: { maxRetries: 0 } })).rejects.toBeInstanceOf(APIError);
    expect(server.received).toHaveLength(1);
    server.script(envelope(503, 'api_error', 'service_unavailable'));
    await expect(request({ method: 'GET', path: '/x', options: { maxRetries: 4 } })).rejects.toBeInstanceOf(APIError);
    expect(server.received).toHaveLength(5);
  });

  it.each([
    [{ maxRetries: -1 }, /maxRetries/],
    [{ maxRetries: 1.5 }, /maxRetries/],
    [{ timeout: 0 }, /timeout/],
    [{ timeout: Number.NaN }, /timeout/],
  ])('refuses the call option %p before sending', async (options, message) => {
    server.script(json(200, customer));
    const error = await request({ method: 'GET', path: '/x', options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckoutError);
    expect((error as Error).message).toMatch(message);
    expect(server.received).toHaveLength(0);
  });

  it.each([Infinity, 2 ** 31, 2 ** 40])('waits for a slow answer with timeout %p (no 1 ms timer overflow)', async (timeout) => {
    server.script(after(150, json(200, customer)));
    await expect(request({ method: 'GET', path: '/x', options: { timeout, maxRetries: 0 } })).resolves.toEqual(customer);
  });

  it('maps an answer without an envelope by its status', async () => {
    server.script((response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const error = await request({ method: 'GET', path: '/x', options: { maxRetries: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 502, type: 'api_error', code: 'unexpected_response' });
    expect((error as CheckoutResponseError).rawBody).toBe('<html>Bad gateway</html>');
  });

  it('gives errors the response headers and the raw body', async () => {
    server.script(envelope(404, 'invalid_request', 'resource_missing', { 'X-Trace': 't-1' }, { param: 'id' }));
    const error = (await request({ method: 'GET', path: '/api/v1/customers/cus_x' }).catch((e: unknown) => e)) as CheckoutResponseError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.headers.get('x-trace')).toBe('t-1');
    expect(error.headers.get('request-id')).toBe('req_test');
    expect(JSON.parse(error.rawBody)).toEqual({
      error: { type: 'invalid_request', code: 'resource_missing', message: 'resource_missing happened', requestId: 'req_test', param: 'id' },
    });
  });

  it.each([
    [403, 'a_future_type', PermissionError, 'permission'],
    [409, 'constructor', InvalidRequestError, 'invalid_request'],
    [401, '__proto__', AuthenticationError, 'authentication'],
    [400, 'toString', InvalidRequestError, 'invalid_request'],
  ])('keeps code and message of a %s envelope whose type %p the SDK does not know, classed by status', async (status, type, errorClass, classType) => {
    server.script(envelope(status, type, 'brand_new_reason', {}, { param: 'name' }));
    const error = await request({ method: 'GET', path: '/x', options: { maxRetries: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, type: classType, code: 'brand_new_reason', message: 'brand_new_reason happened', param: 'name', requestId: 'req_test' });
  });

  it('returns an APIPromise whose withResponse() has the answer’s metadata', async () => {
    server.script(
      json(201, customer, {
        'Request-Id': 'req_meta',
        'Idempotent-Replayed': 'true',
        'RateLimit-Limit': '25',
        'RateLimit-Remaining': '7',
        'RateLimit-Reset': '1',
      }),
    );
    const promise = request<typeof customer>({ method: 'POST', path: '/api/v1/customers', body: {} });
    expect(promise).toBeInstanceOf(APIPromise);
    const result = await promise.withResponse();
    expect(result).toMatchObject({
      data: customer,
      requestId: 'req_meta',
      idempotentReplayed: true,
      rateLimit: { limit: 25, remaining: 7, reset: 1 },
      status: 201,
    });
    expect(result.headers.get('content-type')).toBe('application/json');
    expect(await promise).toEqual(customer);
    expect(server.received).toHaveLength(1);
  });
});

describe('the request function: headers, hooks and cancellation', () => {
  const server = new ScriptedServer();
  let baseUrl: string;
  const config = (overrides: Partial<TransportConfig> = {}): TransportConfig => ({
    apiKey: KEY,
    baseUrl,
    maxRetries: 2,
    timeout: 5_000,
    fetch: globalThis.fetch,
    defaultHeaders: {},
    sleep: async () => undefined,
    ...overrides,
  });

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  it('sends defaultHeaders and call headers, the call’s winning, and never lets them replace the SDK’s own', async () => {
    server.script(json(200, customer));
    const request = createRequestFn(
      config({ defaultHeaders: { 'X-Shop': 'north', 'X-Trace': 'default', 'User-Agent': 'my-app/1.0', Authorization: 'Bearer ck_test_other' } }),
    );
    await request({
      method: 'POST',
      path: '/api/v1/customers',
      body: {},
      options: { headers: { 'X-Trace': 'call', 'Idempotency-Key': 'ignored', 'Content-Type': 'text/plain' }, idempotencyKey: 'order-1' },
    });
    const { headers } = server.received[0]!;
    expect(headers).toMatchObject({
      'x-shop': 'north',
      'x-trace': 'call',
      'user-agent': 'my-app/1.0',
      authorization: `Bearer ${KEY}`,
      'idempotency-key': 'order-1',
      'content-type': 'application/json',
    });
  });

  it('calls onRequest and onResponse for every attempt, with the key redacted, and logs without it', async () => {
    server.script(envelope(503, 'api_error', 'service_unavailable'), json(201, customer, { 'Request-Id': 'req_ok' }));
    const requests: HttpRequestInfo[] = [];
    const responses: HttpResponseInfo[] = [];
    const logged: unknown[][] = [];
    const log = (...args: unknown[]) => logged.push(args);
    const request = createRequestFn(
      config({
        onRequest: (info) => requests.push(info),
        onResponse: (info) => responses.push(info),
        logger: { debug: log, info: log, warn: log, error: log },
      }),
    );
    await request({ method: 'POST', path: '/api/v1/customers', body: { name: 'Ada' } });

    expect(requests.map((r) => [r.method, r.url, r.attempt])).toEqual([
      ['POST', `${baseUrl}/api/v1/customers`, 1],
      ['POST', `${baseUrl}/api/v1/customers`, 2],
    ]);
    expect(requests[0]!.headers.authorization).toBe('Bearer [redacted]');
    expect(requests[0]!.headers['idempotency-key']).toBe(requests[1]!.headers['idempotency-key']);
    expect(responses.map((r) => [r.status, r.attempt, r.requestId])).toEqual([
      [503, 1, 'req_test'],
      [201, 2, 'req_ok'],
    ]);
    expect(responses.every((r) => r.durationMs >= 0 && r.headers instanceof Headers)).toBe(true);
    expect(logged.map(([message]) => message)).toEqual([
      'Checkout API request',
      'Checkout API response',
      'Retrying Checkout API request',
      'Checkout API request',
      'Checkout API response',
    ]);
    expect(JSON.stringify([requests, logged])).not.toContain(KEY.slice('ck_test_'.length));
  });

  it('fails the call when a hook throws', async () => {
    server.script(json(200, customer));
    const request = createRequestFn(
      config({
        onRequest: () => {
          throw new Error('hook failed');
        },
      }),
    );
    await expect(request({ method: 'GET', path: '/x' })).rejects.toThrow('hook failed');
    expect(server.received).toHaveLength(0);
  });

  it('does not send a call whose signal is already aborted', async () => {
    server.script(json(200, customer));
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const error = await createRequestFn(config())({ method: 'GET', path: '/x', options: { signal: controller.signal } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserAbortError);
    expect((error as Error).cause).toEqual(new Error('user left'));
    expect(server.received).toHaveLength(0);
  });

  it('cancels the attempt in flight, without retrying it', async () => {
    server.script(silence);
    const controller = new AbortController();
    const call = createRequestFn(config())({ method: 'POST', path: '/api/v1/customers', body: {}, options: { signal: controller.signal } });
    while (server.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserAbortError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(server.received).toHaveLength(1);
  });

  it('cancels the wait before a retry', async () => {
    server.script(envelope(503, 'api_error', 'service_unavailable', { 'Retry-After': '30' }));
    const controller = new AbortController();
    // The real sleep: the abort must cut a 30 s wait short.
    const request = createRequestFn(config({ sleep: undefined }));
    const call = request({ method: 'GET', path: '/x', options: { signal: controller.signal } });
    while (server.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toBeInstanceOf(UserAbortError);
    expect(server.received).toHaveLength(1);
  });
});

describe('CheckoutClient retries in real time', () => {
  const server = new ScriptedServer();
  afterAll(() => server.stop());

  it('waits the Retry-After seconds between attempts', async () => {
    const baseUrl = await server.start();
    server.script(envelope(429, 'rate_limited', 'rate_limit_exceeded', { 'Retry-After': '1' }), json(201, customer));
    const client = new CheckoutClient({ apiKey: KEY, baseUrl });

    await expect(client.customers.create({ name: 'Ada' })).resolves.toEqual(customer);

    const [first, second] = server.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });
});
