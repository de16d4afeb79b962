import { conformanceProblems } from './support/openapi-conformance';

/** The checker every e2e suite runs its responses through must itself catch disagreements. */
describe('the openapi.yaml conformance check', () => {
  const customer = {
    id: 'cus_01h2xcejqtf2nbrexx3vqjhp41',
    object: 'customer',
    livemode: false,
    email: null,
    name: 'Ada',
    metadata: {},
    createdAt: '2026-11-26T06:00:00.000Z',
  };
  const headers = { 'request-id': 'req_01h2xcejqtf2nbrexx3vqjhp41' };

  it('accepts a response that matches its operation', () => {
    expect(conformanceProblems('GET', '/api/v1/customers/cus_01h2xcejqtf2nbrexx3vqjhp41', 200, headers, JSON.stringify(customer))).toEqual([]);
  });

  it('reports a body that does not match the schema', () => {
    const problems = conformanceProblems('GET', '/api/v1/customers/x', 200, headers, JSON.stringify({ ...customer, livemode: 'no' }));
    expect(problems).toEqual([expect.stringContaining('body does not match the schema')]);
  });

  it('reports a missing required header', () => {
    expect(conformanceProblems('GET', '/api/v1/customers/x', 200, {}, JSON.stringify(customer))).toEqual([
      expect.stringContaining('missing header request-id'),
    ]);
  });

  it('checks an undocumented error status against the envelope', () => {
    expect(conformanceProblems('GET', '/api/v1/customers/x', 418, headers, JSON.stringify({ teapot: true }))).toEqual([
      expect.stringContaining('body does not match the schema'),
    ]);
  });

  it('checks admin routes against openapi-admin.yaml', () => {
    expect(conformanceProblems('GET', '/admin/api_keys', 200, headers, JSON.stringify({ object: 'list', data: 'no' }))).toEqual([
      expect.stringContaining('body does not match the schema'),
    ]);
  });

  it('leaves routes the spec does not describe (test probes) alone', () => {
    expect(conformanceProblems('GET', '/test-probe/crash', 500, {}, '{}')).toEqual([]);
  });
});
