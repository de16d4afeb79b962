import { mayAddressPublicApi } from './public-api-path';

describe('mayAddressPublicApi', () => {
  it.each([
    '/api/v1',
    '/api/v1/customers',
    '/API/V1/customers',
    '/Api/v1/customers?limit=1',
    '//api/v1/customers',
    '/api//v1/customers',
    '/api/v1%2Fcustomers',
    '/%61pi/v1/customers',
    '/api;x=1/v1/customers',
    '/api/v1/../v1/customers',
    '/api/v1/%2e%2e/v1/customers',
    '/x/../api/v1/customers',
    '/api\\v1/customers',
    'http://example.com/api/v1/customers',
    '/api/v1/%zz',
  ])('%s: yes', (target) => expect(mayAddressPublicApi(target)).toBe(true));

  it.each(['/', '/healthz', '/admin/api_keys', '/dashboard', '/docs/openapi.json', '/api/v10', '/api', '/api/v1/../../admin', '/apiv1'])('%s: no', (target) =>
    expect(mayAddressPublicApi(target)).toBe(false),
  );
});
