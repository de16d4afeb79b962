import { Command } from 'commander';
import { formatEther, formatUnits } from 'viem';
import { DEPOSIT_FACTORY_ADDRESS, sweepManyCall } from '../../chains/deposit-factory';
import { askAsAdmin } from '../admin-sign-in';
import { CliError } from '../cli-error';
import { assertCanPay, describeCost, estimateCost, hasCode, waitForSuccess, type CostEstimate } from '../factory-deployment';
import { readOperatorKey, requireOperatorKey, type KeyOptions } from '../operator-key';
import { sweepResult, type SweepResult } from '../sweep-result';
import { inBatches, planAddresses, stillHoldsFunds, type PlannedAddress } from '../sweep-plan';
import { connectChain, type TargetChain } from '../target-chain';
import type { Terminal } from '../terminal';
import { adminOptions, keyOptions, rpcUrlOption, safetyOptions, type AdminOptions, type SafetyOptions } from './shared-options';

interface SweepOptions extends KeyOptions, SafetyOptions, AdminOptions {
  network: string;
  rpcUrl?: string;
  session?: string;
  batchSize: number;
}

const MAX_BATCH_SIZE = 200;

/**
 * `sweep`: the automatic sweeper's job done from the operator's machine, with the operator's key
 * (for a service without SWEEP_GAS_KEY, or to sweep now). The service says what waits; the chain
 * watcher records the sweeps it sees, as initiator `other`.
 */
export function sweepCommand(terminal: Terminal): Command {
  const command = new Command('sweep')
    .description('Sweep the deposit addresses holding confirmed funds on a watched network to their payout addresses, one sweepMany per batch, gas paid by your own key.')
    .requiredOption('--network <name>', 'a network the service watches, e.g. base')
    .option('--session <cs_…>', "only this checkout session's deposit address")
    .addOption(rpcUrlOption())
    .option('--batch-size <n>', `addresses per transaction (1–${MAX_BATCH_SIZE})`, parseBatchSize, 50);
  adminOptions(command);
  keyOptions(command);
  safetyOptions(command);
  return command.action((options: SweepOptions) => sweepAction(options, terminal));
}

async function sweepAction(options: SweepOptions, terminal: Terminal): Promise<void> {
  // The key before the password: piped on stdin, they come in that order.
  const account = options.dryRun ? await readOperatorKey(options, terminal) : await requireOperatorKey(options, terminal);
  const target = await connectChain(options, process.env, false);
  terminal.print(`Network ${target.name} (chain id ${target.chain.id}) through ${target.where}.`);
  // A call to an address without code succeeds and moves nothing: it would only burn the gas.
  if (!(await hasCode(target, DEPOSIT_FACTORY_ADDRESS))) {
    throw new CliError(`The deposit factory is not deployed on ${target.name} (no code at ${DEPOSIT_FACTORY_ADDRESS}): run \`checkout-cli deploy-factory --network ${target.name}\` first. Nothing was sent.`);
  }
  const listed = (await askAsAdmin(options, terminal, (admin) => admin.waitingFunds(target.name))).filter((entry) => !options.session || entry.session === options.session);
  const planned: PlannedAddress[] = [];
  for (const entry of planAddresses(target, listed)) {
    if (await stillHoldsFunds(target, entry)) planned.push(entry);
    else terminal.print(`Skipping ${entry.waiting.depositAddress} (${entry.waiting.session}): already empty on chain (a sweep the service has not recorded yet).`);
  }
  if (planned.length === 0) {
    terminal.print(`Nothing waits to be swept on ${target.name}${options.session ? ` for ${options.session}` : ''}.`);
    return;
  }

  const batches = inBatches(planned, options.batchSize);
  const costs: CostEstimate[] = [];
  for (const batch of batches) costs.push(await estimateCost(target, { account: account?.address, ...sweepManyCall(batch.map((entry) => entry.order)) }));
  const total = costs.reduce((sum, cost) => sum + cost.maxCost, 0n);
  const coin = target.chain.nativeCurrency.symbol;
  terminal.print(`Plan: sweep ${planned.length} deposit address${planned.length === 1 ? '' : 'es'} in ${batches.length} sweepMany transaction${batches.length === 1 ? '' : 's'}:`);
  batches.forEach((batch, index) => {
    terminal.print(`  batch ${index + 1}: ${describeCost(costs[index], target)}`);
    for (const { waiting } of batch) {
      terminal.print(`    ${waiting.depositAddress} (${waiting.session}) → ${waiting.payoutAddress}: ${waiting.assets.map((asset) => `${asset.amount} ${asset.currency}`).join(', ')}`);
    }
  });
  terminal.print(`  in all at most ${formatEther(total)} ${coin}`);
  if (account) terminal.print(`  paid by ${account.address} (holds ${formatEther(await target.client.getBalance({ address: account.address }))} ${coin})`);
  if (options.dryRun) {
    terminal.print('Dry run: nothing was sent.');
    return;
  }

  const payer = account!;
  await assertCanPay(target, payer.address, { gas: 0n, maxFeePerGas: 0n, maxCost: total });
  await terminal.confirm(`Send ${batches.length === 1 ? 'the sweep' : `${batches.length} sweeps`} on ${target.name}?`, options.yes === true);
  for (const [index, batch] of batches.entries()) {
    const hash = await target.wallet(payer).sendTransaction(sweepManyCall(batch.map((entry) => entry.order)));
    terminal.print(`Sent batch ${index + 1}: ${hash}; waiting for it to be mined…`);
    const receipt = await waitForSuccess(target, hash, `batch ${index + 1} sweep`);
    terminal.print(`Batch ${index + 1} swept in block ${receipt.blockNumber} (${receipt.gasUsed} gas). Reached the payout addresses:`);
    for (const { waiting, order } of batch) {
      terminal.print(`  ${waiting.depositAddress} (${waiting.session}) → ${order.payout}: ${describeMoved(target, sweepResult(receipt, waiting.depositAddress, order.payout))}`);
    }
  }
}

function describeMoved(target: TargetChain, moved: SweepResult): string {
  const parts = moved.native > 0n ? [`${formatEther(moved.native)} ${target.chain.nativeCurrency.symbol}`] : [];
  for (const { token, amount } of moved.tokens) {
    const known = target.network?.tokens.find((candidate) => candidate.address.toLowerCase() === token.toLowerCase());
    parts.push(known ? `${formatUnits(amount, known.decimals)} ${known.currency}` : `${amount} of ${token}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function parseBatchSize(value: string): number {
  const size = /^\d{1,4}$/.test(value) ? Number(value) : 0;
  if (size < 1 || size > MAX_BATCH_SIZE) throw new CliError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}.`);
  return size;
}
