import {
  encodeFunctionData,
  keccak256,
  getAddress,
  multicall3Abi,
  parseAbi,
  parseAbiItem,
  parseEther,
  parseEventLogs,
  toHex,
  type Address,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { ethForwarderArtifact } from '../contracts/artifacts/EthForwarder';
import { multicall3Artifact } from '../contracts/artifacts/Multicall3';
import { testTokenArtifact } from '../contracts/artifacts/TestToken';
import { tetherLikeTokenArtifact } from '../contracts/artifacts/TetherLikeToken';
import { MULTICALL3_ADDRESS, installMulticall3 } from '../src/chains/multicall3';
import { AdaptiveRange } from '../src/chains/reading/adaptive-range';
import { readBlockHashes, readHead } from '../src/chains/reading/chain-head';
import { BALANCES_PER_CALL, findBalanceRise, findPlainTransfer, readEthBalances } from '../src/chains/reading/native-balances';
import { RECIPIENTS_PER_FILTER, fetchDepositLogs, type TransferQuery, type TokenTransfer } from '../src/chains/reading/transfer-logs';
import { DEPOSIT_FACTORY_ADDRESS, depositAddress, depositFactoryDeployment, sweepManyCall } from '../src/chains/deposit-factory';
import { createRpcClient } from '../src/chains/rpc-client';
import { startTestChain, type TestChain } from './support/evm';
import { freePort } from './support/free-port';
import { JsonRpcProxy, type LogRangeLimit } from './support/json-rpc-proxy';

const tokenAbi = testTokenArtifact.abi;
const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

/** Real refusals: Alchemy's for a response too large, Infura's for too many results (the code viem retries once). */
const ALCHEMY_LIMIT = {
  code: -32602,
  message:
    'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response.',
};
const INFURA_LIMIT = { code: -32005, message: 'query returned more than 10000 results. Try with this block range [0x1, 0x2].' };

let chain: TestChain;
let proxy: JsonRpcProxy;
/** The service's own client (batching, failover) through the counting proxy. */
let client: PublicClient;
let usdc: Address;
let usdt: Address;
let otherToken: Address;

beforeAll(async () => {
  chain = await startTestChain();
  await installMulticall3(chain.testClient);
  // Checksummed, as the catalogue lists them and fetchTransfers reports them (receipts give lower case).
  usdc = getAddress(await chain.deploy(testTokenArtifact, ['Test USD Coin', 'USDC']));
  usdt = getAddress(await chain.deploy(tetherLikeTokenArtifact, ['Test Tether USD', 'USDT']));
  otherToken = getAddress(await chain.deploy(testTokenArtifact, ['Not In The Catalogue', 'NOPE']));
  proxy = await JsonRpcProxy.start(chain.anvil.rpcUrl);
  client = createRpcClient([proxy.url]);
}, 30_000);

afterAll(async () => {
  await proxy?.stop();
  await chain?.stop();
});

beforeEach(() => {
  proxy.reset();
  proxy.logRangeLimit = undefined;
});

let counter = 0n;
/** A fresh address, never used before in this suite. */
function fresh(): Address {
  counter += 1n;
  return getAddress(toHex(0xdeadn * 2n ** 144n + counter, { size: 20 }));
}

async function head(): Promise<bigint> {
  return chain.publicClient.getBlockNumber();
}

async function mineEmpty(blocks: number): Promise<void> {
  await chain.testClient.mine({ blocks });
}

/**
 * Sends the transactions into one block (automine paused), mines it and returns their receipts.
 * Each names its gas: Anvil estimates a call against the mined state, and one that depends on an
 * earlier transaction of the block would otherwise get the whole block's gas and wait for the next.
 */
async function inOneBlock(sends: (() => Promise<Hash>)[]): Promise<TransactionReceipt[]> {
  await chain.testClient.setAutomine(false);
  try {
    const hashes: Hash[] = [];
    for (const send of sends) hashes.push(await send());
    await chain.testClient.mine({ blocks: 1 });
    const receipts = await Promise.all(hashes.map(chain.mined));
    expect(new Set(receipts.map((receipt) => receipt.blockNumber)).size).toBe(1);
    return receipts;
  } finally {
    await chain.testClient.setAutomine(true);
  }
}

const TOKEN_CALL_GAS = 100_000n;
const mint = (token: Address, to: Address, value: bigint) => () =>
  chain.walletClient.writeContract({ address: token, abi: tokenAbi, functionName: 'mint', args: [to, value], gas: TOKEN_CALL_GAS });
const transfer = (token: Address, to: Address, value: bigint) => () =>
  chain.walletClient.writeContract({ address: token, abi: tokenAbi, functionName: 'transfer', args: [to, value], gas: TOKEN_CALL_GAS });

/** What the receipts say: the catalogue tokens' Transfer logs to the recipients, in chain order. */
function transfersIn(receipts: TransactionReceipt[], tokens: Address[], recipients: Address[]): TokenTransfer[] {
  return parseEventLogs({ abi: [transferEvent], logs: receipts.flatMap((receipt) => receipt.logs) })
    .filter((log) => tokens.includes(getAddress(log.address)) && recipients.includes(log.args.to))
    .map((log) => ({
      token: getAddress(log.address),
      from: log.args.from,
      to: log.args.to,
      value: log.args.value,
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
    }))
    .sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

describe('Multicall3 on the local chain', () => {
  it('puts our runtime code at the canonical address, once', async () => {
    expect(await chain.publicClient.getCode({ address: MULTICALL3_ADDRESS })).toBe(multicall3Artifact.deployedBytecode);
    await installMulticall3(proxy.url);
    expect(proxy.methods).toEqual(['eth_getCode']);
  });

  it('answers getBlockNumber, getEthBalance and aggregate3 through the canonical ABI', async () => {
    const [blockNumber, balance] = await Promise.all([
      client.readContract({ address: MULTICALL3_ADDRESS, abi: parseAbi(['function getBlockNumber() view returns (uint256)']), functionName: 'getBlockNumber' }),
      client.readContract({ address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getEthBalance', args: [chain.funder] }),
    ]);
    expect(blockNumber).toBe(await head());
    expect(balance).toBe(await chain.publicClient.getBalance({ address: chain.funder }));

    // Multicall3 holds no tokens, so its transfer of one unit fails.
    const failing = { target: usdc, callData: encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [chain.funder, 1n] }) };
    const allowed = await client.readContract({ address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'aggregate3', args: [[{ ...failing, allowFailure: true }]] });
    expect(allowed.map((result) => result.success)).toEqual([false]);
    await expect(
      client.readContract({ address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'aggregate3', args: [[{ ...failing, allowFailure: false }]] }),
    ).rejects.toThrow(/revert/i);
  });
});

/** The token transfers of fetchDepositLogs (its factory query has its own range: see below). */
async function fetchTransfers(rpc: PublicClient, query: TransferQuery, range: AdaptiveRange): Promise<TokenTransfer[]> {
  return (await fetchDepositLogs(rpc, query, { transfers: range, swept: new AdaptiveRange() })).transfers;
}

/** The proxy's record of the Transfer queries, without the factory-only `Swept` query that goes beside a filtered one. */
const transferQueries = () => proxy.logQueries.filter((query) => query.addresses.join() !== DEPOSIT_FACTORY_ADDRESS.toLowerCase());

describe('fetchDepositLogs: token transfers', () => {
  const recipients = Array.from({ length: 5 }, fresh);
  const [r0, r1, r2, r3, r4] = recipients;
  const outsiders = [fresh(), fresh()];
  let fromBlock: bigint;
  let toBlock: bigint;
  let expected: TokenTransfer[];

  beforeAll(async () => {
    fromBlock = (await head()) + 1n;
    const receipts = [
      ...(await inOneBlock([mint(usdc, r0, 100n)])),
      ...(await inOneBlock([mint(usdt, r1, 200n), mint(usdc, outsiders[0], 300n), mint(otherToken, r2, 400n), mint(usdc, r2, 500n)])),
      ...(await inOneBlock([mint(usdc, chain.funder, 10_000n), transfer(usdc, r3, 600n), transfer(usdc, outsiders[1], 700n), mint(usdt, chain.funder, 900n)])),
      ...(await inOneBlock([transfer(usdt, r4, 800n)])),
    ];
    await mineEmpty(3);
    receipts.push(...(await inOneBlock([mint(usdc, r1, 7n), mint(usdt, r1, 8n), mint(otherToken, r1, 9n)])));
    toBlock = await head();
    expected = transfersIn(receipts, [usdc, usdt], recipients);
  });

  it('expects what was sent to the recipients in the catalogue tokens (the fixture is what it claims)', () => {
    const name = (token: Address) => (token === usdc ? 'USDC' : 'USDT');
    expect(expected.map((t) => [name(t.token), recipients.indexOf(t.to), t.value])).toEqual([
      ['USDC', 0, 100n],
      ['USDT', 1, 200n],
      ['USDC', 2, 500n],
      ['USDC', 3, 600n],
      ['USDT', 4, 800n],
      ['USDC', 1, 7n],
      ['USDT', 1, 8n],
    ]);
  });

  it('returns exactly the transfers of the tokens to the recipients, in order, with one filtered query', async () => {
    const transfers = await fetchTransfers(client, { tokens: [usdc, usdt], recipients, fromBlock, toBlock }, new AdaptiveRange());
    expect(transfers).toEqual(expected);
    expect(transferQueries()).toEqual([{ fromBlock, toBlock, recipients: 5, addresses: [usdc, usdt].map((a) => a.toLowerCase()), refused: false }]);
  });

  it(`above ${RECIPIENTS_PER_FILTER} recipients, queries without the recipient filter and filters here`, async () => {
    const many = [...Array.from({ length: 300 }, fresh), ...recipients, ...Array.from({ length: 295 }, fresh)];
    expect(many).toHaveLength(600);
    const transfers = await fetchTransfers(client, { tokens: [usdc, usdt], recipients: many, fromBlock, toBlock }, new AdaptiveRange());
    expect(transfers).toEqual(expected);
    // One query for both: the tokens' Transfer logs and the factory's Swept logs.
    expect(proxy.logQueries).toEqual([{ fromBlock, toBlock, recipients: 0, addresses: [usdc, usdt, DEPOSIT_FACTORY_ADDRESS].map((a) => a.toLowerCase()), refused: false }]);
  });

  it.each([
    ['filtered', 5],
    ['unfiltered', 600],
  ])('finds the factory\'s Swept logs beside the transfers (%s)', async (_path, count) => {
    const code = await chain.publicClient.getCode({ address: DEPOSIT_FACTORY_ADDRESS });
    if (!code || code === '0x') await chain.mined(await chain.walletClient.sendTransaction(depositFactoryDeployment));
    const payout = fresh();
    const salt = keccak256(toHex(`swept ${count}`));
    const [receipt] = await inOneBlock([() => chain.walletClient.sendTransaction(sweepManyCall([{ payout, salt, tokens: [usdc] }]))]);
    const wanted = [...recipients, ...Array.from({ length: count - recipients.length }, fresh)];

    const logs = await fetchDepositLogs(client, { tokens: [usdc, usdt], recipients: wanted, fromBlock: receipt.blockNumber, toBlock: receipt.blockNumber }, { transfers: new AdaptiveRange(), swept: new AdaptiveRange() });
    expect(logs).toEqual({ transfers: [], swept: [{ depositAddress: depositAddress(payout, salt), txHash: receipt.transactionHash, blockNumber: receipt.blockNumber }] });
  });

  it('matches recipients whatever their letter case', async () => {
    const lower = recipients.map((address) => address.toLowerCase() as Address);
    expect(await fetchTransfers(client, { tokens: [usdc, usdt], recipients: lower, fromBlock, toBlock }, new AdaptiveRange())).toEqual(expected);
  });

  it.each([
    ['Alchemy', 'filtered', ALCHEMY_LIMIT, 5],
    ['Infura', 'unfiltered', INFURA_LIMIT, 600],
  ])('halves the range when the provider (%s) refuses it, and still returns everything (%s)', async (_provider, _path, error, count) => {
    proxy.logRangeLimit = { blocks: 2, error } satisfies LogRangeLimit;
    const wanted = [...recipients, ...Array.from({ length: count - recipients.length }, fresh)];
    const range = new AdaptiveRange();
    const transfers = await fetchTransfers(client, { tokens: [usdc, usdt], recipients: wanted, fromBlock, toBlock }, range);
    expect(transfers).toEqual(expected);
    expect(range.blocks).toBeLessThan(2_000);
    const answered = transferQueries().filter((query) => !query.refused);
    expect(transferQueries().some((query) => query.refused)).toBe(true);
    for (const query of answered) expect(query.toBlock - query.fromBlock + 1n).toBeLessThanOrEqual(2n);
    // The answered windows tile the range exactly: nothing skipped, nothing read twice.
    expect(answered[0].fromBlock).toBe(fromBlock);
    expect(answered.at(-1)!.toBlock).toBe(toBlock);
    answered.slice(1).forEach((query, index) => expect(query.fromBlock).toBe(answered[index].toBlock + 1n));
  });

  it('does not send a refused range to the next RPC URL: it shrinks it', async () => {
    const second = await JsonRpcProxy.start(chain.anvil.rpcUrl);
    try {
      proxy.logRangeLimit = { blocks: 3, error: ALCHEMY_LIMIT };
      const failingOver = createRpcClient([proxy.url, second.url]);
      const transfers = await fetchTransfers(failingOver, { tokens: [usdc, usdt], recipients, fromBlock, toBlock }, new AdaptiveRange());
      expect(transfers).toEqual(expected);
      expect(second.count('eth_getLogs')).toBe(0);
    } finally {
      await second.stop();
    }
  });

  it('throws when the provider refuses even one block', async () => {
    proxy.logRangeLimit = { blocks: 0, error: ALCHEMY_LIMIT };
    await expect(fetchTransfers(client, { tokens: [usdc, usdt], recipients, fromBlock, toBlock }, new AdaptiveRange())).rejects.toThrow(
      `the provider refuses eth_getLogs even for block ${fromBlock} alone`,
    );
  });

  it('lets other errors through at once, without shrinking', async () => {
    proxy.logRangeLimit = { blocks: 0, error: { code: -32000, message: 'header not found' } };
    const range = new AdaptiveRange();
    await expect(fetchTransfers(client, { tokens: [usdc, usdt], recipients, fromBlock, toBlock }, range)).rejects.toThrow('header not found');
    expect(transferQueries()).toHaveLength(1);
    expect(range.blocks).toBe(2_000);
  });

  it('asks only for sweeps when there are no recipients or no tokens (a swept address may be watched no more)', async () => {
    expect(await fetchTransfers(client, { tokens: [usdc], recipients: [], fromBlock, toBlock }, new AdaptiveRange())).toEqual([]);
    expect(await fetchTransfers(client, { tokens: [], recipients, fromBlock, toBlock }, new AdaptiveRange())).toEqual([]);
    expect(transferQueries()).toEqual([]);
    expect(proxy.logQueries.map((query) => query.addresses)).toEqual([[DEPOSIT_FACTORY_ADDRESS.toLowerCase()], [DEPOSIT_FACTORY_ADDRESS.toLowerCase()]]);
  });
});

describe('ETH balances', () => {
  it('reads the balances of 50 addresses in one contract-less call, at the block asked', async () => {
    const holders = Array.from({ length: 50 }, fresh);
    const [receipt] = await inOneBlock(holders.map((to, index) => () => chain.walletClient.sendTransaction({ to, value: BigInt(index + 1) * 10n ** 9n, gas: 21_000n })));
    proxy.reset();
    const balances = await readEthBalances(client, holders, receipt.blockNumber);
    expect([...balances]).toEqual(holders.map((holder, index) => [holder, BigInt(index + 1) * 10n ** 9n]));
    expect(proxy.methods).toEqual(['eth_call']);

    const before = await readEthBalances(client, holders, receipt.blockNumber - 1n);
    expect([...before.values()]).toEqual(holders.map(() => 0n));
  });

  it(`splits large lists into calls of ${BALANCES_PER_CALL}`, async () => {
    const holders = Array.from({ length: BALANCES_PER_CALL + 1 }, fresh);
    await chain.mined(await chain.walletClient.sendTransaction({ to: holders.at(-1)!, value: 5n }));
    const balances = await readEthBalances(client, holders, await head());
    expect(balances.size).toBe(BALANCES_PER_CALL + 1);
    expect(balances.get(holders.at(-1)!)).toBe(5n);
    expect(proxy.count('eth_call')).toBe(2);
  });

  it('reads balances up to 2^96 − 1 wei, and fails rather than truncate one above', async () => {
    const [largest, tooLarge] = [fresh(), fresh()];
    await chain.testClient.setBalance({ address: largest, value: 2n ** 96n - 1n });
    expect((await readEthBalances(client, [fresh(), largest], await head())).get(largest)).toBe(2n ** 96n - 1n);
    await chain.testClient.setBalance({ address: tooLarge, value: 2n ** 96n });
    await expect(readEthBalances(client, [largest, tooLarge], await head())).rejects.toThrow();
  });

  it('finds the block where ETH sent by a contract arrived (no transaction of its own), and the plain transfer after it', async () => {
    const forwarder = await chain.deploy(ethForwarderArtifact);
    const deposit = fresh();
    const after = await head();
    await mineEmpty(5);
    const forwarded = await chain.mined(
      await chain.wallets[1].writeContract({ address: forwarder, abi: ethForwarderArtifact.abi, functionName: 'forward', args: [deposit], value: parseEther('1') }),
    );
    await mineEmpty(6);
    const plainHash = await chain.wallets[2].sendTransaction({ to: deposit, value: parseEther('2'), gas: 21_000n });
    const plain = await chain.mined(plainHash);
    await mineEmpty(4);
    const atOrBefore = await head();

    // The balance read counts the contract's ETH.
    expect((await readEthBalances(client, [deposit], forwarded.blockNumber)).get(deposit)).toBe(parseEther('1'));

    proxy.reset();
    const first = await findBalanceRise(client, deposit, { after, knownBalance: 0n, atOrBefore });
    expect(first).toEqual({ blockNumber: forwarded.blockNumber, balance: parseEther('1') });
    // Bisection: one read of the end, then one per halving of the span.
    expect(proxy.count('eth_getBalance')).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(Number(atOrBefore - after))));
    expect(await findPlainTransfer(client, forwarded.blockNumber, deposit)).toBeUndefined();

    const second = await findBalanceRise(client, deposit, { after: first!.blockNumber, knownBalance: first!.balance, atOrBefore });
    expect(second).toEqual({ blockNumber: plain.blockNumber, balance: parseEther('3') });
    expect(await findPlainTransfer(client, plain.blockNumber, deposit)).toBe(plainHash);

    expect(await findBalanceRise(client, deposit, { after: second!.blockNumber, knownBalance: second!.balance, atOrBefore })).toBeUndefined();
  });

  it('does not take a plain transfer to another address, or a zero-value call, for one', async () => {
    const deposit = fresh();
    const [receipt] = await inOneBlock([
      () => chain.walletClient.sendTransaction({ to: fresh(), value: 1n, gas: 21_000n }),
      () => chain.walletClient.sendTransaction({ to: deposit, value: 0n, gas: 21_000n }),
    ]);
    expect(await findPlainTransfer(client, receipt.blockNumber, deposit)).toBeUndefined();
  });
});

