import request from 'supertest';
import { ProbeController } from './support/probe.controller';
import { createTestApp, TestApp } from './support/test-app';

const LIVE_KEY = `ck_live_${'L'.repeat(32)}`;
const TEST_KEY = `ck_test_${'T'.repeat(32)}`;
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('structured request logs', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await createTestApp({ controllers: [ProbeController] });
    http = request(testApp.app.getHttpServer());
  });
  afterAll(() => testApp.close());

  it('writes JSON lines that all carry the request id of their request', async () => {
    const response = await http.get('/test-probe/log?text=hello').expect(200);
    const requestId = response.headers['request-id'];
    const lines = testApp.logs.forRequest(requestId);
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['probe says hello', 'request completed']));
    // Every line the request produced, not just some, names it.
    const mentioning = testApp.logs.raw.filter((line) => line.includes('probe says hello') || line.includes(requestId));
    expect(mentioning.length).toBe(lines.length);
  });

  it('redacts the Authorization and Cookie headers', async () => {
    const response = await http
      .get('/healthz')
      .set('Authorization', 'Bearer some-opaque-token-123')
      .set('Cookie', 'session=opaque-session-456')
      .expect(200);
    const [completed] = testApp.logs.forRequest(response.headers['request-id']);
    const headers = (completed.req as { headers: Record<string, string> }).headers;
    expect(headers.authorization).toBe('[REDACTED]');
    expect(headers.cookie).toBe('[REDACTED]');
    const all = testApp.logs.raw.join('\n');
    expect(all).not.toContain('some-opaque-token-123');
    expect(all).not.toContain('opaque-session-456');
  });

  it('redacts anything shaped like an API key or webhook secret, wherever it appears', async () => {
    await http.get(`/test-probe/log?text=${LIVE_KEY}`).expect(200);
    await http.get(`/test-probe/log?text=${TEST_KEY}`).set('X-Debug', WEBHOOK_SECRET).expect(200);
    await http.get('/api/v1/api_key').set('Authorization', `Bearer ${LIVE_KEY}`).expect(401);
    await http.get(`/files/${LIVE_KEY}`).expect(404);
    const all = testApp.logs.raw.join('\n');
    for (const secret of [LIVE_KEY, TEST_KEY, WEBHOOK_SECRET]) expect(all).not.toContain(secret);
    expect(all).toContain('ck_live_[REDACTED]');
    expect(all).toContain('ck_test_[REDACTED]');
    expect(all).toContain('whsec_[REDACTED]');
  });
});
