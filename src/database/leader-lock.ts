import { hostname } from 'node:os';
import type { ClientConfig } from 'pg';
import { advisoryLockKey, advisoryLockTag } from './advisory-lock-key';
import { DedicatedConnection } from './dedicated-connection';

/** While the lock is held, a round trip this often proves the connection alive (each with the connection's 2 s deadline). */
const LIVENESS_INTERVAL_MS = 1_000;

/**
 * The server's side of the same watch: PostgreSQL frees a session's locks only
 * when it sees the session end, and a holder whose machine vanished sends no
 * goodbye. These make it probe an idle link after 3 s and give up after three
 * unanswered probes a second apart — later than the holder's own liveness
 * check gives up (at most 1 + 2 s), so the holder always stops first.
 */
const SERVER_KEEPALIVE_SQL = 'SET tcp_keepalives_idle = 3; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3';

/** PostgreSQL keeps the first 63 bytes of an `application_name`. */
const APPLICATION_NAME_LIMIT = 63;
const APPLICATION_NAME_PREFIX = 'checkout:leader:';

/** What the lock logs through: a pino logger or a Nest `Logger` both fit. */
export interface LockLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface LeaderLockOptions {
  /** The database: a connection URL or a pg client configuration. The lock opens its own connection, outside any pool. */
  database: string | ClientConfig;
  /** What is led, e.g. `chain-watcher:base`; instances agree on the lock by this name alone. */
  name: string;
  logger: LockLogger;
  /** Who this instance is, in the lock connection's `application_name`; by default host name and process id. */
  instanceId?: string;
}

/**
 * The `application_name` of a lock connection: `checkout:leader:<name>:<instanceId>`, which `pg_stat_activity`
 * and `leaderOf` show. The instance id always stays whole; a name too long to fit beside it is shortened.
 */
export function leaderApplicationName(name: string, instanceId: string): string {
  const roomForName = APPLICATION_NAME_LIMIT - APPLICATION_NAME_PREFIX.length - instanceId.length - 1;
  if (roomForName < 1) throw new Error(`The instance id "${instanceId}" is too long for an application_name; keep it under ${roomForName + instanceId.length} characters.`);
  return `${APPLICATION_NAME_PREFIX}${name.slice(0, roomForName)}:${instanceId}`;
}

/** The instance id in a lock connection's `application_name` (the whole name if it is not one of ours). */
export function leaderInstanceOf(applicationName: string, name: string): string {
  const prefix = `${APPLICATION_NAME_PREFIX}${name}:`;
  return applicationName.startsWith(prefix) ? applicationName.slice(prefix.length) : applicationName;
}

const defaultInstanceId = () => `${hostname().slice(0, 32)}:${process.pid}`;

/**
 * One named lock that at most one instance holds at a time: a session-level
 * PostgreSQL advisory lock, taken on a connection of the lock's own. The
 * lock lives exactly as long as that session, so a holder that dies — even
 * by `kill -9` — frees it as soon as PostgreSQL sees the connection close.
 * The holder must also know when it has lost the lock, so it stops acting as
 * leader: a connection error or end, or a liveness round trip unanswered in
 * time, makes `held` false at once and calls the `onLost` listeners.
 */
export class LeaderLock {
  readonly name: string;
  private readonly key: string;
  private readonly applicationName: string;
  private readonly lostListeners = new Set<(reason: Error) => void>();
  private connection?: DedicatedConnection;
  private holding = false;
  private attempt?: Promise<boolean>;

  constructor(private readonly options: LeaderLockOptions) {
    this.name = options.name;
    this.key = advisoryLockKey(options.name).toString();
    this.applicationName = leaderApplicationName(options.name, options.instanceId ?? defaultInstanceId());
  }

  /** Whether this instance holds the lock, as far as it can tell (see the class comment). */
  get held(): boolean {
    return this.holding;
  }

  /** Calls `listener` whenever the held lock is lost (not when it is released); returns the call that stops that. */
  onLost(listener: (reason: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /**
   * Takes the lock if nobody holds it, without waiting; true if this instance holds it now. Opens the
   * lock's connection, or reuses it from an earlier attempt. Rejects when PostgreSQL cannot be reached.
   */
  tryAcquire(): Promise<boolean> {
    this.attempt ??= this.acquire().finally(() => (this.attempt = undefined));
    return this.attempt;
  }

  /** Gives the lock up (if held) and closes its connection. */
  async release(): Promise<void> {
    await this.attempt?.catch(() => undefined);
    const connection = this.connection;
    const wasHeld = this.holding;
    // Detached first: whatever happens to the connection from here on is no loss.
    this.connection = undefined;
    this.holding = false;
    if (!connection) return;
    // Closing the session would free it too; unlocking first frees it before the goodbye is processed.
    if (wasHeld) await connection.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]).catch(() => undefined);
    await connection.close();
    if (wasHeld) this.options.logger.info({ lock: this.name }, 'released the leader lock');
  }

  private async acquire(): Promise<boolean> {
    if (this.holding) return true;
    const connection = this.connection ?? (await this.connect());
    const { rows } = await connection.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [this.key]);
    // A connection lost meanwhile took the lock with it.
    if (!rows[0].acquired || this.connection !== connection) return false;
    this.holding = true;
    connection.startHeartbeat(LIVENESS_INTERVAL_MS);
    this.options.logger.info({ lock: this.name, applicationName: this.applicationName }, 'acquired the leader lock');
    return true;
  }

  private async connect(): Promise<DedicatedConnection> {
    const connection: DedicatedConnection = new DedicatedConnection({
      database: this.options.database,
      applicationName: this.applicationName,
      onLost: (error) => this.lost(connection, error),
    });
    await connection.open();
    try {
      await connection.query(SERVER_KEEPALIVE_SQL);
    } catch (error) {
      await connection.close();
      throw error;
    }
    this.connection = connection;
    return connection;
  }

  private lost(connection: DedicatedConnection, error: Error): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    if (!this.holding) return;
    this.holding = false;
    this.options.logger.warn({ lock: this.name, err: error }, 'lost the leader lock');
    for (const listener of this.lostListeners) listener(error);
  }
}

/** Anything that runs SQL with parameters: a TypeORM `DataSource` or `EntityManager` (rows), a pg `Client` or `Pool` (a result with rows). */
export interface SqlRunner {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/** The session holding a named lock: its `application_name` (which names the instance) and server process id. */
export interface LockHolder {
  applicationName: string;
  pid: number;
}

/**
 * Who holds the lock `name` in the database `db` is connected to, or null. A lock taken with one `bigint`
 * key appears in `pg_locks` split in two unsigned halves (`classid` high, `objid` low) with `objsubid` 1.
 */
export async function leaderOf(db: SqlRunner, name: string): Promise<LockHolder | null> {
  const { classid, objid } = advisoryLockTag(advisoryLockKey(name));
  const result = await db.query(
    `SELECT holder.pid, holder.application_name AS "applicationName"
       FROM pg_locks held
       JOIN pg_stat_activity holder ON holder.pid = held.pid
      WHERE held.locktype = 'advisory' AND held.granted
        AND held.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND held.classid = $1::oid AND held.objid = $2::oid AND held.objsubid = 1
      LIMIT 1`,
    [classid, objid],
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: LockHolder[] }).rows) as LockHolder[];
  return rows[0] ?? null;
}