describe('heads and block hashes', () => {
  it('reads the head with its safe and finalized blocks in one round trip', async () => {
    await mineEmpty(80);
    proxy.reset();
    const read = await readHead(client, { withSafe: true, withFinalized: true });
    expect(proxy.httpRequests).toBe(1);
    expect(proxy.methods).toEqual(['eth_getBlockByNumber', 'eth_getBlockByNumber', 'eth_getBlockByNumber']);

    const [latest, safe, finalized] = await Promise.all(
      (['latest', 'safe', 'finalized'] as const).map((blockTag) => chain.publicClient.getBlock({ blockTag })),
    );
    expect(read).toEqual({
      number: latest.number,
      hash: latest.hash,
      parentHash: latest.parentHash,
      timestamp: latest.timestamp,
      safe: safe.number,
      finalized: finalized.number,
    });
    expect(read.finalized!).toBeLessThan(read.number);
  });

  it('reads only the head when the tags are not wanted', async () => {
    const read = await readHead(client, { withSafe: false, withFinalized: false });
    expect(Object.keys(read).sort()).toEqual(['hash', 'number', 'parentHash', 'timestamp']);
    expect(proxy.methods).toEqual(['eth_getBlockByNumber']);
  });

  it('fails over to the next URL, still in one batch', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    const read = await readHead(createRpcClient([deadUrl, proxy.url]), { withSafe: true, withFinalized: true });
    expect(read.number).toBe(await head());
    expect(proxy.httpRequests).toBe(1);
    expect(proxy.requests).toBe(3);
  });

  it('reads a window of block hashes in one round trip, leaving out blocks above the head', async () => {
    const top = await head();
    const window = [top - 4n, top - 3n, top - 2n, top - 1n, top];
    proxy.reset();
    const hashes = await readBlockHashes(client, [...window, top + 1n, top + 10n]);
    expect(proxy.httpRequests).toBe(1);
    const truth = await Promise.all(window.map((blockNumber) => chain.publicClient.getBlock({ blockNumber })));
    expect([...hashes]).toEqual(truth.map((block) => [block.number, block.hash]));
  });

  it('shows where a reorg replaced blocks', async () => {
    await mineEmpty(5);
    const top = await head();
    const window = [top - 4n, top - 3n, top - 2n, top - 1n, top];
    const before = await readBlockHashes(client, window);
    await chain.testClient.request({ method: 'anvil_reorg', params: [3, []] } as never);
    const after = await readBlockHashes(client, window);
    expect(window.map((blockNumber) => before.get(blockNumber) === after.get(blockNumber))).toEqual([true, true, false, false, false]);
  });
});

