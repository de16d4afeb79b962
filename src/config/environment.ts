import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, ValidateIf, validateSync } from 'class-validator';
import { NETWORKS, networkVariableSuffix } from '../chains/networks';
import { isPayoutAddress, readNetworkEnvironment, type NetworkEnvironment } from './network-environment';
import type { PrivateKeyAccount } from 'viem/accounts';
import { readSweepGasKey } from './sweep-gas-key';
import { isTrustProxyEntry, trustProxyEntries } from './trust-proxy';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An integer setting in `[min, max]`, with one message naming the variable, its unit and its range. */
function WholeNumber(name: string, min: number, max: number, unit?: string): PropertyDecorator {
  const message = `${name} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max}`;
  return applyDecorators(Type(() => Number), IsInt({ message }), Min(min, { message }), Max(max, { message }));
}

/**
 * Every environment variable the service reads, with its rule and default.
 * `.env.example` and the README's configuration table list the same set.
 */
export class EnvironmentVariables {
  @WholeNumber('PORT', 1, 65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  @WholeNumber('EMBEDDED_PG_PORT', 1, 65535)
  EMBEDDED_PG_PORT = 54329;

  /**
   * The port of the Prometheus `/metrics` endpoint, a server apart from the public one; `off`
   * serves no metrics.
   */
  @ValidateBy(
    { name: 'isMetricsPort', validator: { validate: (value: unknown) => value === 'off' || (typeof value === 'string' && /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535) } },
    { message: 'METRICS_PORT must be a whole number from 1 to 65535, or off' },
  )
  METRICS_PORT = '9464';

  /** The interface `/metrics` listens on: loopback unless the scraper is elsewhere. */
  @IsString()
  @MinLength(1)
  METRICS_HOST = '127.0.0.1';

  @WholeNumber('DATABASE_POOL_SIZE', 1, 100)
  DATABASE_POOL_SIZE = 10;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** The shop's name on the hosted checkout pages (DESIGN.md §14). */
  @IsString()
  @Matches(/^[^\p{Cc}]{1,100}$/u, { message: 'MERCHANT_NAME must be 1 to 100 characters without control characters' })
  MERCHANT_NAME = 'Crypto Checkout';

  /** Where the service is reached from outside; decides Secure cookies and the allowed Origin. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://pay.example.com' })
  PUBLIC_BASE_URL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address (set it together with ADMIN_PASSWORD)' })
  ADMIN_EMAIL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be at least 12 characters (set it together with ADMIN_EMAIL)' })
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters (set it together with ADMIN_EMAIL)' })
  ADMIN_PASSWORD?: string;

  @WholeNumber('ADMIN_SESSION_IDLE_MINUTES', 1, 1440, 'minutes')
  ADMIN_SESSION_IDLE_MINUTES = 30;

  @WholeNumber('ADMIN_SESSION_MAX_HOURS', 1, 720, 'hours')
  ADMIN_SESSION_MAX_HOURS = 12;

  @WholeNumber('RATE_LIMIT_LIVE', 1, 100000, 'requests per second')
  RATE_LIMIT_LIVE = 100;

  @WholeNumber('RATE_LIMIT_TEST', 1, 100000, 'requests per second')
  RATE_LIMIT_TEST = 25;

  /** Requests per second per client IP that fail authentication (a flood of bad keys). */
  @WholeNumber('RATE_LIMIT_UNAUTHENTICATED', 1, 100000, 'requests per second')
  RATE_LIMIT_UNAUTHENTICATED = 50;

  /** Checkout sessions `GET /pay/:id` (a payment link's page) may open per client address and minute: each takes a deposit address. */
  @WholeNumber('PAYMENT_LINK_SESSIONS_PER_MINUTE', 1, 100000, 'sessions per minute')
  PAYMENT_LINK_SESSIONS_PER_MINUTE = 10;

  /** Turns every rate limit off (benchmarks, or a gateway in front that limits instead). */
  @IsIn(['true', 'false'], { message: 'RATE_LIMIT_DISABLED must be true or false' })
  RATE_LIMIT_DISABLED = 'false';

  /**
   * The proxies (load balancers) whose `X-Forwarded-For` is believed, with Express's `trust proxy`
   * semantics: addresses, CIDR ranges, or `loopback`/`linklocal`/`uniquelocal`. Unset: none, and the
   * client address is the TCP peer.
   */
  @IsOptional()
  @ValidateBy(
    { name: 'isTrustProxyList', validator: { validate: (value: unknown) => typeof value === 'string' && trustProxyEntries(value).every(isTrustProxyEntry) } },
    { message: 'TRUST_PROXY must be a comma-separated list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal), such as 10.0.0.0/8,192.0.2.10' },
  )
  TRUST_PROXY?: string;

  /** Shared rate-limit counters for several instances; unset, each instance counts in memory. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prepended to every Redis key, so deployments (or test runs) can share one Redis. */
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1 to 64 printable characters without spaces' })
  REDIS_KEY_PREFIX = 'checkout:';

  /** How long an idempotent request may run before a retry with its key may take it over. */
  @WholeNumber('IDEMPOTENCY_LOCK_TIMEOUT_MS', 1000, 600000, 'milliseconds')
  IDEMPOTENCY_LOCK_TIMEOUT_MS = 60_000;

  /** Seconds to wait before each retry of a failed webhook delivery, comma-separated (DESIGN.md §9). */
  @Matches(/^\d+(,\d+)*$/, { message: 'WEBHOOK_RETRY_SCHEDULE must be comma-separated whole seconds, such as 5,300,1800' })
  WEBHOOK_RETRY_SCHEDULE = '5,300,1800,7200,18000,36000,50400,72000,86400';

  @WholeNumber('WEBHOOK_TIMEOUT_MS', 100, 60000, 'milliseconds')
  WEBHOOK_TIMEOUT_MS = 15_000;

  /** Whether test-mode webhook endpoints may target loopback and private addresses (a developer's own machine). */
  @IsIn(['true', 'false'], { message: 'WEBHOOK_TEST_PRIVATE_DESTINATIONS must be true or false' })
  WEBHOOK_TEST_PRIVATE_DESTINATIONS = 'true';

  /** 32 random bytes, base64: encrypts webhook signing secrets at rest. Unset: a key file under DATA_DIR. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'WEBHOOK_SECRET_KEY must be 32 bytes in base64 (e.g. the output of `openssl rand -base64 32`)' })
  WEBHOOK_SECRET_KEY?: string;

  /** Accepted currencies with their decimals, `CODE:decimals` comma-separated. */
  @Matches(/^[A-Z][A-Z0-9]{1,9}:(?:[0-9]|1[0-8])(?:,[A-Z][A-Z0-9]{1,9}:(?:[0-9]|1[0-8]))*$/, {
    message: 'CURRENCIES must be a comma-separated list of CODE:decimals (0-18), such as USDC:6,USDT:6,ETH:18',
  })
  CURRENCIES = 'USDC:6,USDT:6,ETH:18';

  @WholeNumber('SHUTDOWN_TIMEOUT_MS', 100, 600000, 'milliseconds')
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** How long an idle keep-alive connection stays open: longer than the balancer's upstream keep-alive timeout. */
  @WholeNumber('KEEP_ALIVE_TIMEOUT_MS', 1000, 600000, 'milliseconds')
  KEEP_ALIVE_TIMEOUT_MS = 10_000;

  /** Where live deposit addresses send their funds (bound into each address; DESIGN.md §13). */
  @IsOptional()
  @ValidateBy(
    { name: 'isPayoutAddress', validator: { validate: isPayoutAddress } },
    { message: 'PAYOUT_ADDRESS_LIVE must be a non-zero EIP-55 checksummed address (0x followed by 40 hex digits, mixed case as your wallet shows it)' },
  )
  PAYOUT_ADDRESS_LIVE?: string;

  @IsOptional()
  @ValidateBy(
    { name: 'isPayoutAddress', validator: { validate: isPayoutAddress } },
    { message: 'PAYOUT_ADDRESS_TEST must be a non-zero EIP-55 checksummed address (0x followed by 40 hex digits, mixed case as your wallet shows it)' },
  )
  PAYOUT_ADDRESS_TEST?: string;

  /** How long deposit addresses stay watched after a session expires or completes. */
  @WholeNumber('PAYMENT_MONITORING_HOURS', 1, 8760, 'hours')
  PAYMENT_MONITORING_HOURS = 24;

  /** The fraction of the amount a payment may fall short and still complete a session: 0.01 is 1 %. */
  @Matches(/^0(\.\d{1,6})?$/, { message: 'UNDERPAYMENT_TOLERANCE must be a fraction of the amount from 0 to 0.999999 (at most 6 decimals), such as 0.005 for 0.5 %' })
  UNDERPAYMENT_TOLERANCE = '0';

  /** `on`: without a test network configured, the service also runs a local dev chain (DESIGN.md §13). */
  @IsIn(['on', 'off'], { message: 'LOCAL_CHAIN must be on or off' })
  LOCAL_CHAIN: 'on' | 'off' = 'on';

  /** The local chain's RPC port on 127.0.0.1. */
  @WholeNumber('LOCAL_CHAIN_PORT', 1, 65535)
  LOCAL_CHAIN_PORT = 8545;

  /** The key that pays for automatic sweeps (a hex private key or a key file's path); unset, nothing is swept automatically. */
  @IsOptional()
  @IsString()
  SWEEP_GAS_KEY?: string;

  /** An address is swept once what it holds is worth this many times its share of the batch's gas. */
  @WholeNumber('SWEEP_MIN_GAS_MULTIPLE', 1, 1000000)
  SWEEP_MIN_GAS_MULTIPLE = 20;

  /** ... or once its oldest unswept payment is this old, whatever the gas. */
  @WholeNumber('SWEEP_MAX_AGE_HOURS', 1, 8760, 'hours')
  SWEEP_MAX_AGE_HOURS = 168;

  /** The most deposit addresses one sweep transaction empties. */
  @WholeNumber('SWEEP_BATCH_SIZE', 1, 200, 'addresses')
  SWEEP_BATCH_SIZE = 50;

  /** `RPC_URLS_<NETWORK>`, `SETTLEMENT_<NETWORK>` and `SWEEP_MAX_FEE_GWEI_<NETWORK>`, read by readNetworkEnvironment. */
  networks!: NetworkEnvironment;

  /** SWEEP_GAS_KEY's account, read by readSweepGasKey. */
  sweepGasAccount?: PrivateKeyAccount;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once. Messages name the variable and what it
 * expects but never echo the value, which may be a credential.
 */
/** A mode with a network to be paid on needs somewhere to send the funds: a deposit address binds it. */
function missingPayoutAddresses(networks: NetworkEnvironment, given: Record<string, string | undefined>): string[] {
  return (['live', 'test'] as const).flatMap((mode) => {
    const variable = `PAYOUT_ADDRESS_${mode.toUpperCase()}`;
    const named = [...networks.rpcUrls.keys()].filter((name) => NETWORKS[name].mode === mode);
    return named.length > 0 && !given[variable] ? [`${variable} is required when a ${mode} network is configured (${named.map((name) => `RPC_URLS_${networkVariableSuffix(name)}`).join(', ')})`] : [];
  });
}

export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  // An empty assignment (`PORT=`) means "unset" rather than the value "".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const variables = plainToInstance(EnvironmentVariables, given, { exposeDefaultValues: true });
  const errors = validateSync(variables, { stopAtFirstError: true });
  const networks = readNetworkEnvironment(given);
  const gasKey = readSweepGasKey(given.SWEEP_GAS_KEY);
  const problems = [
    ...errors.flatMap((error) => Object.values(error.constraints ?? {})),
    ...networks.problems,
    ...missingPayoutAddresses(networks.value, given),
    ...(gasKey.problem ? [gasKey.problem] : []),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  variables.networks = networks.value;
  variables.sweepGasAccount = gasKey.account;
  // Not kept beside the account: the validated variables outlive this call.
  delete variables.SWEEP_GAS_KEY;
  return variables;
}
