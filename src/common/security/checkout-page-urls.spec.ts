import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { newId } from '../ids/type-id';
import { CheckoutPageUrls } from './checkout-page-urls';
import { ServerSecretKey } from './server-secret-key';

const config = { publicBaseUrl: 'https://pay.example.com' } as AppConfig;

describe('CheckoutPageUrls', () => {
  const serverKey = new ServerSecretKey(randomBytes(32));
  const urls = new CheckoutPageUrls(serverKey, config);
  const id = newId('cs');

  it('gives each session a stable URL whose secret is 43 base64url characters, different per session and per server key', () => {
    const url = urls.url(id);
    expect(url).toMatch(new RegExp(`^https://pay\\.example\\.com/checkout/${id}\\?s=[A-Za-z0-9_-]{43}$`));
    expect(urls.url(id)).toBe(url);
    expect(urls.secretOf(newId('cs'))).not.toBe(urls.secretOf(id));
    expect(new CheckoutPageUrls(new ServerSecretKey(randomBytes(32)), config).secretOf(id)).not.toBe(urls.secretOf(id));
    // Not the HMAC under the server key itself: the page key is derived for this purpose alone.
    expect(new CheckoutPageUrls(new ServerSecretKey(serverKey.derive('another purpose')), config).secretOf(id)).not.toBe(urls.secretOf(id));
  });

  it("accepts the session's own secret only", () => {
    const secret = urls.secretOf(id);
    expect(urls.matches(id, secret)).toBe(true);
    expect(urls.matches(newId('cs'), secret)).toBe(false);
    expect(urls.matches(id, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    for (const wrong of [undefined, '', secret.slice(1), `${secret}A`, ['x'], 42]) expect(urls.matches(id, wrong)).toBe(false);
  });

  it('stores session URLs without the secret and signs them again for output, wherever sessions appear', () => {
    const other = newId('cs');
    const value = {
      object: 'event',
      data: { object: { id, object: 'checkout_session', url: urls.url(id), metadata: { note: urls.url(other) } } },
      list: [{ id: other, object: 'checkout_session', url: urls.url(other), createdAt: new Date(0) }],
    };
    const stored = urls.forStorage(value);
    expect(stored.data.object.url).toBe(`https://pay.example.com/checkout/${id}`);
    expect(stored.list[0]).toEqual({ id: other, object: 'checkout_session', url: `https://pay.example.com/checkout/${other}`, createdAt: '1970-01-01T00:00:00.000Z' });
    // Only a session's own `url` field is rewritten: a string elsewhere is left as it is.
    expect(stored.data.object.metadata.note).toBe(urls.url(other));
    expect(JSON.stringify(urls.forStorage({ object: 'customer', id, url: urls.url(id) }))).toContain(urls.secretOf(id));
    const output = urls.forOutput(stored);
    expect(output.data.object.url).toBe(urls.url(id));
    expect(output.list[0].url).toBe(urls.url(other));
    expect(urls.forStorage(undefined)).toBeUndefined();
  });
});
