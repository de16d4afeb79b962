import { LOCAL_PAYOUT_ADDRESS } from '../chains/local-chain/dev-accounts';
import 'reflect-metadata';
import { loadConfig, withLocalChain } from './app-config';
import { ConfigError, validateEnvironment } from './environment';

function problemsFor(env: NodeJS.ProcessEnv): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected validateEnvironment to throw a ConfigError');
}

const LIVE_PAYOUT = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

describe('validateEnvironment', () => {
  it('applies every default when the environment is empty', () => {
    const vars = validateEnvironment({});

    expect(vars.PORT).toBe(3000);
    expect(vars.HOST).toBe('0.0.0.0');
    expect(vars.DATABASE_URL).toBeUndefined();
    expect(vars.DATA_DIR).toBe('./.data');
    expect(vars.EMBEDDED_PG_PORT).toBe(54329);
    expect(vars.DATABASE_POOL_SIZE).toBe(10);
    expect(vars.LOG_LEVEL).toBe('info');
    expect(vars.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
  });

  it('treats an empty string as unset', () => {
    const vars = validateEnvironment({ PORT: '', HOST: '', LOG_LEVEL: '', DATABASE_URL: '' });

    expect(vars.PORT).toBe(3000);
    expect(vars.HOST).toBe('0.0.0.0');
    expect(vars.LOG_LEVEL).toBe('info');
    expect(vars.DATABASE_URL).toBeUndefined();
  });

  it('converts numeric strings to numbers', () => {
    const vars = validateEnvironment({
      PORT: '8080',
      EMBEDDED_PG_PORT: '5433',
      DATABASE_POOL_SIZE: '25',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });

    expect(vars.PORT).toBe(8080);
    expect(vars.EMBEDDED_PG_PORT).toBe(5433);
    expect(vars.DATABASE_POOL_SIZE).toBe(25);
    expect(vars.SHUTDOWN_TIMEOUT_MS).toBe(2500);
  });

  it('accepts the values it is given when they are valid', () => {
    const vars = validateEnvironment({
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://user:pw@localhost:5432/app',
      LOG_LEVEL: 'debug',
    });

    expect(vars.HOST).toBe('127.0.0.1');
    expect(vars.DATABASE_URL).toBe('postgresql://user:pw@localhost:5432/app');
    expect(vars.LOG_LEVEL).toBe('debug');
  });

  it.each(['abc', '0', '70000', '80.5'])('rejects PORT=%s with a message naming PORT', (port) => {
    const problems = problemsFor({ PORT: port });

    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toBe('PORT must be a whole number from 1 to 65535');
  });

  it('accepts the boundary ports 1 and 65535', () => {
    expect(validateEnvironment({ PORT: '1' }).PORT).toBe(1);
    expect(validateEnvironment({ PORT: '65535' }).PORT).toBe(65535);
  });

  it('rejects an unknown LOG_LEVEL with a message naming LOG_LEVEL', () => {
    const problems = problemsFor({ LOG_LEVEL: 'loud' });

    expect(problems).toEqual([expect.stringMatching(/^LOG_LEVEL must be one of .*info/)]);
  });

  it('rejects a non-postgres DATABASE_URL without echoing its value', () => {
    let thrown: unknown;
    try {
      validateEnvironment({ DATABASE_URL: 'mysql://user:hunter2@h/db' });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.problems).toEqual([expect.stringContaining('DATABASE_URL')]);
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
    expect(error.problems.join('\n')).not.toContain('hunter2');
  });

  it('reports several bad variables together', () => {
    let thrown: unknown;
    try {
      validateEnvironment({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_POOL_SIZE: '500' });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.name).toBe('ConfigError');
    const named = error.problems.map((problem) => problem.split(' ')[0]);
    expect(named.sort()).toEqual(['DATABASE_POOL_SIZE', 'LOG_LEVEL', 'PORT']);
    expect(error.message).toMatch(/^Invalid configuration:\n/);
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
  });
});

describe('loadConfig', () => {
  it('maps the validated variables onto the typed config', () => {
    const config = loadConfig({
      PORT: '4000',
      HOST: 'localhost',
      DATABASE_URL: 'postgres://app@db/app',
      DATABASE_POOL_SIZE: '5',
      DATA_DIR: '/var/lib/app',
      EMBEDDED_PG_PORT: '6543',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '30000',
      KEEP_ALIVE_TIMEOUT_MS: '65000',
      PUBLIC_BASE_URL: 'https://pay.example.com/',
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: 'correct horse battery',
      ADMIN_SESSION_IDLE_MINUTES: '15',
      ADMIN_SESSION_MAX_HOURS: '8',
      MERCHANT_NAME: 'Acme & Co',
      PAYMENT_LINK_SESSIONS_PER_MINUTE: '3',
    });

    expect(config).toEqual({
      port: 4000,
      host: 'localhost',
      databaseUrl: 'postgres://app@db/app',
      databasePoolSize: 5,
      metrics: { port: 9464, host: '127.0.0.1' },
      dataDir: '/var/lib/app',
      embeddedPostgresPort: 6543,
      logLevel: 'warn',
      shutdownTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
      publicBaseUrl: 'https://pay.example.com',
      merchantName: 'Acme & Co',
      initialAdmin: { email: 'owner@example.com', password: 'correct horse battery' },
      adminSession: { idleMinutes: 15, maxHours: 8, secureCookie: true },
      currencies: new Map([
        ['USDC', 6],
        ['USDT', 6],
        ['ETH', 18],
      ]),
      webhookSecretKey: undefined,
      rateLimits: { live: 100, test: 25, unauthenticated: 50, paymentLinkSessionsPerMinute: 3, disabled: false },
      trustProxy: [],
      redisUrl: undefined,
      redisKeyPrefix: 'checkout:',
      idempotencyLockTimeoutMs: 60_000,
      webhookDelivery: { retryDelaysMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000], timeoutMs: 15_000, testPrivateDestinations: true },
      payments: {
        networks: { rpcUrls: new Map(), settlement: new Map(), sweepMaxFeeWei: new Map() },
        payoutAddresses: { live: undefined, test: undefined },
        monitoringHours: 24,
        underpaymentTolerancePpm: 0,
      },
      sweeping: { gasAccount: undefined, minGasMultiple: 20, maxAgeHours: 168, batchSize: 50, maxFeeWei: expect.any(Function) },
      localChain: { port: 8545 },
    });
  });

  it('refuses an admin password under 12 characters, or one half of the admin pair', () => {
    expect(() => validateEnvironment({ ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: 'short-pass1' })).toThrow(
      /ADMIN_PASSWORD must be at least 12 characters/,
    );
    expect(() => validateEnvironment({ ADMIN_EMAIL: 'owner@example.com' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => validateEnvironment({ ADMIN_PASSWORD: 'long enough password' })).toThrow(/ADMIN_EMAIL/);
  });

  it('reads the webhook secret key as 32 bytes, and refuses any other length', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ WEBHOOK_SECRET_KEY: key.toString('base64') }).webhookSecretKey).toEqual(key);
    expect(() => validateEnvironment({ WEBHOOK_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/WEBHOOK_SECRET_KEY must be 32 bytes/);
  });

  it('reads a currency list with decimals, and refuses a malformed one', () => {
    expect(loadConfig({ CURRENCIES: 'USDC:6,BTC:8' }).currencies).toEqual(new Map([['USDC', 6], ['BTC', 8]]));
    for (const bad of ['USDC', 'usdc:6', 'USDC:19', 'USDC:6,', 'USDC:6;ETH:18']) {
      expect(() => validateEnvironment({ CURRENCIES: bad })).toThrow(/CURRENCIES must be/);
    }
  });

  it('reads the rate-limit switch and the Redis key prefix, and refuses malformed ones', () => {
    expect(loadConfig({ RATE_LIMIT_DISABLED: 'true' }).rateLimits.disabled).toBe(true);
    expect(loadConfig({ REDIS_KEY_PREFIX: 'staging:' }).redisKeyPrefix).toBe('staging:');
    expect(() => validateEnvironment({ RATE_LIMIT_DISABLED: 'yes' })).toThrow(/RATE_LIMIT_DISABLED must be true or false/);
    expect(() => validateEnvironment({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX must be/);
  });

  it('names the merchant on checkout pages, by default the product, and refuses an empty or control-character name', () => {
    expect(loadConfig({}).merchantName).toBe('Crypto Checkout');
    expect(() => validateEnvironment({ MERCHANT_NAME: 'x'.repeat(101) })).toThrow(/MERCHANT_NAME must be 1 to 100 characters/);
    expect(() => validateEnvironment({ MERCHANT_NAME: 'Acme\nInc' })).toThrow(/MERCHANT_NAME must be/);
    expect(loadConfig({}).rateLimits.paymentLinkSessionsPerMinute).toBe(10);
    expect(() => validateEnvironment({ PAYMENT_LINK_SESSIONS_PER_MINUTE: '0' })).toThrow(/PAYMENT_LINK_SESSIONS_PER_MINUTE must be a whole number of sessions per minute/);
  });

  it('reads the switch for private webhook destinations in test mode, on by default', () => {
    expect(loadConfig({}).webhookDelivery.testPrivateDestinations).toBe(true);
    expect(loadConfig({ WEBHOOK_TEST_PRIVATE_DESTINATIONS: 'false' }).webhookDelivery.testPrivateDestinations).toBe(false);
    expect(() => validateEnvironment({ WEBHOOK_TEST_PRIVATE_DESTINATIONS: 'no' })).toThrow(/WEBHOOK_TEST_PRIVATE_DESTINATIONS must be true or false/);
  });

  it('trusts no proxy by default, reads a list of addresses, ranges and named ranges, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.10,2001:db8::/32,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.10',
      '2001:db8::/32',
      '::1',
      'loopback',
    ]);
    // Hop counts and `true` (trust anyone) are not addresses; neither are host names or malformed ranges.
    for (const bad of ['true', '1', '*', 'lb.internal', '10.0.0.0/33', '10.0.0.0/8/8', '0x7f.1', '10.0.0.0/8;10.1.1.1', 'fe80::1%eth0']) {
      expect(problemsFor({ TRUST_PROXY: bad })).toEqual([expect.stringMatching(/^TRUST_PROXY must be a comma-separated list of proxy addresses or CIDR ranges/)]);
    }
    expect(problemsFor({ TRUST_PROXY: 'lb.internal' }).join()).not.toContain('lb.internal');
  });

  it('derives plain-HTTP cookies and a localhost base URL by default', () => {
    const config = loadConfig({ PORT: '4100' });
    expect(config.publicBaseUrl).toBe('http://localhost:4100');
    expect(config.adminSession.secureCookie).toBe(false);
    expect(config.initialAdmin).toBeUndefined();
  });

  it('uses the defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it('throws ConfigError for an invalid environment', () => {
    expect(() => loadConfig({ PORT: '0' })).toThrow(ConfigError);
  });
});

