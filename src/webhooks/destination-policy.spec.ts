import type { Mode } from '../common/auth/scopes';
import { loadConfig } from '../config/app-config';
import { DestinationPolicy, DestinationRefused, isForbiddenAddress, MAX_URL_LENGTH } from './destination-policy';
import { HostResolver } from './host-resolver';

const DEFAULTS = loadConfig({});

// Refused in live mode for the address they point to (rather than for their scheme or form).
const NON_PUBLIC: [string, string][] = [
  ['loopback', 'https://127.0.0.1/hooks'],
  ['loopback in decimal', 'https://2130706433/hooks'],
  ['loopback in hex shorthand', 'https://0x7f.1/hooks'],
  ['loopback in octal', 'https://0177.0.0.1/hooks'],
  ['loopback in short form', 'https://127.1/hooks'],
  ['private 10/8', 'https://10.1.2.3/hooks'],
  ['private 172.16/12', 'https://172.16.0.5/hooks'],
  ['private 192.168/16', 'https://192.168.1.10/hooks'],
  ['CGNAT 100.64/10', 'https://100.64.0.1/hooks'],
  ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
  ['link-local IPv4', 'https://169.254.1.1/hooks'],
  ['the unspecified IPv4 address', 'https://0.0.0.0/hooks'],
  ['IPv4 broadcast', 'https://255.255.255.255/hooks'],
  ['IPv4 multicast', 'https://224.0.0.1/hooks'],
  ['IPv6 loopback', 'https://[::1]/hooks'],
  ['the unspecified IPv6 address', 'https://[::]/hooks'],
  ['IPv4-mapped loopback, dotted', 'https://[::ffff:127.0.0.1]/hooks'],
  ['IPv4-mapped loopback, hex', 'https://[::ffff:7f00:1]/hooks'],
  ['IPv4-mapped metadata address', 'https://[::ffff:169.254.169.254]/hooks'],
  ['IPv4-compatible loopback', 'https://[::127.0.0.1]/hooks'],
  ['NAT64 of loopback', 'https://[64:ff9b::7f00:1]/hooks'],
  ['6to4 of loopback', 'https://[2002:7f00:1::1]/hooks'],
  ['IPv6 unique local', 'https://[fd00::1]/hooks'],
  ['the AWS IPv6 metadata address', 'https://[fd00:ec2::254]/hooks'],
  ['IPv6 link-local', 'https://[fe80::1]/hooks'],
  ['IPv6 multicast', 'https://[ff02::1]/hooks'],
  ['a host name that resolves to loopback', 'https://localhost/hooks'],
  ['a host name with a trailing dot that resolves to loopback', 'https://localhost./hooks'],
  ['a host name that does not resolve', 'https://no-such-host.invalid/hooks'],
];

