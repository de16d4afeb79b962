import { LOCAL_PAYOUT_ADDRESS } from '../chains/local-chain/dev-accounts';
import type { Address } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { NETWORK_NAMES, NETWORKS, type NetworkName } from '../chains/networks';
import { EnvironmentVariables, validateEnvironment } from './environment';
import type { NetworkEnvironment } from './network-environment';
import { trustProxyEntries } from './trust-proxy';

/** The typed, validated configuration every provider injects (by this class). */
export abstract class AppConfig {
  abstract readonly port: number;
  abstract readonly host: string;
  /** Unset means: run the embedded PostgreSQL under `dataDir`. */
  abstract readonly databaseUrl: string | undefined;
  abstract readonly databasePoolSize: number;
  /** Where Prometheus scrapes `/metrics` (never the public port); undefined: not served. */
  abstract readonly metrics: { port: number; host: string } | undefined;
  abstract readonly dataDir: string;
  abstract readonly embeddedPostgresPort: number;
  abstract readonly logLevel: EnvironmentVariables['LOG_LEVEL'];
  abstract readonly shutdownTimeoutMs: number;
  /** Idle keep-alive connections' lifetime; a balancer's upstream keep-alive timeout must be shorter. */
  abstract readonly keepAliveTimeoutMs: number;
  /** Where the service is reached from outside, e.g. `https://pay.example.com` (no trailing slash). */
  abstract readonly publicBaseUrl: string;
  /** The shop's name on the hosted checkout pages. */
  abstract readonly merchantName: string;
  /** Set both or neither: the first admin account, created at start when none exists. */
  abstract readonly initialAdmin: { email: string; password: string } | undefined;
  abstract readonly adminSession: { idleMinutes: number; maxHours: number; secureCookie: boolean };
  /** Accepted currency codes and how many decimals an amount in each may have. */
  abstract readonly currencies: ReadonlyMap<string, number>;
  /** The key that encrypts webhook secrets at rest; undefined means "use the key file under dataDir". */
  abstract readonly webhookSecretKey: Buffer | undefined;
  /** Requests per second: per API key by mode, and per client IP for requests that fail authentication. */
  abstract readonly rateLimits: { live: number; test: number; unauthenticated: number; paymentLinkSessionsPerMinute: number; disabled: boolean };
  /** Proxies whose `X-Forwarded-For` is believed (Express `trust proxy`); empty: the client address is the TCP peer. */
  abstract readonly trustProxy: readonly string[];
  /** Unset: rate-limit counters live in this process only. */
  abstract readonly redisUrl: string | undefined;
  abstract readonly redisKeyPrefix: string;
  abstract readonly idempotencyLockTimeoutMs: number;
  /**
   * Webhook delivery: the wait before each retry (the first attempt is immediate), the per-attempt
   * timeout, and whether test-mode endpoints may target loopback and private addresses.
   */
  abstract readonly webhookDelivery: { retryDelaysMs: readonly number[]; timeoutMs: number; testPrivateDestinations: boolean };
  /**
   * Payments on EVM chains (DESIGN.md §13): RPC URLs and settlement overrides per network, the
   * payout address per mode, the watch window after expiry or completion, and the tolerated
   * shortfall in parts per million of the amount (exact: the setting has at most 6 decimals).
   */
  abstract readonly payments: {
    networks: NetworkEnvironment;
    payoutAddresses: { live: Address | undefined; test: Address | undefined };
    monitoringHours: number;
    underpaymentTolerancePpm: number;
  };
  /**
   * Collecting funds (DESIGN.md §13): the gas key's account (undefined: no automatic sweeps), when
   * an address is worth sweeping, the batch size, and the fee cap per network in wei.
   */
  abstract readonly sweeping: {
    gasAccount: PrivateKeyAccount | undefined;
    minGasMultiple: number;
    maxAgeHours: number;
    batchSize: number;
    maxFeeWei: (network: NetworkName) => bigint;
  };
  /**
   * The local dev chain to start (DESIGN.md §13): only with LOCAL_CHAIN=on and no test network's
   * RPC URLs configured; otherwise undefined.
   */
  abstract readonly localChain: { port: number } | undefined;
}

/** The fee cap of a network without `SWEEP_MAX_FEE_GWEI_<NETWORK>`: 100 gwei, above any fee a sweep should wait out. */
const DEFAULT_SWEEP_MAX_FEE_WEI = 100n * 10n ** 9n;