describe('one poll of a new block with 10,000 open addresses', () => {
  it('costs one round trip for the head, one eth_getLogs and one eth_call per 2,000 balances', async () => {
    const open = Array.from({ length: 10_000 }, fresh);
    const receipts = await inOneBlock([
      mint(usdc, open[1_234], 42n),
      () => chain.wallets[1].sendTransaction({ to: open[9_999], value: 3n, gas: 21_000n }),
      mint(usdt, fresh(), 1n),
    ]);
    const range = new AdaptiveRange();
    proxy.reset();

    const top = await readHead(client, { withSafe: true, withFinalized: true });
    const transfers = await fetchTransfers(client, { tokens: [usdc, usdt], recipients: open, fromBlock: top.number, toBlock: top.number }, range);
    const balances = await readEthBalances(client, open, top.number);

    expect(top.number).toBe(receipts[0].blockNumber);
    expect(transfers.map((t) => [t.to, t.value])).toEqual([[open[1_234], 42n]]);
    expect(balances.get(open[9_999])).toBe(3n);
    expect([...balances.values()].filter((balance) => balance > 0n)).toEqual([3n]);

    const perMethod = Object.fromEntries(['eth_getBlockByNumber', 'eth_getLogs', 'eth_call'].map((method) => [method, proxy.count(method)]));
    process.stdout.write(
      `1-block poll, 10,000 addresses: ${proxy.httpRequests} HTTP requests, ${proxy.requests} JSON-RPC requests ${JSON.stringify(perMethod)}\n`,
    );
    expect(perMethod).toEqual({ eth_getBlockByNumber: 3, eth_getLogs: 1, eth_call: 10_000 / BALANCES_PER_CALL });
    expect(proxy.requests).toBe(3 + 1 + 5);
    expect(proxy.httpRequests).toBe(1 + 1 + 5);
  });
});
