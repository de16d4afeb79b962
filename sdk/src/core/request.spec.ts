import { CheckoutClient } from '../client.js';
import { APIError, ConnectionError, IdempotencyError, InvalidRequestError, RateLimitError, TimeoutError } from '../errors.js';
import { envelope, hangUp, json, ScriptedServer, silence } from '../testing/scripted-server.js';
import { createRequestFn, RequestFn } from './request.js';

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
  beforeEach(() => {
    waits = [];
    request = createRequestFn({
      apiKey: KEY,
      baseUrl,
      maxRetries: 2,
      timeout: 2_000,
      fetch: globalThis.fetch,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
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

  it('maps an answer without an envelope by its status', async () => {
    server.script((response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const error = await request({ method: 'GET', path: '/x', options: { maxRetries: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 502, type: 'api_error', code: 'unexpected_response' });
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
