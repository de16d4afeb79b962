import type { Address } from 'viem';
import { idAt } from '../common/pagination/created-bounds';
import type { Network } from '../chains/networks';
import type { ChainLedger, WatchedAddress } from './chain-ledger';

/**
 * How often the whole watched set is read again. Sessions leave it only as their monitoring
 * window closes (PAYMENT_MONITORING_HOURS after expiry or completion), so one is dropped at most
 * this much late, and in the meantime a payment to it is still recorded, late.
 */
export const FULL_READ_MS = 60_000;

/**
 * Between full reads, only sessions created since this long before the previous read are read.
 * A session's id is stamped before its transaction commits: one committing late (a slow
 * transaction, or another instance's clock a little behind this one's) is still found.
 */
export const NEW_SESSION_SLACK_MS = 10_000;

/**
 * One network's watched deposit addresses, kept between ticks. Reading the 10,000 rows of open
 * sessions every tick (twice a block) was a large part of the watcher's CPU; sessions enter the
 * set only by being created, so between full reads a tick reads only the newest sessions, by id
 * through the `(livemode, id)` index. A session is watched from the first tick after it commits.
 */
export class WatchedAddresses {
  private byAddress = new Map<Address, boolean>();
  private entries: WatchedAddress[] = [];
  private lowercase = new Set<string>();
  private fullReadAt = Number.NEGATIVE_INFINITY;
  private lastReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly network: Network,
    private readonly ledger: Pick<ChainLedger, 'watchedAddresses'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The addresses to watch now, and the same lowercased (for matching logs). */
  async current(): Promise<{ entries: readonly WatchedAddress[]; lowercase: ReadonlySet<string> }> {
    const startedAt = this.now();
    if (startedAt - this.fullReadAt >= FULL_READ_MS) {
      this.byAddress = new Map();
      this.add(await this.ledger.watchedAddresses(this.network));
      this.fullReadAt = startedAt;
    } else {
      this.add(await this.ledger.watchedAddresses(this.network, idAt('cs', new Date(this.lastReadAt - NEW_SESSION_SLACK_MS).toISOString())));
    }
    this.lastReadAt = startedAt;
    return { entries: this.entries, lowercase: this.lowercase };
  }

  private add(rows: readonly WatchedAddress[]): void {
    const before = this.byAddress.size;
    for (const row of rows) this.byAddress.set(row.address, row.native);
    if (this.byAddress.size === before && this.entries.length === before) return;
    this.entries = [...this.byAddress].map(([address, native]) => ({ address, native }));
    this.lowercase = new Set(this.entries.map((entry) => entry.address.toLowerCase()));
  }
}
