import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertOutsideTransaction } from '../common/data/outside-transaction';
import type { TxHost } from '../common/data/tx-host';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { KEY_CHANGE_ACK_REQUESTS_CHANNEL, KEY_CHANGES_APPLICATION_NAME, KeyChange, notifyKeyChanged } from './key-changes';

/**
 * How long a change waits for the instances that have not acknowledged it. A listener's heartbeat
 * turns its instance's cache off within 3 s of its link dying, and a live link delivers the notice
 * ahead of the next heartbeat's answer: after 3 s (and a margin for late timers), every instance
 * has either dropped the key or stopped caching, acknowledged or not.
 */
export const KEY_CHANGE_ACK_BOUND_MS = 3_500;

/** The key changes one transaction makes, and the listeners that have acknowledged them. */
export class KeyChangeBatch {
  readonly changes: KeyChange[] = [];
  /** Whether a change stops or shortens a key that may be cached: only those are waited for. */
  restricts = false;
  /** Backend pids of the listeners that acknowledged. */
  readonly acked = new Set<number>();
  wake?: () => void;

  constructor(readonly id: string) {}

  /** Queues the notice that `key` was revoked or shortened, in the transaction of `manager`: the change waits for every instance. */
  async restrict(manager: EntityManager, key: { id: string; secretHash: string }): Promise<void> {
    this.restricts = true;
    this.changes.push(await notifyKeyChanged(manager, key));
  }

  /**
   * Queues the notice of a new key. Nothing is waited for: no instance can have cached a key that
   * did not exist, and an instance that has not heard of it yet looks it up in the database.
   */
  async announce(manager: EntityManager, key: { id: string; secretHash: string }): Promise<void> {
    this.changes.push(await notifyKeyChanged(manager, key));
  }

  /** The listeners among `pids` that have not acknowledged. */
  missing(pids: number[]): number[] {
    return pids.filter((pid) => !this.acked.has(pid));
  }
}

/**
 * Makes a change that revokes or shortens a key answer only once every running instance has acted on it. The transaction
 * ends its key-change notices with a request for acknowledgement (`KEY_CHANGE_ACK_REQUESTS_CHANNEL`);
 * each instance's `KeyChangeListener`, having evicted the keys of the notices before it, answers on
 * `KEY_CHANGE_ACKS_CHANNEL`, and hands the acknowledgements it hears to `heard`. After the commit,
 * the instance that made the change reads which listeners are connected to this database
 * (`pg_stat_activity`, by their `application_name`) and waits until each has acknowledged, for
 * `KEY_CHANGE_ACK_BOUND_MS` at most. Acknowledgements are collected from before the commit, so a
 * fast one is not missed. The notices themselves are unchanged, so an instance of the previous
 * version still evicts (it only does not acknowledge).
 */
@Injectable()
export class KeyChangeAcks {
  private readonly logger = new Logger(KeyChangeAcks.name);
  private readonly batches = new Map<string, KeyChangeBatch>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /**
   * Runs `work` in a transaction of its own, its notices queued through the batch; resolves after
   * the commit, once this instance has forgotten the changed keys and every listening instance has
   * acknowledged them (or the bound has passed).
   */
  async transaction<T>(work: (manager: EntityManager, batch: KeyChangeBatch) => Promise<T>): Promise<T> {
    assertOutsideTransaction(this.txHost, 'A key change (it waits for every instance to acknowledge it)');
    const batch = new KeyChangeBatch(randomUUID());
    this.batches.set(batch.id, batch);
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        const done = await work(manager, batch);
        if (batch.restricts) await manager.query('SELECT pg_notify($1, $2)', [KEY_CHANGE_ACK_REQUESTS_CHANNEL, batch.id]);
        return done;
      });
      // This instance forgets the keys at once, whatever its own listener is doing.
      for (const change of batch.changes) this.authenticator.keyChanged(change);
      if (batch.restricts) await this.acknowledged(batch);
      return result;
    } finally {
      this.batches.delete(batch.id);
    }
  }

  /** An acknowledgement of change `changeId` heard from the listener with backend pid `pid`. */
  heard(changeId: string, pid: number): void {
    const batch = this.batches.get(changeId);
    if (!batch) return;
    batch.acked.add(pid);
    batch.wake?.();
  }

  private async acknowledged(batch: KeyChangeBatch): Promise<void> {
    const deadline = Date.now() + KEY_CHANGE_ACK_BOUND_MS;
    let listeners: number[];
    try {
      const rows: { pid: number }[] = await this.dataSource.query(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [KEY_CHANGES_APPLICATION_NAME],
      );
      listeners = rows.map((row) => row.pid);
    } catch (error) {
      // Which instances listen is unknown: the bound alone still guarantees the change everywhere.
      this.logger.warn({ err: error }, 'could not list the instances listening for key changes; waiting out the bound');
      await sleep(Math.max(0, deadline - Date.now()));
      return;
    }
    for (let remaining = deadline - Date.now(); batch.missing(listeners).length > 0; remaining = deadline - Date.now()) {
      if (remaining <= 0) {
        const missing = batch.missing(listeners).length;
        this.logger.warn(
          { listening: listeners.length, missing },
          `${missing} of ${listeners.length} instances did not acknowledge a key change within ${KEY_CHANGE_ACK_BOUND_MS} ms; each has dropped the key or stopped caching by now`,
        );
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        batch.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
