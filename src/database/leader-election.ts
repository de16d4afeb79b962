import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@nestjs/common';
import type { LeaderLock, LockLogger } from './leader-lock';

/** How often a follower tries to take the lock, and how long a leader that lost it waits before trying again. */
const DEFAULT_RETRY_MS = 2_000;

export interface LeaderElectionOptions {
  /** Between attempts to take the lock; 2 s by default. */
  retryMs?: number;
  /**
   * The leader's work, started each time this instance takes the lock. `signal` is aborted when the lock is
   * lost or the election stops; the work must then stop acting as leader and return soon. Work that returns
   * or throws while still leading gives the lock up, so another instance (or this one, later) can take over.
   */
  onElected(signal: AbortSignal): Promise<void>;
  logger: LockLogger;
}

/** A running election: see `runWhileLeader`. */
export interface LeaderElection {
  /** Whether this instance leads right now. */
  readonly leading: boolean;
  /** Aborts the leader's work, waits for it to return, and releases the lock. */
  stop(): Promise<void>;
}

/**
 * Competes for `lock` until stopped: tries to take it every `retryMs`, and
 * while it holds it runs `onElected`. Every instance runs the same election;
 * one leads, the others wait to take over when it dies or loses its connection.
 */
export function runWhileLeader(lock: LeaderLock, options: LeaderElectionOptions): LeaderElection {
  const stopping = new AbortController();
  const running = compete(lock, options, stopping.signal);
  return {
    get leading() {
      return lock.held;
    },
    async stop() {
      stopping.abort(new Error('the election stopped'));
      await running;
      await lock.release();
    },
  };
}

async function compete(lock: LeaderLock, options: LeaderElectionOptions, stopped: AbortSignal): Promise<void> {
  const { logger } = options;
  // An unreachable database is worth one warning, not one per attempt.
  let warnOnFailure = true;
  while (!stopped.aborted) {
    try {
      const acquired = await lock.tryAcquire();
      warnOnFailure = true;
      if (acquired && !stopped.aborted) await lead(lock, options, stopped);
    } catch (error) {
      if (warnOnFailure) logger.warn({ lock: lock.name, err: error }, 'cannot reach PostgreSQL to try the leader lock; trying again');
      warnOnFailure = false;
    }
    await sleep(options.retryMs ?? DEFAULT_RETRY_MS, undefined, { signal: stopped }).catch(() => undefined);
  }
}

async function lead(lock: LeaderLock, options: LeaderElectionOptions, stopped: AbortSignal): Promise<void> {
  const tenure = new AbortController();
  const end = (reason: unknown) => tenure.abort(reason);
  const stopListening = lock.onLost(end);
  const onStop = () => end(stopped.reason);
  stopped.addEventListener('abort', onStop, { once: true });
  // Lost between taking the lock and listening for that.
  if (!lock.held) end(new Error('lost the leader lock'));
  try {
    await options.onElected(tenure.signal);
    if (!tenure.signal.aborted) options.logger.warn({ lock: lock.name }, "the leader's work ended while it led; giving the lock up");
  } catch (error) {
    if (!tenure.signal.aborted) options.logger.error({ lock: lock.name, err: error }, "the leader's work failed; giving the lock up");
  } finally {
    stopListening();
    stopped.removeEventListener('abort', onStop);
  }
  if (!tenure.signal.aborted) await lock.release();
}

/** A Nest logger as the lock's: the lock speaks pino's (details, message), which Nest's logger (through nestjs-pino) takes too. */
export function lockLoggerOf(logger: Logger): LockLogger {
  return { info: (details, message) => logger.log(details, message), warn: (details, message) => logger.warn(details, message), error: (details, message) => logger.error(details, message) };
}
