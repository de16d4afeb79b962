import { CheckoutClient } from './client.js';
import { WebhookVerificationError } from './errors.js';
import { verifyWebhook } from './webhooks.js';

// The Standard Webhooks specification's own test vector.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const timestamp = 1614265330;
const payload = '{"test": 2432232314}';
const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
const then = new Date(timestamp * 1000);

describe('webhook verification (Standard Webhooks)', () => {
  const webhooks = new CheckoutClient({ apiKey: 'ck_test_abc', baseUrl: 'http://localhost' }).webhooks;

  it('accepts the specification’s vector and returns the parsed body', () => {
    expect(webhooks.verify(payload, headers, secret, { now: then })).toEqual({ test: 2432232314 });
  });

  it('accepts a Buffer body, Headers, capitalised names, and any one of several signatures', () => {
    expect(verifyWebhook(Buffer.from(payload), new Headers(headers), secret, { now: then })).toEqual({ test: 2432232314 });
    const mixed = { 'Webhook-Id': id, 'Webhook-Timestamp': String(timestamp), 'Webhook-Signature': `v1,bm90IGl0 ${signature}` };
    expect(verifyWebhook(payload, mixed, secret, { now: then })).toEqual({ test: 2432232314 });
  });

  it.each([
    ['a changed body', '{"test": 2432232315}', headers, secret],
    ['another secret', payload, headers, 'whsec_' + Buffer.from('another key of some length').toString('base64')],
    ['another id', payload, { ...headers, 'webhook-id': 'msg_other' }, secret],
    ['another version', payload, { ...headers, 'webhook-signature': signature.replace('v1,', 'v2,') }, secret],
    ['a truncated signature', payload, { ...headers, 'webhook-signature': signature.slice(0, 20) }, secret],
    ['no signature header', payload, { 'webhook-id': id, 'webhook-timestamp': String(timestamp) }, secret],
    ['a non-numeric timestamp', payload, { ...headers, 'webhook-timestamp': 'yesterday' }, secret],
  ])('refuses %s', (_case, body, given, key) => {
    expect(() => verifyWebhook(body, given, key, { now: then })).toThrow(WebhookVerificationError);
  });

  it('refuses a timestamp more than five minutes away, either side', () => {
    const at = (seconds: number) => new Date((timestamp + seconds) * 1000);
    expect(() => verifyWebhook(payload, headers, secret, { now: at(301) })).toThrow(/too far/);
    expect(() => verifyWebhook(payload, headers, secret, { now: at(-301) })).toThrow(/too far/);
    expect(verifyWebhook(payload, headers, secret, { now: at(299) })).toBeDefined();
    expect(() => verifyWebhook(payload, headers, secret)).toThrow(WebhookVerificationError);
  });

  it('signs test deliveries that verify now', () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created' });
    expect(webhooks.verify(body, webhooks.generateTestHeaders(body, secret), secret)).toMatchObject({ id: 'evt_1' });
    expect(webhooks.generateTestHeaders(payload, secret, { id, timestamp })['webhook-signature']).toBe(signature);
  });
});
