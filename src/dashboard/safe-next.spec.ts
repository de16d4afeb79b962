import { DASHBOARD_HOME, safeNext, signInUrl } from './safe-next';

describe('safeNext', () => {
  it.each(['/dashboard/api-keys', '/dashboard/api-keys/new', '/dashboard/api-keys/key_01/roll?x=1'])('keeps the dashboard path %s', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it.each([
    undefined,
    ['/dashboard/api-keys'],
    'https://evil.example/dashboard/api-keys',
    '//evil.example/dashboard/api-keys',
    '/\\evil.example/dashboard',
    '\\\\evil.example',
    '/dashboard/../admin/api_keys',
    '/dashboard/%2e%2e/admin',
    'javascript:alert(1)',
    '/api/v1/api_key',
    '/dashboardx',
    '/dashboard',
    '/dashboard/assets/copy.js',
    '/dashboard/\u0000',
    ' /dashboard/api-keys',
  ])('replaces %p with the home page', (next) => {
    expect(safeNext(next)).toBe(DASHBOARD_HOME);
  });

  it('builds sign-in URLs that come back to the page', () => {
    expect(signInUrl('/dashboard/api-keys/new')).toBe('/dashboard?next=%2Fdashboard%2Fapi-keys%2Fnew');
    expect(signInUrl('/dashboard/api-keys')).toBe('/dashboard');
  });
});