describe('the local chain settings', () => {
  it('starts a local chain on port 8545 by default, on LOCAL_CHAIN_PORT if set, none with LOCAL_CHAIN=off', () => {
    expect(loadConfig({}).localChain).toEqual({ port: 8545 });
    expect(loadConfig({ LOCAL_CHAIN: 'on', LOCAL_CHAIN_PORT: '9545' }).localChain).toEqual({ port: 9545 });
    expect(loadConfig({ LOCAL_CHAIN: 'off' }).localChain).toBeUndefined();
  });

  it('starts none when a test network has RPC URLs, but still does beside live networks', () => {
    for (const variable of ['RPC_URLS_SEPOLIA', 'RPC_URLS_BASE_SEPOLIA', 'RPC_URLS_LOCAL']) {
      expect(loadConfig({ [variable]: 'http://127.0.0.1:9999', PAYOUT_ADDRESS_TEST: LIVE_PAYOUT }).localChain).toBeUndefined();
    }
    const liveOnly = { RPC_URLS_BASE: 'https://base.example', RPC_URLS_ETHEREUM: 'https://eth.example', PAYOUT_ADDRESS_LIVE: LIVE_PAYOUT };
    expect(loadConfig(liveOnly).localChain).toEqual({ port: 8545 });
  });

  it.each(['yes', 'true', 'ON', '1'])('refuses LOCAL_CHAIN=%s, naming the variable', (value) => {
    expect(problemsFor({ LOCAL_CHAIN: value })).toEqual(['LOCAL_CHAIN must be on or off']);
  });

  it.each(['0', '65536', 'eighty', '8545.5'])('refuses LOCAL_CHAIN_PORT=%s, naming the variable', (value) => {
    expect(problemsFor({ LOCAL_CHAIN_PORT: value })).toEqual(['LOCAL_CHAIN_PORT must be a whole number from 1 to 65535']);
  });

  it('puts a started chain into a new config as the local network, leaving the loaded one as it was', () => {
    const loaded = loadConfig({ RPC_URLS_BASE: 'https://base.example', PAYOUT_ADDRESS_LIVE: LIVE_PAYOUT });
    const config = withLocalChain(loaded, 'http://127.0.0.1:8545');

    expect([...config.payments.networks.rpcUrls]).toEqual([
      ['base', ['https://base.example']],
      ['local', ['http://127.0.0.1:8545']],
    ]);
    expect(config.payments.networks.settlement).toBe(loaded.payments.networks.settlement);
    expect(config.port).toBe(loaded.port);
    expect(loaded.payments.networks.rpcUrls.has('local')).toBe(false);
    // Test payments get a payout address on the local chain; a live one is never made up.
    expect(config.payments.payoutAddresses).toEqual({ live: LIVE_PAYOUT, test: LOCAL_PAYOUT_ADDRESS });
    const withOwn = withLocalChain(loadConfig({ PAYOUT_ADDRESS_TEST: LIVE_PAYOUT }), 'http://127.0.0.1:8545');
    expect(withOwn.payments.payoutAddresses.test).toBe(LIVE_PAYOUT);
  });
});
