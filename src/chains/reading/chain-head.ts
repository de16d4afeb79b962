import { BlockNotFoundError, type Hash, type PublicClient } from 'viem';

export interface ChainHead {
  number: bigint;
  hash: Hash;
  /** Equal to the hash the watcher stored for `number − 1` unless the chain reorganised under it. */
  parentHash: Hash;
  /** Seconds since the epoch, as the block says. */
  timestamp: bigint;
  safe?: bigint;
  finalized?: bigint;
}

/**
 * The latest block and, if asked, the numbers of the `safe` and `finalized` blocks. The requests
 * are issued together, so a batching transport (createRpcClient) sends them as one JSON-RPC batch:
 * one HTTP round trip for one to three requests.
 */
export async function readHead(client: PublicClient, { withSafe, withFinalized }: { withSafe: boolean; withFinalized: boolean }): Promise<ChainHead> {
  const [latest, safe, finalized] = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    withSafe ? client.getBlock({ blockTag: 'safe' }) : undefined,
    withFinalized ? client.getBlock({ blockTag: 'finalized' }) : undefined,
  ]);
  return {
    number: latest.number,
    hash: latest.hash,
    parentHash: latest.parentHash,
    timestamp: latest.timestamp,
    ...(safe && { safe: safe.number }),
    ...(finalized && { finalized: finalized.number }),
  };
}

/**
 * The hash of each block in `numbers` that the chain has now, in one batch (see readHead): the
 * watcher compares them with the hashes it stored to find where a reorg started. A number above
 * the head (the chain got shorter) is absent from the map.
 */
export async function readBlockHashes(client: PublicClient, numbers: readonly bigint[]): Promise<Map<bigint, Hash>> {
  const blocks = await Promise.all(
    numbers.map((blockNumber) =>
      client.getBlock({ blockNumber }).catch((error: unknown) => {
        if (error instanceof BlockNotFoundError) return undefined;
        throw error;
      }),
    ),
  );
  return new Map(blocks.filter((block) => block !== undefined).map((block) => [block.number, block.hash]));
}
