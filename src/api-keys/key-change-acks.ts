import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertOutsideTransaction } from '../common/data/outside-transaction';
import type { TxHost } from '../common/data/tx-host';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { KEY_CHANGES_APPLICATION_NAME, KeyChange, notifyKeyChanged } from './key-changes';

/**
 * How long a change waits for the instances that have not acknowledged it. A listener's heartbeat
 * turns its instance's cache off within 3 s of its link dying, and a live link delivers the notice
 * ahead of the next heartbeat's answer: after 3 s (and a margin for late timers), every instance
 * has either dropped the key or stopped caching, acknowledged or not.
 */
export const KEY_CHANGE_ACK_BOUND_MS = 3_500;

/** The notices one transaction sends: `<batch>.<n>`, so each instance acknowledges each notice. */
export class KeyChangeBatch {
  readonly changes: KeyChange[] = [];
  /** Listener backend pid → the notice numbers it acknowledged. */
  readonly acks = new Map<number, Set<number>>();
  wake?: () => void;

  constructor(readonly id: string) {}

  /** Queues `key`'s change notice in the transaction of `manager`. */
  async notify(manager: EntityManager, key: { id: string; secretHash: string }): Promise<KeyChange> {
    const change = await notifyKeyChanged(manager, key, `${this.id}.${this.changes.length}`);
    this.changes.push(change);
    return change;
  }

  /** The listeners among `pids` that have not acknowledged every notice. */
  missing(pids: number[]): number[] {
    return pids.filter((pid) => (this.acks.get(pid)?.size ?? 0) < this.changes.length);
  }
}

/**
 * Makes a key change answer only once every running instance has acted on it. Each instance's
 * `KeyChangeListener` acknowledges every notice on `KEY_CHANGE_ACKS_CHANNEL` after evicting the
 * key, and hands the acknowledgements it hears to `heard`. After its transaction commits, the
 * instance that made the change reads which listeners are connected to this database
 * (`pg_stat_activity`, by their `application_name`) and waits until each has acknowledged every
 * notice, for `KEY_CHANGE_ACK_BOUND_MS` at most. Acknowledgements are collected from before the
 * commit, so a fast one is not missed.
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
   * acknowledged the notices (or the bound has passed).
   */
  async transaction<T>(work: (manager: EntityManager, batch: KeyChangeBatch) => Promise<T>): Promise<T> {
    assertOutsideTransaction(this.txHost, 'A key change (it waits for every instance to acknowledge it)');
    const batch = new KeyChangeBatch(randomUUID());
    this.batches.set(batch.id, batch);
    try {
      const result = await this.dataSource.transaction((manager) => work(manager, batch));
      // This instance forgets the keys at once, whatever its own listener is doing.
      for (const change of batch.changes) this.authenticator.keyChanged(change);
      if (batch.changes.length > 0) await this.acknowledged(batch);
      return result;
    } finally {
      this.batches.delete(batch.id);
    }
  }

  /** An acknowledgement (`<batch>.<n>`) heard from the listener with backend pid `pid`. */
  heard(payload: string, pid: number): void {
    const [batchId, index, ...rest] = payload.split('.');
    const batch = this.batches.get(batchId);
    if (!batch || rest.length > 0 || !/^\d+$/.test(index)) return;
    const acked = batch.acks.get(pid) ?? new Set<number>();
    acked.add(Number(index));
    batch.acks.set(pid, acked);
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
      await sleep(deadline - Date.now());
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
