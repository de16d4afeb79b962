import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { advisoryLockKey, advisoryLockTag } from '../src/database/advisory-lock-key';
import { dataSourceOptions } from '../src/database/data-source-options';
import { LeaderElection, runWhileLeader } from '../src/database/leader-election';
import { leaderApplicationName, LeaderLock, leaderOf } from '../src/database/leader-lock';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { testEnv } from './setup/test-env';
import { freePort } from './support/free-port';
import { PgRelay } from './support/pg-relay';
import { TcpProxy } from './support/tcp-proxy';
import { waitUntil } from './support/wait-until';

const PROBE = join(__dirname, 'support', 'leader-lock-probe.js');
const BUILT_LOCK = join(__dirname, '..', 'dist', 'src', 'database', 'leader-lock.js');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Suites share the database: every test competes for locks of its own. */
const uniqueName = (label: string) => `test:${label}:${randomBytes(6).toString('hex')}`;

/** Resolves with the reason of the next loss of `lock`. */
const nextLoss = (lock: LeaderLock) => new Promise<Error>((resolve) => lock.onLost(resolve));

let admin: Client;
const opened: { release(): Promise<void> }[] = [];

function lockFor(name: string, instanceId: string, database = testEnv('databaseUrl')): LeaderLock {
  const lock = new LeaderLock({ database, name, instanceId, logger: silent });
  opened.push(lock);
  return lock;
}

beforeAll(async () => {
  admin = new Client({ connectionString: testEnv('databaseUrl') });
  await admin.connect();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((lock) => lock.release()));
});
afterAll(() => admin.end());