/** Whether any test network (sepolia, base-sepolia, local) has RPC URLs: then no local chain is started. */
function configuresTestNetwork(networks: NetworkEnvironment): boolean {
  return NETWORK_NAMES.some((name) => NETWORKS[name].mode === 'test' && networks.rpcUrls.has(name));
}

/** `config` with the started local chain as the `local` network's RPC URL. */
export function withLocalChain(config: AppConfig, rpcUrl: string): AppConfig {
  const { networks } = config.payments;
  const rpcUrls = new Map(networks.rpcUrls).set('local', [rpcUrl]);
  // Test payments need somewhere to be swept to: a dev account of the local chain unless one is set.
  const payoutAddresses = { ...config.payments.payoutAddresses, test: config.payments.payoutAddresses.test ?? LOCAL_PAYOUT_ADDRESS };
  return { ...config, payments: { ...config.payments, payoutAddresses, networks: { ...networks, rpcUrls } } };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = validateEnvironment(env);
  const publicBaseUrl = (vars.PUBLIC_BASE_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, '');
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    metrics: vars.METRICS_PORT === 'off' ? undefined : { port: Number(vars.METRICS_PORT), host: vars.METRICS_HOST },
    dataDir: vars.DATA_DIR,
    embeddedPostgresPort: vars.EMBEDDED_PG_PORT,
    logLevel: vars.LOG_LEVEL,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    keepAliveTimeoutMs: vars.KEEP_ALIVE_TIMEOUT_MS,
    publicBaseUrl,
    merchantName: vars.MERCHANT_NAME,
    initialAdmin: vars.ADMIN_EMAIL && vars.ADMIN_PASSWORD ? { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } : undefined,
    adminSession: {
      idleMinutes: vars.ADMIN_SESSION_IDLE_MINUTES,
      maxHours: vars.ADMIN_SESSION_MAX_HOURS,
      secureCookie: publicBaseUrl.startsWith('https:'),
    },
    rateLimits: {
      live: vars.RATE_LIMIT_LIVE,
      test: vars.RATE_LIMIT_TEST,
      unauthenticated: vars.RATE_LIMIT_UNAUTHENTICATED,
      paymentLinkSessionsPerMinute: vars.PAYMENT_LINK_SESSIONS_PER_MINUTE,
      disabled: vars.RATE_LIMIT_DISABLED === 'true',
    },
    trustProxy: trustProxyEntries(vars.TRUST_PROXY),
    redisUrl: vars.REDIS_URL,
    redisKeyPrefix: vars.REDIS_KEY_PREFIX,
    idempotencyLockTimeoutMs: vars.IDEMPOTENCY_LOCK_TIMEOUT_MS,
    webhookDelivery: {
      retryDelaysMs: vars.WEBHOOK_RETRY_SCHEDULE.split(',').map((seconds) => Number(seconds) * 1000),
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      testPrivateDestinations: vars.WEBHOOK_TEST_PRIVATE_DESTINATIONS === 'true',
    },
    payments: {
      networks: vars.networks,
      payoutAddresses: { live: vars.PAYOUT_ADDRESS_LIVE as Address | undefined, test: vars.PAYOUT_ADDRESS_TEST as Address | undefined },
      monitoringHours: vars.PAYMENT_MONITORING_HOURS,
      underpaymentTolerancePpm: Number((vars.UNDERPAYMENT_TOLERANCE.split('.')[1] ?? '').padEnd(6, '0')),
    },
    sweeping: {
      gasAccount: vars.sweepGasAccount,
      minGasMultiple: vars.SWEEP_MIN_GAS_MULTIPLE,
      maxAgeHours: vars.SWEEP_MAX_AGE_HOURS,
      batchSize: vars.SWEEP_BATCH_SIZE,
      maxFeeWei: (network) => vars.networks.sweepMaxFeeWei.get(network) ?? DEFAULT_SWEEP_MAX_FEE_WEI,
    },
    localChain: vars.LOCAL_CHAIN === 'on' && !configuresTestNetwork(vars.networks) ? { port: vars.LOCAL_CHAIN_PORT } : undefined,
    webhookSecretKey: vars.WEBHOOK_SECRET_KEY ? Buffer.from(vars.WEBHOOK_SECRET_KEY, 'base64') : undefined,
    currencies: new Map(
      vars.CURRENCIES.split(',').map((entry) => {
        const [code, decimals] = entry.split(':');
        return [code, Number(decimals)] as const;
      }),
    ),
  };
}
