import request from 'supertest';
import { BODY_LIMIT_BYTES } from '../src/common/http/body-limit';
import { LEAKY_MESSAGE, ProbeController } from './support/probe.controller';
import { createTestApp, TestApp } from './support/test-app';
import { expectEnvelope, REQUEST_ID } from './support/envelope';

describe('the error envelope (DESIGN.md §5)', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await createTestApp({ controllers: [ProbeController] });
    http = request(testApp.app.getHttpServer());
  });
  afterAll(() => testApp.close());

  it('gives every response, success or error, a distinct TypeID request id', async () => {
    const [ok, missing] = await Promise.all([http.get('/healthz'), http.get('/no-such-page')]);
    expect(ok.headers['request-id']).toMatch(REQUEST_ID);
    expect(missing.headers['request-id']).toMatch(REQUEST_ID);
    expect(ok.headers['request-id']).not.toBe(missing.headers['request-id']);
  });

  it('answers unknown routes with 404 route_not_found', async () => {
    const response = await http.get('/no-such-page');
    expectEnvelope(response, 404, 'invalid_request', 'route_not_found');
    expect(response.body.error.message).toContain('GET: /no-such-page');
  });

  it('does not echo a key found in an unknown URL', async () => {
    const response = await http.delete(`/files/ck_live_${'Z'.repeat(32)}`);
    expectEnvelope(response, 404, 'invalid_request', 'route_not_found');
    expect(JSON.stringify(response.body)).not.toContain('Z'.repeat(32));
  });

  it('answers a path that cannot be decoded with a 400 that still carries the request id', async () => {
    const response = await http.get('/test-probe/customers/%E0%A4%A');
    expectEnvelope(response, 400, 'invalid_request', 'parameter_invalid');
  });

  it('answers malformed JSON with 400 body_malformed', async () => {
    const response = await http.post('/test-probe/echo').set('Content-Type', 'application/json').send('{"email": ');
    expectEnvelope(response, 400, 'invalid_request', 'body_malformed');
  });

  it('refuses a JSON body that is not an object', async () => {
    const response = await http.post('/test-probe/echo').set('Content-Type', 'application/json').send('[1, 2]');
    expectEnvelope(response, 400, 'invalid_request', 'body_malformed');
  });

  it('answers bodies over 256 KB with 413 body_too_large', async () => {
    const big = JSON.stringify({ email: 'a@example.com', metadata: { blob: 'x'.repeat(BODY_LIMIT_BYTES) } });
    const response = await http.post('/test-probe/echo').set('Content-Type', 'application/json').send(big);
    expectEnvelope(response, 413, 'invalid_request', 'body_too_large');
  });

  it('accepts a body just under the limit', async () => {
    const response = await http.post('/test-probe/echo').send({ email: 'a@example.com', lines: [{ amount: '1', label: 'x' }] });
    expect(response.status).toBe(201);
  });

  it('refuses bodies that are not JSON with 415', async () => {
    const response = await http.post('/test-probe/echo').set('Content-Type', 'application/x-www-form-urlencoded').send('email=a@example.com');
    expectEnvelope(response, 415, 'invalid_request', 'content_type_unsupported');
  });

  it.each([
    ['a missing required field', 'parameter_missing', 'email', {}],
    ['an invalid field', 'parameter_invalid', 'email', { email: 'not-an-email' }],
    ['an unknown field', 'parameter_unknown', 'colour', { email: 'a@example.com', colour: 'red' }],
    ['an unknown nested field', 'parameter_unknown', 'address.zip', { email: 'a@example.com', address: { city: 'Oslo', zip: '1' } }],
    ['a missing nested field', 'parameter_missing', 'address.city', { email: 'a@example.com', address: {} }],
    ['an invalid array item', 'parameter_invalid', 'lines[1].amount', { email: 'a@example.com', lines: [{ amount: '1' }, { amount: '1e5' }] }],
    ['an amount with too many decimals', 'parameter_invalid', 'lines[0].amount', { email: 'a@example.com', lines: [{ amount: '1.1234567' }] }],
    ['an amount sent as a number', 'parameter_invalid', 'lines[0].amount', { email: 'a@example.com', lines: [{ amount: 12.5 }] }],
    ['metadata with a non-string value', 'parameter_invalid', 'metadata', { email: 'a@example.com', metadata: { plan: 3 } }],
  ])('answers %s with 400 %s naming %s', async (_case, code, param, body) => {
    const response = await http.post('/test-probe/echo').send(body);
    expectEnvelope(response, 400, 'invalid_request', code, param);
  });

  it('validates and transforms query parameters', async () => {
    expect((await http.get('/test-probe/list')).body).toEqual({ limit: 10 });
    expect((await http.get('/test-probe/list?limit=100&startingAfter=cus_x')).body).toEqual({ limit: 100, startingAfter: 'cus_x' });
    expectEnvelope(await http.get('/test-probe/list?limit=0'), 400, 'invalid_request', 'parameter_invalid', 'limit');
    expectEnvelope(await http.get('/test-probe/list?limit=101'), 400, 'invalid_request', 'parameter_invalid', 'limit');
    expectEnvelope(await http.get('/test-probe/list?limit=ten'), 400, 'invalid_request', 'parameter_invalid', 'limit');
    expectEnvelope(await http.get('/test-probe/list?page=2'), 400, 'invalid_request', 'parameter_unknown', 'page');
  });

  it('answers a malformed path id with 404 resource_missing, never a 500', async () => {
    for (const id of ['nope', 'cus_', 'cus_0000', 'plink_01h2xcejqtf2nbrexx3vqjhp41', `cus_${'z'.repeat(26)}`, 'cus_01H2XCEJQTF2NBREXX3VQJHP41']) {
      const response = await http.get(`/test-probe/customers/${encodeURIComponent(id)}`);
      expectEnvelope(response, 404, 'invalid_request', 'resource_missing', 'id');
    }
    const valid = 'cus_01h2xcejqtf2nbrexx3vqjhp41';
    expect((await http.get(`/test-probe/customers/${valid}`)).body).toEqual({ id: valid });
  });

  it('maps Nest HttpExceptions onto the envelope', async () => {
    const response = await http.get('/test-probe/forbidden');
    expectEnvelope(response, 403, 'permission', 'forbidden');
    expect(response.body.error.message).toBe('Probes may not pass.');
  });

  it('passes typed ApiErrors through unchanged', async () => {
    const response = await http.get('/test-probe/conflict');
    expectEnvelope(response, 409, 'invalid_request', 'state_conflict');
    expect(response.body.error.message).toBe('The probe is already complete.');
  });

  it('answers an unexpected error with a bare 500 and logs its stack with the request id', async () => {
    const response = await http.get('/test-probe/crash');
    expectEnvelope(response, 500, 'api_error', 'internal_error');
    const body = JSON.stringify(response.body);
    for (const internal of ['secret_table', 'SELECT', 'ck_live_', 'stack', '.ts:']) expect(body).not.toContain(internal);

    const lines = testApp.logs.forRequest(response.headers['request-id']);
    const logged = lines.find((line) => (line.err as { stack?: string } | undefined)?.stack);
    expect(logged).toBeDefined();
    const err = logged!.err as { message: string; stack: string };
    expect(err.stack).toContain('probe.controller');
    expect(err.message).toContain('secret_table');
    expect(JSON.stringify(logged)).not.toContain('A'.repeat(32));
    expect(LEAKY_MESSAGE).toContain('ck_live_');
  });
});
