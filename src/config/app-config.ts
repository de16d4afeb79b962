import { EnvironmentVariables, validateEnvironment } from './environment';

/** The typed, validated configuration every provider injects (by this class). */
export abstract class AppConfig {
  abstract readonly port: number;
  abstract readonly host: string;
  /** Unset means: run the embedded PostgreSQL under `dataDir`. */
  abstract readonly databaseUrl: string | undefined;
  abstract readonly databasePoolSize: number;
  abstract readonly dataDir: string;
  abstract readonly embeddedPostgresPort: number;
  abstract readonly logLevel: EnvironmentVariables['LOG_LEVEL'];
  abstract readonly shutdownTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = validateEnvironment(env);
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    dataDir: vars.DATA_DIR,
    embeddedPostgresPort: vars.EMBEDDED_PG_PORT,
    logLevel: vars.LOG_LEVEL,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
  };
}