describe('DestinationPolicy', () => {
  const policy = new DestinationPolicy(new HostResolver(), DEFAULTS);
  const refusal = (mode: Mode, url: string) => policy.check(mode, url).then(() => undefined, (error: unknown) => error);

  it.each([
    ...NON_PUBLIC,
    ['plain http', 'http://93.184.216.34/hooks'],
    ['ftp', 'ftp://93.184.216.34/hooks'],
    ['credentials', 'https://user:pass@93.184.216.34/hooks'],
    ['a user name alone', 'https://user@93.184.216.34/hooks'],
    ['something that is not a URL', 'not a url'],
    ['a relative URL', '/hooks'],
    ['a URL over the length limit', `https://93.184.216.34/${'a'.repeat(MAX_URL_LENGTH)}`],
  ])('refuses %s in live mode: %s', async (_case, url) => {
    expect(await refusal('live', url)).toBeInstanceOf(DestinationRefused);
  });

  it.each([
    ['a public IPv4 address', 'https://93.184.216.34/hooks'],
    ['a public IPv6 address', 'https://[2606:4700:4700::1111]/hooks'],
    ['a public address with a port, query and path', 'https://8.8.8.8:8443/a/b?c=d'],
  ])('accepts %s in live mode: %s', async (_case, url) => {
    await expect(policy.check('live', url)).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['localhost over http', 'http://localhost:3000/hooks'],
    ['loopback over http', 'http://127.0.0.1:4242/hooks'],
    ['a private address', 'http://192.168.1.10/hooks'],
    ['IPv6 loopback', 'http://[::1]:8080/hooks'],
    ['a public address over https', 'https://93.184.216.34/hooks'],
  ])('accepts %s in test mode: %s', async (_case, url) => {
    await expect(policy.check('test', url)).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['ftp', 'ftp://localhost/hooks'],
    ['javascript', 'javascript:alert(1)'],
    ['credentials', 'http://user:pass@localhost/hooks'],
    ['something that is not a URL', 'localhost 3000'],
    ['a URL over the length limit', `http://localhost/${'a'.repeat(MAX_URL_LENGTH)}`],
  ])('refuses %s in test mode too: %s', async (_case, url) => {
    expect(await refusal('test', url)).toBeInstanceOf(DestinationRefused);
  });

  it('accepts a URL of exactly the length limit', async () => {
    const prefix = 'https://93.184.216.34/';
    await expect(policy.check('live', prefix + 'a'.repeat(MAX_URL_LENGTH - prefix.length))).resolves.toBeInstanceOf(URL);
  });

  it('returns the URL normalised, with the IPv4 form it will be sent to', async () => {
    expect((await policy.check('test', 'http://2130706433:3000/hooks')).href).toBe('http://127.0.0.1:3000/hooks');
  });

  it('refuses a host name when any one of its addresses is forbidden', async () => {
    const mixed = new DestinationPolicy({ resolve: async () => ['93.184.216.34', '10.0.0.1'] }, DEFAULTS);
    expect(await mixed.check('live', 'https://hooks.example.com/x').catch((error: unknown) => error)).toBeInstanceOf(DestinationRefused);
    const publicOnly = new DestinationPolicy({ resolve: async () => ['93.184.216.34', '2606:4700:4700::1111'] }, DEFAULTS);
    await expect(publicOnly.check('live', 'https://hooks.example.com/x')).resolves.toBeInstanceOf(URL);
  });
});

describe('DestinationPolicy with WEBHOOK_TEST_PRIVATE_DESTINATIONS=false', () => {
  const strict = new DestinationPolicy(new HostResolver(), loadConfig({ WEBHOOK_TEST_PRIVATE_DESTINATIONS: 'false' }));

  it.each(NON_PUBLIC.map(([name, url]) => [name, url.replace(/^https:/, 'http:')]))('refuses %s in test mode too: %s', async (_case, url) => {
    expect(await strict.check('test', url).catch((error: unknown) => error)).toBeInstanceOf(DestinationRefused);
  });

  it('still takes plain http to a public address in test mode, and pins the address it checked', async () => {
    const url = await strict.check('test', 'http://93.184.216.34:8080/hooks');
    expect(await strict.deliveryAddress('test', url)).toBe('93.184.216.34');
  });

  it('leaves live mode as it is', async () => {
    expect(await strict.check('live', 'http://93.184.216.34/hooks').catch((error: unknown) => error)).toBeInstanceOf(DestinationRefused);
    await expect(strict.check('live', 'https://93.184.216.34/hooks')).resolves.toBeInstanceOf(URL);
  });
});

describe('DestinationPolicy.isPublicAddress (whose answers may be shown)', () => {
  const policy = new DestinationPolicy(new HostResolver(), DEFAULTS);

  it.each(['93.184.216.34', '::ffff:93.184.216.34', '2606:4700:4700::1111'])('is true for the public address %s', (address) => {
    expect(policy.isPublicAddress(address)).toBe(true);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.1.2.3', '192.168.1.10', '169.254.169.254', '100.64.0.1', 'fd00::1', 'fe80::1', undefined])(
    'is false for %p',
    (address) => {
      expect(policy.isPublicAddress(address)).toBe(false);
    },
  );
});

describe('isForbiddenAddress', () => {
  it.each(['8.8.8.8', '93.184.216.34', '::ffff:93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001::200e'])('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it.each(['127.0.0.1', '::ffff:10.0.0.1', '::7f00:1', '2001:db8::1', '100.100.100.200', '192.0.0.192', 'not-an-ip', ''])(
    'forbids %p',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(true);
    },
  );
});
