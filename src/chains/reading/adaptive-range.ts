import { isLogRangeTooLarge } from './log-range-errors';

export interface AdaptiveRangeOptions {
  /** Blocks per eth_getLogs at first; 2,000 is what the strictest common providers accept. */
  initialBlocks?: number;
  /** The most it grows back to. */
  maxBlocks?: number;
}

/** Full-size windows that must pass in a row before the range grows again. */
const SUCCESSES_BEFORE_GROWTH = 4;

/**
 * How many blocks one eth_getLogs may span on one network, learnt from the provider's refusals: it
 * halves when a window is refused as too large (range or result) and grows back by a quarter after
 * a run of full-size windows pass, so a burst of busy blocks does not slow the network for good.
 * Keep one per network and query shape: a range learnt on unfiltered queries is small for filtered ones.
 */
export class AdaptiveRange {
  private size: number;
  private readonly max: number;
  private streak = 0;

  constructor({ initialBlocks = 2_000, maxBlocks = initialBlocks }: AdaptiveRangeOptions = {}) {
    if (!(Number.isInteger(initialBlocks) && initialBlocks >= 1 && Number.isInteger(maxBlocks) && maxBlocks >= initialBlocks)) {
      throw new RangeError('AdaptiveRange needs whole numbers 1 ≤ initialBlocks ≤ maxBlocks');
    }
    this.size = initialBlocks;
    this.max = maxBlocks;
  }

  /** Blocks the next window spans at most. */
  get blocks(): number {
    return this.size;
  }

  /**
   * Runs `fetch` over [fromBlock, toBlock] in consecutive windows of at most `blocks` blocks and
   * concatenates the results in block order. A window refused as too large is retried in halves;
   * a single block still refused, or any other error, is thrown.
   */
  async collect<T>(fromBlock: bigint, toBlock: bigint, fetch: (fromBlock: bigint, toBlock: bigint) => Promise<T[]>): Promise<T[]> {
    const results: T[] = [];
    let start = fromBlock;
    while (start <= toBlock) {
      const span = Math.min(this.size, Number(toBlock - start) + 1);
      const end = start + BigInt(span) - 1n;
      let window: T[];
      try {
        window = await fetch(start, end);
      } catch (error) {
        if (!isLogRangeTooLarge(error)) throw error;
        if (span === 1) throw new Error(`the provider refuses eth_getLogs even for block ${start} alone`, { cause: error });
        this.shrink(span);
        continue;
      }
      for (const item of window) results.push(item);
      if (span === this.size) this.passed();
      start = end + 1n;
    }
    return results;
  }

  private shrink(refusedSpan: number): void {
    this.size = Math.max(1, Math.floor(refusedSpan / 2));
    this.streak = 0;
  }

  /** Only a full-size window says the range could be larger; a short tail at the head says nothing. */
  private passed(): void {
    this.streak += 1;
    if (this.streak < SUCCESSES_BEFORE_GROWTH || this.size === this.max) return;
    this.size = Math.min(this.max, this.size + Math.max(1, Math.floor(this.size / 4)));
    this.streak = 0;
  }
}
