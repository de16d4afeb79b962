// `npm run bench:sweep-gas`: gas per swept deposit address (issue 14 §7). On an Anvil provisioned
// as the local chain (the factory through the deterministic deployment proxy, two test tokens),
// batches of 1, 10, 50 and 100 addresses each holding ETH and both tokens are swept by one
// `sweepMany` — the transaction the automatic sweeper sends — and the receipt's gas is divided by
// the batch size. Then the same for addresses holding one token only (a stablecoin session's
// usual state), which is what most sweeps move. Every address starts unfunded, and every unit
// is checked to have reached the payout.
import { createTestClient, encodeFunctionData, erc20Abi, http, keccak256, parseEther, publicActions, toHex } from 'viem';
import { freePort } from './harness.mjs';
import { depositAddress, sweepManyCall } from '../dist/src/chains/deposit-factory.js';
import { AnvilProcess } from '../dist/src/chains/local-chain/anvil-process.js';
import { faucetAccount } from '../dist/src/chains/local-chain/dev-accounts.js';
import { LOCAL_TOKENS } from '../dist/src/chains/local-chain/local-tokens.js';
import { provisionDevChain } from '../dist/src/chains/local-chain/provision.js';
import { NETWORKS } from '../dist/src/chains/networks.js';

const BATCHES = [1, 10, 50, 100];
const PAYOUT = '0x4444444444444444444444444444444444444444';
const TOKENS = LOCAL_TOKENS.map((token) => token.address);

const anvil = await AnvilProcess.start({ port: await freePort(), args: ['--chain-id', String(NETWORKS.local.chainId), '--gas-limit', '100000000'] });
try {
  await provisionDevChain(anvil.rpcUrl, 'local');
  const chain = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl), cacheTime: 0 }).extend(publicActions);
  await chain.setAutomine(false);
  let round = 0;
  const send = (transaction) => chain.request({ method: 'eth_sendTransaction', params: [{ from: faucetAccount.address, ...transaction }] });

  /** Funds `size` fresh addresses, sweeps them in one transaction, returns its gas. */
  async function sweepBatch(size, tokens, withEth) {
    round += 1;
    const orders = Array.from({ length: size }, (_, i) => ({ payout: PAYOUT, salt: keccak256(toHex(`bench ${round} ${i}`)), tokens }));
    for (const order of orders) {
      const to = depositAddress(order.payout, order.salt);
      if (withEth) await send({ to, value: toHex(parseEther('0.01')) });
      for (const token of tokens) await send({ to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, 1_000_000n] }), gas: toHex(100_000n) });
    }
    await chain.mine({ blocks: 1 });
    const before = await Promise.all(TOKENS.map((token) => chain.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [PAYOUT] })));
    const hash = await send({ ...sweepManyCall(orders), gas: toHex(90_000_000n) });
    await chain.mine({ blocks: 1 });
    const receipt = await chain.getTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`sweepMany of ${size} reverted`);
    const after = await Promise.all(TOKENS.map((token) => chain.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [PAYOUT] })));
    TOKENS.forEach((token, i) => {
      const expected = tokens.includes(token) ? BigInt(size) * 1_000_000n : 0n;
      if (after[i] - before[i] !== expected) throw new Error(`the payout got ${after[i] - before[i]} of ${token}, not ${expected}`);
    });
    return receipt.gasUsed;
  }

  const rows = [];
  for (const size of BATCHES) {
    const all = await sweepBatch(size, TOKENS, true);
    const oneToken = await sweepBatch(size, [TOKENS[0]], false);
    rows.push({ addresses: size, 'ETH + 2 tokens: gas': Number(all), 'per address': Number(all / BigInt(size)), '1 token: gas': Number(oneToken), 'per address ': Number(oneToken / BigInt(size)) });
  }
  console.table(rows);
} finally {
  await anvil.stop();
}
