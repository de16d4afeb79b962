import { InvalidParamsRpcError, RpcRequestError } from 'viem';
import { AdaptiveRange } from './adaptive-range';

const ALCHEMY_REFUSAL = 'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size.';

/** A provider as eth_getLogs sees it: one item per block, windows wider than `limit` refused as viem reports it. */
function provider(limit: number) {
  const windows: [number, number][] = [];
  const refused: [number, number][] = [];
  const fetch = async (from: bigint, to: bigint): Promise<number[]> => {
    const window: [number, number] = [Number(from), Number(to)];
    if (window[1] - window[0] + 1 > limit) {
      refused.push(window);
      throw new InvalidParamsRpcError(new RpcRequestError({ body: {}, error: { code: -32602, message: ALCHEMY_REFUSAL }, url: 'http://rpc' }));
    }
    windows.push(window);
    return Array.from({ length: window[1] - window[0] + 1 }, (_, index) => window[0] + index);
  };
  return { fetch, windows, refused };
}

const blocks = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('AdaptiveRange', () => {
  it('covers the range in windows of its size, in order', async () => {
    const range = new AdaptiveRange({ initialBlocks: 10 });
    const { fetch, windows } = provider(100);
    expect(await range.collect(1n, 25n, fetch)).toEqual(blocks(1, 25));
    expect(windows).toEqual([
      [1, 10],
      [11, 20],
      [21, 25],
    ]);
  });

  it('halves a refused window and retries its halves until they pass, losing nothing', async () => {
    const range = new AdaptiveRange({ initialBlocks: 2_000 });
    const { fetch, windows, refused } = provider(300);
    expect(await range.collect(0n, 999n, fetch)).toEqual(blocks(0, 999));
    expect(refused).toEqual([
      [0, 999],
      [0, 499],
    ]);
    expect(windows).toEqual([
      [0, 249],
      [250, 499],
      [500, 749],
      [750, 999],
    ]);
  });

  it('grows back by a quarter after four full windows pass, up to its maximum', async () => {
    const range = new AdaptiveRange({ initialBlocks: 100, maxBlocks: 130 });
    const { fetch, windows } = provider(1_000);
    await range.collect(1n, 400n, fetch);
    expect(range.blocks).toBe(125);
    await range.collect(401n, 900n, fetch);
    expect(range.blocks).toBe(130);
    expect(windows.map(([from, to]) => to - from + 1)).toEqual([100, 100, 100, 100, 125, 125, 125, 125]);
  });

  it('does not grow on short windows, such as one-block polls at the head', async () => {
    const range = new AdaptiveRange({ initialBlocks: 100, maxBlocks: 1_000 });
    const { fetch } = provider(1_000);
    for (let block = 1n; block <= 20n; block += 1n) await range.collect(block, block, fetch);
    expect(range.blocks).toBe(100);
  });

  it('keeps what it learnt across calls, and recovers when the provider allows more again', async () => {
    const range = new AdaptiveRange({ initialBlocks: 64 });
    const limited = provider(4);
    expect(await range.collect(0n, 63n, limited.fetch)).toEqual(blocks(0, 63));
    expect(limited.refused.map(([from, to]) => to - from + 1).slice(0, 4)).toEqual([64, 32, 16, 8]);
    const learnt = range.blocks;
    expect(learnt).toBeLessThanOrEqual(4);

    const relaxed = provider(64);
    expect(await range.collect(64n, 2_063n, relaxed.fetch)).toEqual(blocks(64, 2_063));
    expect(relaxed.refused).toEqual([]);
    const sizes = relaxed.windows.map(([from, to]) => to - from + 1);
    expect(sizes[0]).toBe(learnt);
    expect(sizes.slice(0, -1)).toEqual([...sizes.slice(0, -1)].sort((a, b) => a - b));
    expect(range.blocks).toBe(64);
  });

  it('throws when even one block is refused, naming the block', async () => {
    const range = new AdaptiveRange({ initialBlocks: 8 });
    const { fetch, refused } = provider(0);
    await expect(range.collect(40n, 47n, fetch)).rejects.toThrow('the provider refuses eth_getLogs even for block 40 alone');
    expect(refused.map(([from, to]) => to - from + 1)).toEqual([8, 4, 2, 1]);
  });

  it('lets any other error through at once, without shrinking', async () => {
    const range = new AdaptiveRange({ initialBlocks: 8 });
    let calls = 0;
    const failing = async (): Promise<number[]> => {
      calls += 1;
      throw new Error('header not found');
    };
    await expect(range.collect(1n, 100n, failing)).rejects.toThrow('header not found');
    expect(calls).toBe(1);
    expect(range.blocks).toBe(8);
  });

  it('makes no call for an empty range', async () => {
    const { fetch, windows } = provider(10);
    expect(await new AdaptiveRange().collect(5n, 4n, fetch)).toEqual([]);
    expect(windows).toEqual([]);
  });

  it('refuses sizes that are not whole numbers from 1 up to the maximum', () => {
    expect(() => new AdaptiveRange({ initialBlocks: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveRange({ initialBlocks: 1.5 })).toThrow(RangeError);
    expect(() => new AdaptiveRange({ initialBlocks: 10, maxBlocks: 5 })).toThrow(RangeError);
    expect(new AdaptiveRange().blocks).toBe(2_000);
  });
});