describe('LeaderLock', () => {
  it('lets only one of two locks with the same name acquire; after a release the other does', async () => {
    const name = uniqueName('exclusive');
    const [first, second] = [lockFor(name, 'first'), lockFor(name, 'second')];
    const results = await Promise.all([first.tryAcquire(), second.tryAcquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [holder, waiter] = results[0] ? [first, second] : [second, first];
    expect([holder.held, waiter.held]).toEqual([true, false]);
    expect(await holder.tryAcquire()).toBe(true);
    expect(await waiter.tryAcquire()).toBe(false);

    await holder.release();
    expect(holder.held).toBe(false);
    expect(await waiter.tryAcquire()).toBe(true);
    expect(await holder.tryAcquire()).toBe(false);
  });

  it('keeps locks of different names independent', async () => {
    const [a, b] = [lockFor(uniqueName('a'), 'one'), lockFor(uniqueName('b'), 'one')];
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(true);
    expect([a.held, b.held]).toEqual([true, true]);
  });

  it('does not call onLost on a release', async () => {
    const lock = lockFor(uniqueName('release'), 'one');
    const losses: Error[] = [];
    lock.onLost((reason) => losses.push(reason));
    await lock.tryAcquire();
    await lock.release();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(losses).toEqual([]);
  });

  it('notices at once when its session is terminated, and another instance takes the lock', async () => {
    const name = uniqueName('terminated');
    const [holder, other] = [lockFor(name, 'holder'), lockFor(name, 'other')];
    expect(await holder.tryAcquire()).toBe(true);
    expect(await other.tryAcquire()).toBe(false);
    const lost = nextLoss(holder);

    const { pid } = (await leaderOf(admin, name))!;
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    expect((await lost).message).toMatch(/terminat/);
    expect(holder.held).toBe(false);
    await waitUntil(() => other.tryAcquire());
    // The loser can compete again, on a new connection: it now waits its turn.
    expect(await holder.tryAcquire()).toBe(false);
  });

  it('notices a connection that stops answering without closing, and gives the lock up', async () => {
    const relay = await PgRelay.start(testEnv('databaseUrl'));
    try {
      const name = uniqueName('stalled');
      const holder = lockFor(name, 'behind-relay', relay.url);
      const other = lockFor(name, 'other');
      expect(await holder.tryAcquire()).toBe(true);
      const lost = nextLoss(holder);
      const stalledAt = Date.now();
      relay.stall(leaderApplicationName(name, 'behind-relay'));

      // The liveness query runs every second and may take 2 s: the loss is known within 3 s, plus scheduling.
      const reason = await Promise.race([lost, new Promise<Error>((_, reject) => setTimeout(() => reject(new Error('no loss reported')), 5_000))]);
      expect(reason.message).toMatch(/no answer from PostgreSQL/);
      expect(holder.held).toBe(false);
      process.stdout.write(`stalled lock connection noticed after ${Date.now() - stalledAt} ms\n`);
      // The dropped connection closes the session behind the relay, and the lock with it.
      await waitUntil(() => other.tryAcquire());
    } finally {
      relay.resume();
      await Promise.all(opened.splice(0).map((lock) => lock.release()));
      await relay.stop();
    }
  });

  it('is lost when the database goes away, rejects attempts while it is gone, and is taken again once it is back', async () => {
    const database = new URL(testEnv('databaseUrl'));
    const proxy = new TcpProxy({ host: database.hostname, port: Number(database.port || 5432) }, await freePort());
    await proxy.start();
    try {
      const viaProxy = new URL(database);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const lock = lockFor(uniqueName('unreachable'), 'one', viaProxy.toString());
      expect(await lock.tryAcquire()).toBe(true);
      const lost = nextLoss(lock);

      await proxy.stop();
      expect((await lost).message).toMatch(/terminated unexpectedly|ECONNRESET|ended/);
      expect(lock.held).toBe(false);
      await expect(lock.tryAcquire()).rejects.toThrow(/ECONNREFUSED/);

      await proxy.start();
      expect(await lock.tryAcquire()).toBe(true);
    } finally {
      await Promise.all(opened.splice(0).map((lock) => lock.release()));
      await proxy.stop();
    }
  });
});

describe('leaderOf', () => {
  it('names the session holding a lock, through a TypeORM DataSource or a pg client, and null when nobody does', async () => {
    const name = uniqueName('holder');
    const dataSource = await new DataSource(dataSourceOptions(testEnv('databaseUrl'), 1)).initialize();
    try {
      expect(await leaderOf(dataSource, name)).toBeNull();
      expect(await leaderOf(admin, name)).toBeNull();

      const lock = lockFor(name, 'instance-7');
      await lock.tryAcquire();
      const holder = { applicationName: `checkout:leader:${name}:instance-7`, pid: expect.any(Number) };
      expect(await leaderOf(dataSource, name)).toEqual(holder);
      expect(await leaderOf(admin, name)).toEqual(holder);
      const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [holder.applicationName]);
      expect((await leaderOf(admin, name))!.pid).toBe(rows[0].pid);
      expect(await leaderOf(admin, uniqueName('other'))).toBeNull();

      await lock.release();
      expect(await leaderOf(dataSource, name)).toBeNull();
    } finally {
      await dataSource.destroy();
    }
  });

  it('only sees locks in its own database (advisory locks are per database)', async () => {
    const otherDatabase = await createScratchDatabase(testEnv('serverUrl'), 'leader');
    try {
      const name = uniqueName('elsewhere');
      const elsewhere = lockFor(name, 'elsewhere', otherDatabase);
      expect(await elsewhere.tryAcquire()).toBe(true);
      expect(await leaderOf(admin, name)).toBeNull();
      // And the same name here is a different lock.
      expect(await lockFor(name, 'here').tryAcquire()).toBe(true);
      expect(await leaderOf(admin, name)).toEqual({ applicationName: `checkout:leader:${name}:here`, pid: expect.any(Number) });
      await elsewhere.release();
    } finally {
      await Promise.all(opened.splice(0).map((lock) => lock.release()));
      await dropDatabase(testEnv('serverUrl'), otherDatabase);
    }
  });

  it('finds locks whose keys are negative or have the top bit of either half set (pg_locks shows unsigned halves)', async () => {
    // Names whose keys cover each combination of sign and the low half's top bit.
    const names: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; names.length < 4; i++) {
      const name = uniqueName(`tag-${i}`);
      const key = advisoryLockKey(name);
      const kind = `${key < 0n}:${(key & 0x8000_0000n) !== 0n}`;
      if (!seen.has(kind)) {
        seen.add(kind);
        names.push(name);
      }
    }
    for (const name of names) {
      await lockFor(name, 'tags').tryAcquire();
      expect(await leaderOf(admin, name)).toEqual({ applicationName: expect.stringContaining(`:tags`), pid: expect.any(Number) });
    }
  });
});

