import { inspect } from 'node:util';
import { CheckoutClient } from './client.js';
import { AuthenticationError, CheckoutError, ConnectionError } from './errors.js';
import { envelope, ScriptedServer } from './testing/scripted-server.js';

const KEY = 'ck_live_SeCrEt0123456789abcdefghijklmn';
const baseUrl = 'https://pay.example.com';

function thrownBy(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('new CheckoutClient', () => {
  const saved = process.env.CHECKOUT_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHECKOUT_API_KEY;
    else process.env.CHECKOUT_API_KEY = saved;
  });

  it('takes a ck_test_ or ck_live_ key', () => {
    expect(new CheckoutClient({ apiKey: KEY, baseUrl })).toBeInstanceOf(CheckoutClient);
    expect(new CheckoutClient({ apiKey: 'ck_test_abc123', baseUrl })).toBeInstanceOf(CheckoutClient);
  });

  it('falls back to CHECKOUT_API_KEY', () => {
    process.env.CHECKOUT_API_KEY = KEY;
    expect(new CheckoutClient({ baseUrl })).toBeInstanceOf(CheckoutClient);
  });

  it('throws without a key', () => {
    delete process.env.CHECKOUT_API_KEY;
    const error = thrownBy(() => new CheckoutClient({ baseUrl }));
    expect(error).toBeInstanceOf(CheckoutError);
    expect(error.message).toContain('CHECKOUT_API_KEY');
  });

  it.each(['sk_test_abc', 'ck_prod_abc123', 'ck_test_$ecretpart', 'ck_test_abc 123', ` ${KEY}`, `${KEY}\n`, 'Bearer ck_test_abc'])(
    'refuses the malformed key %p without quoting it',
    (apiKey) => {
      const error = thrownBy(() => new CheckoutClient({ apiKey, baseUrl }));
      expect(error).toBeInstanceOf(CheckoutError);
      expect(`${error.message} ${inspect(error)}`).not.toContain(apiKey.trim());
    },
  );

  it('needs an absolute http(s) base URL', () => {
    expect(thrownBy(() => new CheckoutClient({ apiKey: KEY, baseUrl: 'pay.example.com' }))).toBeInstanceOf(CheckoutError);
    expect(thrownBy(() => new CheckoutClient({ apiKey: KEY, baseUrl: 'ftp://pay.example.com' }))).toBeInstanceOf(CheckoutError);
  });

  it('refuses a negative maxRetries and a zero or NaN timeout; takes Infinity for no timeout', () => {
    expect(thrownBy(() => new CheckoutClient({ apiKey: KEY, baseUrl, maxRetries: -1 }))).toBeInstanceOf(CheckoutError);
    expect(thrownBy(() => new CheckoutClient({ apiKey: KEY, baseUrl, timeout: 0 }))).toBeInstanceOf(CheckoutError);
    expect(thrownBy(() => new CheckoutClient({ apiKey: KEY, baseUrl, timeout: Number.NaN }))).toBeInstanceOf(CheckoutError);
    expect(new CheckoutClient({ apiKey: KEY, baseUrl, timeout: Infinity })).toBeInstanceOf(CheckoutClient);
  });
});

describe('the API key never shows', () => {
  const secretPart = KEY.slice('ck_live_'.length);
  const shown = (value: unknown) =>
    [String(value), JSON.stringify(value) ?? '', inspect(value, { depth: Infinity, showHidden: true, getters: true })].join('\n');

  it('in toString, JSON.stringify or util.inspect of the client and its resources, nor does the webhook secret', () => {
    const webhookSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const client = new CheckoutClient({ apiKey: KEY, baseUrl, webhookSecret, onRequest: () => undefined });
    for (const part of [client, client.customers, client.testHelpers, client.webhooks]) {
      expect(shown(part)).not.toContain(secretPart);
      expect(shown(part)).not.toContain(webhookSecret.slice('whsec_'.length));
    }
  });

  it('in the errors of a call', async () => {
    const server = new ScriptedServer().script(envelope(401, 'authentication', 'invalid_api_key'));
    const client = new CheckoutClient({ apiKey: KEY, baseUrl: await server.start(), maxRetries: 0 });
    try {
      const error = await client.customers.list().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(shown(error)).not.toContain(secretPart);
      expect(`${(error as Error).stack}`).not.toContain(secretPart);
    } finally {
      await server.stop();
    }
  });

  it('in a ConnectionError and its cause', async () => {
    const server = new ScriptedServer().script(envelope(200, 'api_error', 'unused'));
    const closedUrl = await server.start();
    await server.stop();
    const client = new CheckoutClient({ apiKey: KEY, baseUrl: closedUrl, maxRetries: 0 });
    const error = await client.customers.create({ name: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(shown(error)).not.toContain(secretPart);
  });
});
