import { Webhook } from 'standardwebhooks';
import { CheckoutClient } from './client.js';
import { CheckoutError, WebhookVerificationError } from './errors.js';
import { Webhooks } from './webhooks.js';

// The Standard Webhooks specification's own test vector.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const timestamp = 1614265330;
const payload = '{"test": 2432232314}';
const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
const then = new Date(timestamp * 1000);
const at = { secret, now: then };

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error);

describe('webhook verification (Standard Webhooks, on WebCrypto)', () => {
  const webhooks = new Webhooks();

  it('accepts the specification’s vector: unwrap returns the parsed body, verify resolves', async () => {
    expect(await webhooks.unwrap(payload, headers, at)).toEqual({ test: 2432232314 });
    await expect(webhooks.verify(payload, headers, at)).resolves.toBeUndefined();
  });

  it('accepts the body as a Buffer, a Uint8Array or an ArrayBuffer; headers as Headers or any-case names; any one of several signatures', async () => {
    const bytes = new TextEncoder().encode(payload);
    for (const body of [Buffer.from(payload), bytes, bytes.buffer as ArrayBuffer, new Uint8Array([0, ...bytes]).subarray(1)]) {
      expect(await webhooks.unwrap(body, new Headers(headers), at)).toEqual({ test: 2432232314 });
    }
    const mixed = { 'Webhook-Id': id, 'Webhook-Timestamp': String(timestamp), 'Webhook-Signature': `v1,bm90IGl0 v1a,xyz ${signature}` };
    expect(await webhooks.unwrap(payload, mixed, at)).toEqual({ test: 2432232314 });
    expect(await webhooks.unwrap(payload, { ...headers, 'webhook-id': [id, 'msg_other'] }, at)).toEqual({ test: 2432232314 });
  });

  it.each([
    ['a changed body', '{"test": 2432232315}', headers, secret],
    ['another secret', payload, headers, 'whsec_' + btoa('another key of some length, 24+ bytes')],
    ['another id', payload, { ...headers, 'webhook-id': 'msg_other' }, secret],
    ['another version', payload, { ...headers, 'webhook-signature': signature.replace('v1,', 'v2,') }, secret],
    ['a truncated signature', payload, { ...headers, 'webhook-signature': signature.slice(0, 20) }, secret],
    ['a signature that is not base64', payload, { ...headers, 'webhook-signature': 'v1,!!!!' }, secret],
    ['a non-numeric timestamp', payload, { ...headers, 'webhook-timestamp': 'yesterday' }, secret],
  ])('refuses %s', async (_case, body, given, key) => {
    expect(await rejection(webhooks.unwrap(body, given, { secret: key, now: then }))).toBeInstanceOf(WebhookVerificationError);
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('names the missing header %s', async (name) => {
    const given: Record<string, string> = { ...headers };
    delete given[name];
    const error = await rejection(webhooks.unwrap(payload, given, at));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error!.message).toContain(`Missing the ${name} header`);
  });

  it.each([
    ['a parsed object', JSON.parse(payload)],
    ['an array', [1, 2]],
    ['nothing', undefined],
    ['a number', 42],
  ])('asks for the raw body when given %s', async (_case, parsed) => {
    const error = await rejection(webhooks.unwrap(parsed as string, headers, at));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error!.message).toMatch(/pass the raw request body/);
  });

  it('refuses a timestamp more than five minutes away, either side, saying so', async () => {
    const near = (seconds: number) => ({ secret, now: new Date((timestamp + seconds) * 1000) });
    expect((await rejection(webhooks.unwrap(payload, headers, near(301))))!.message).toMatch(/301 s from now, more than the 300 s allowed/);
    expect(await rejection(webhooks.unwrap(payload, headers, near(-301)))).toBeInstanceOf(WebhookVerificationError);
    expect(await webhooks.unwrap(payload, headers, near(299))).toBeDefined();
    expect(await webhooks.unwrap(payload, headers, { ...near(1000), tolerance: 1000 })).toBeDefined();
    expect(await rejection(webhooks.unwrap(payload, headers, { secret }))).toBeInstanceOf(WebhookVerificationError);
  });

  it.each([
    ['no whsec_ prefix', secret.slice('whsec_'.length)],
    ['fewer than 24 bytes', 'whsec_' + btoa('twenty-three bytes long')],
    ['not base64', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!'],
    ['truncated', secret.slice(0, -3)],
  ])('refuses a secret with %s, without quoting it', async (_case, bad) => {
    const error = await rejection(webhooks.unwrap(payload, headers, { secret: bad, now: then }));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error!.message).toMatch(/not a whsec_… value of at least 24 bytes/);
    expect(error!.message).not.toContain(bad.slice(6, 20));
  });

  it('needs a secret from somewhere: a configuration error, not a verification failure', async () => {
    const saved = process.env.CHECKOUT_WEBHOOK_SECRET;
    delete process.env.CHECKOUT_WEBHOOK_SECRET;
    try {
      const error = await rejection(new Webhooks().unwrap(payload, headers, { now: then }));
      expect(error).toBeInstanceOf(CheckoutError);
      expect(error).not.toBeInstanceOf(WebhookVerificationError);
      expect(error!.message).toContain('CHECKOUT_WEBHOOK_SECRET');
    } finally {
      if (saved !== undefined) process.env.CHECKOUT_WEBHOOK_SECRET = saved;
    }
  });

  it('takes the secret from the client’s webhookSecret, else from CHECKOUT_WEBHOOK_SECRET; a call’s secret wins', async () => {
    const options = { apiKey: 'ck_test_abc', baseUrl: 'http://localhost' };
    const other = 'whsec_' + btoa('a different secret of 24+ bytes');
    expect(await new CheckoutClient({ ...options, webhookSecret: secret }).webhooks.unwrap(payload, headers, { now: then })).toEqual({ test: 2432232314 });
    const saved = process.env.CHECKOUT_WEBHOOK_SECRET;
    process.env.CHECKOUT_WEBHOOK_SECRET = secret;
    try {
      const fromEnv = new CheckoutClient(options).webhooks;
      expect(await fromEnv.unwrap(payload, headers, { now: then })).toEqual({ test: 2432232314 });
      expect(await rejection(fromEnv.unwrap(payload, headers, { now: then, secret: other }))).toBeInstanceOf(WebhookVerificationError);
      expect(await rejection(new CheckoutClient({ ...options, webhookSecret: other }).webhooks.verify(payload, headers, { now: then }))).toBeInstanceOf(
        WebhookVerificationError,
      );
    } finally {
      if (saved === undefined) delete process.env.CHECKOUT_WEBHOOK_SECRET;
      else process.env.CHECKOUT_WEBHOOK_SECRET = saved;
    }
  });

  it('signs test deliveries that verify now, byte for byte as the specification does', async () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created' });
    const signed = await webhooks.generateTestHeaders(body, { secret });
    expect(await webhooks.unwrap(body, signed, { secret })).toMatchObject({ id: 'evt_1', type: 'customer.created' });
    expect((await webhooks.generateTestHeaders(payload, { secret, id, timestamp }))['webhook-signature']).toBe(signature);
  });

  it('agrees with the standardwebhooks package both ways, on a body that is not ASCII', async () => {
    const body = JSON.stringify({ id: 'evt_2', object: 'event', type: 'customer.updated', data: { object: { name: 'Zoë 🧾' } } });
    const reference = new Webhook(secret);
    const now = new Date();
    const theirs = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': reference.sign('msg_1', now, body) };
    expect(await webhooks.unwrap(body, theirs, { secret })).toMatchObject({ id: 'evt_2' });
    expect(await webhooks.unwrap(Buffer.from(body), theirs, { secret })).toMatchObject({ id: 'evt_2' });
    const ours = await webhooks.generateTestHeaders(body, { secret });
    expect(reference.verify(body, ours)).toMatchObject({ id: 'evt_2' });
  });
});

describe('the webhook code path without Node’s crypto module', () => {
  it('loads and verifies with node:crypto and crypto made unavailable', async () => {
    const unavailable = () => {
      throw new Error('Node’s crypto module is not available in this runtime');
    };
    jest.resetModules();
    jest.doMock('node:crypto', unavailable);
    jest.doMock('crypto', unavailable);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated = require('./webhooks.js') as typeof import('./webhooks.js');
      const webhooksOnly = new isolated.Webhooks({ secret });
      expect(await webhooksOnly.unwrap(payload, headers, { now: then })).toEqual({ test: 2432232314 });
      const signed = await webhooksOnly.generateTestHeaders(payload);
      await expect(webhooksOnly.verify(payload, signed)).resolves.toBeUndefined();
    } finally {
      jest.dontMock('node:crypto');
      jest.dontMock('crypto');
    }
  });
});