describe('advisory lock keys in PostgreSQL', () => {
  it('are the first 8 bytes of SHA-256 over the namespaced name, as PostgreSQL computes them too', async () => {
    const name = uniqueName('derivation');
    const { rows } = await admin.query(
      `SELECT ('x' || left(encode(sha256(convert_to('crypto-checkout/leader-lock/' || $1, 'UTF8')), 'hex'), 16))::bit(64)::bigint::text AS key`,
      [name],
    );
    expect(rows[0].key).toBe(advisoryLockKey(name).toString());
  });

  it('appear in pg_locks as the unsigned high and low halves advisoryLockTag gives', async () => {
    const keys = [0n, 1n, -1n, 0x1_0000_0000n, 0x8000_0000n, -(2n ** 63n), 2n ** 63n - 1n, advisoryLockKey(uniqueName('tag'))];
    const session = new Client({ connectionString: testEnv('databaseUrl') });
    await session.connect();
    try {
      for (const key of keys) {
        await session.query('SELECT pg_advisory_lock($1::bigint)', [key.toString()]);
        const { rows } = await session.query(
          `SELECT classid::bigint::float8 AS classid, objid::bigint::float8 AS objid, objsubid
             FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
        );
        expect(rows).toEqual([{ ...advisoryLockTag(key), objsubid: 1 }]);
        await session.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]);
      }
    } finally {
      await session.end();
    }
  });
});

describe('runWhileLeader', () => {
  const elections: LeaderElection[] = [];
  afterEach(async () => {
    await Promise.all(elections.splice(0).map((election) => election.stop()));
  });

  /** An election whose leader's work runs until aborted, recording each term's signal. */
  function candidate(name: string, instanceId: string, retryMs = 200) {
    const terms: AbortSignal[] = [];
    const lock = lockFor(name, instanceId);
    const election = runWhileLeader(lock, {
      retryMs,
      logger: silent,
      onElected: (signal) => {
        terms.push(signal);
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    elections.push(election);
    return { lock, election, terms };
  }

  it('elects exactly one of several instances; stopping the leader hands over to another', async () => {
    const name = uniqueName('election');
    const candidates = [candidate(name, 'c1'), candidate(name, 'c2'), candidate(name, 'c3')];
    await waitUntil(() => candidates.some(({ election }) => election.leading));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(candidates.filter(({ election }) => election.leading)).toHaveLength(1);
    expect(candidates.flatMap(({ terms }) => terms)).toHaveLength(1);

    const leader = candidates.find(({ election }) => election.leading)!;
    await leader.election.stop();
    expect(leader.terms[0].aborted).toBe(true);
    expect(leader.lock.held).toBe(false);
    await waitUntil(() => candidates.some(({ election }) => election.leading));
    expect(candidates.filter(({ election }) => election.leading)).toHaveLength(1);
    expect(leader.election.leading).toBe(false);
  });

  it("aborts the leader's work when the lock is lost, and competes again", async () => {
    const name = uniqueName('lost');
    const first = candidate(name, 'first');
    await waitUntil(() => first.election.leading);
    const second = candidate(name, 'second');

    const { pid } = (await leaderOf(admin, name))!;
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitUntil(() => first.terms[0].aborted);
    expect(first.terms[0].reason).toBeInstanceOf(Error);
    await waitUntil(() => second.election.leading);
    expect(second.terms).toHaveLength(1);
    expect(first.election.leading).toBe(false);

    // The first competes again: it takes over once the second stops.
    await second.election.stop();
    await waitUntil(() => first.election.leading);
    expect(first.terms).toHaveLength(2);
  });

  it('gives the lock up when the work fails, so another instance can lead', async () => {
    const name = uniqueName('failing');
    const failing = lockFor(name, 'failing');
    let failures = 0;
    elections.push(
      runWhileLeader(failing, {
        retryMs: 5_000,
        logger: silent,
        onElected: async () => {
          failures++;
          throw new Error('the work failed');
        },
      }),
    );
    await waitUntil(() => failures === 1);
    const other = candidate(name, 'other');
    await waitUntil(() => other.election.leading);
    expect(failing.held).toBe(false);
  });
});

describe('a holder killed with SIGKILL', () => {
  let child: ChildProcess | undefined;
  afterEach(() => child?.kill('SIGKILL'));

  it('is replaced by a waiting instance within 10 s', async () => {
    if (!existsSync(BUILT_LOCK)) throw new Error(`${BUILT_LOCK} is missing: run \`npm run build\` (npm test does).`);
    const name = uniqueName('killed');
    const probe = spawn(process.execPath, [PROBE, JSON.stringify({ database: testEnv('databaseUrl'), name, instanceId: 'probe' })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = probe;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      probe.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('HELD')) resolve();
      });
      probe.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      probe.on('exit', () => reject(new Error(`the probe exited:\n${output}`)));
    });
    expect(await leaderOf(admin, name)).toEqual({ applicationName: `checkout:leader:${name}:probe`, pid: expect.any(Number) });

    let electedAt = 0;
    const lock = lockFor(name, 'survivor');
    const election = runWhileLeader(lock, {
      logger: silent,
      onElected: (signal) => {
        electedAt = Date.now();
        return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      },
    });
    try {
      // The survivor is competing (default retry, 2 s) and does not lead while the probe holds the lock.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(election.leading).toBe(false);

      const killedAt = Date.now();
      probe.kill('SIGKILL');
      await waitUntil(() => electedAt > 0, { timeoutMs: 10_000 });
      const takeoverMs = electedAt - killedAt;
      process.stdout.write(`leader killed with SIGKILL: taken over after ${takeoverMs} ms\n`);
      expect(takeoverMs).toBeLessThan(10_000);
      expect(await leaderOf(admin, name)).toEqual({ applicationName: `checkout:leader:${name}:survivor`, pid: expect.any(Number) });
    } finally {
      await election.stop();
    }
  });
});
