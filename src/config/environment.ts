import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the service reads, with its rule and default.
 * `.env.example` and the README's configuration table list the same set.
 */
export class EnvironmentVariables {
  @Type(() => Number)
  @IsInt({ message: 'PORT must be a whole number from 1 to 65535' })
  @Min(1, { message: 'PORT must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'PORT must be a whole number from 1 to 65535' })
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

  @Type(() => Number)
  @IsInt({ message: 'EMBEDDED_PG_PORT must be a whole number from 1 to 65535' })
  @Min(1, { message: 'EMBEDDED_PG_PORT must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'EMBEDDED_PG_PORT must be a whole number from 1 to 65535' })
  EMBEDDED_PG_PORT = 54329;

  @Type(() => Number)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number from 1 to 100' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be a whole number from 1 to 100' })
  @Max(100, { message: 'DATABASE_POOL_SIZE must be a whole number from 1 to 100' })
  DATABASE_POOL_SIZE = 10;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

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

  @Type(() => Number)
  @IsInt({ message: 'ADMIN_SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440' })
  @Min(1, { message: 'ADMIN_SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440' })
  @Max(1440, { message: 'ADMIN_SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440' })
  ADMIN_SESSION_IDLE_MINUTES = 30;

  @Type(() => Number)
  @IsInt({ message: 'ADMIN_SESSION_MAX_HOURS must be a whole number of hours from 1 to 720' })
  @Min(1, { message: 'ADMIN_SESSION_MAX_HOURS must be a whole number of hours from 1 to 720' })
  @Max(720, { message: 'ADMIN_SESSION_MAX_HOURS must be a whole number of hours from 1 to 720' })
  ADMIN_SESSION_MAX_HOURS = 12;

  @Type(() => Number)
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000' })
  @Min(100, { message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000' })
  @Max(600_000, { message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000' })
  SHUTDOWN_TIMEOUT_MS = 10_000;
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
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  // An empty assignment (`PORT=`) means "unset" rather than the value "".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const variables = plainToInstance(EnvironmentVariables, given, { exposeDefaultValues: true });
  const errors = validateSync(variables, { stopAtFirstError: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.flatMap((error) => Object.values(error.constraints ?? {})));
  }
  return variables;
}
