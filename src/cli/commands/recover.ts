import { Command } from 'commander';
import { encodeFunctionData, formatEther, formatUnits, getAddress, isAddress, type Address } from 'viem';
import { depositFactoryArtifact } from '../../../contracts/artifacts/DepositFactory';
import { DEPOSIT_FACTORY_ADDRESS, depositAddress } from '../../chains/deposit-factory';
import type { DepositAddressOwner } from '../admin-client';
import { signInAsAdmin } from '../admin-sign-in';
import { CliError } from '../cli-error';
import { formatHolding, readDepositBalances, type DepositBalances } from '../deposit-balances';
import { assertCanPay, assertDeployerPresent, deployFactory, describeCost, estimateCost, estimateFactoryDeployment, hasCode, waitForSuccess } from '../factory-deployment';
import { readOperatorKey, requireOperatorKey, type KeyOptions } from '../operator-key';
import { sweepResult } from '../sweep-result';
import { connectChain, type TargetChain } from '../target-chain';
import type { Terminal } from '../terminal';
import { adminOptions, keyOptions, rpcUrlOption, safetyOptions, type AdminOptions, type SafetyOptions } from './shared-options';

interface RecoverOptions extends KeyOptions, SafetyOptions, AdminOptions {
  network: string;
  address: string;
  rpcUrl?: string;
  chainId?: number;
  token: string[];
}

/**
 * `recover`: a payment made to a session's deposit address on a network the service does not
 * watch (the address is the same on every EVM chain). The service says which payout and salt name
 * the address; the funds can only ever go to that payout, whoever sends the sweep.
 */
export function recoverCommand(terminal: Terminal): Command {
  const command = new Command('recover')
    .description('Sweep a deposit address on a network the service does not watch to its session\'s payout address, deploying the factory there if missing.')
    .requiredOption('--network <name>', 'a catalogue network, or any other name (e.g. bsc) with --rpc-url')
    .requiredOption('--address <0x…>', 'the deposit address that was paid')
    .addOption(rpcUrlOption())
    .option('--chain-id <id>', 'for a network outside the catalogue: the chain id the RPC must serve', (value) => parseWholeNumber(value, '--chain-id'))
    .option('--token <0x…>', 'a token contract to sweep besides the catalogue\'s (repeatable)', (value, list: string[]) => [...list, value], []);
  adminOptions(command);
  keyOptions(command);
  safetyOptions(command);
  return command.action((options: RecoverOptions) => recoverAction(options, terminal));
}

async function recoverAction(options: RecoverOptions, terminal: Terminal): Promise<void> {
  const address = parseAddress(options.address, '--address');
  const extraTokens = options.token.map((token) => parseAddress(token, '--token'));
  // The key before the password: piped on stdin, they come in that order.
  const account = options.dryRun ? await readOperatorKey(options, terminal) : await requireOperatorKey(options, terminal);
  const target = await connectChain(options, process.env, true);
  terminal.print(`Network ${target.name} (chain id ${target.chain.id}) through ${target.where}.`);
  if (!target.network) terminal.print(`${target.name} is not in the catalogue: its chain id is what the RPC says${options.chainId === undefined ? ' (pass --chain-id to check it)' : ''}, and only --token tokens are looked at.`);

  const owner = await lookUpOwner(options, address, terminal);
  // The service's word is checked, not trusted: only the true payout and salt name this address.
  if (depositAddress(getAddress(owner.payoutAddress), owner.salt) !== address) {
    throw new CliError(`The service's payout address and salt for ${address} do not compute to it: nothing was sent.`);
  }
  terminal.print(`${address} belongs to checkout session ${owner.checkoutSession} (${owner.livemode ? 'live' : 'test'} mode); it pays out to ${owner.payoutAddress}.`);

  const balances = await readDepositBalances(target, address, extraTokens);
  printBalances(terminal, target, balances);
  const tokens = balances.tokens.filter((holding) => holding.balance > 0n).map((holding) => holding.token);
  if (balances.native === 0n && tokens.length === 0) {
    terminal.print('Nothing to recover: the address holds nothing on this network.');
    return;
  }

  const factoryThere = await hasCode(target, DEPOSIT_FACTORY_ADDRESS);
  if (!factoryThere) await assertDeployerPresent(target);
  const sweepCall = { to: DEPOSIT_FACTORY_ADDRESS, data: encodeFunctionData({ abi: depositFactoryArtifact.abi, functionName: 'sweep', args: [owner.payoutAddress, owner.salt, tokens] }) };
  const deployCost = factoryThere ? undefined : await estimateFactoryDeployment(target, account?.address);

  terminal.print('Plan:');
  if (deployCost) terminal.print(`  1. deploy the deposit factory at ${DEPOSIT_FACTORY_ADDRESS} (it is not on ${target.name}): ${describeCost(deployCost, target)}`);
  terminal.print(`  ${deployCost ? '2' : '1'}. sweep(${owner.payoutAddress}, ${owner.salt}, [${tokens.join(', ')}]): everything above goes to ${owner.payoutAddress}`);
  // The sweep can only be estimated once the factory is there.
  const sweepCost = factoryThere ? await estimateCost(target, { account: account?.address, ...sweepCall }) : undefined;
  if (sweepCost) terminal.print(`     ${describeCost(sweepCost, target)}`);
  if (account) terminal.print(`  paid by ${account.address} (holds ${formatEther(await target.client.getBalance({ address: account.address }))} ${target.chain.nativeCurrency.symbol})`);
  if (options.dryRun) {
    terminal.print('Dry run: nothing was sent.');
    return;
  }

  const payer = account!;
  if (deployCost) await assertCanPay(target, payer.address, deployCost);
  else await assertCanPay(target, payer.address, sweepCost!);
  await terminal.confirm(`Send ${deployCost ? 'the deployment and the sweep' : 'the sweep'} on ${target.name}?`, options.yes === true);
  if (deployCost) await deployFactory(target, payer, (line) => terminal.print(line));
  const hash = await target.wallet(payer).sendTransaction(sweepCall);
  terminal.print(`Sent the sweep: ${hash}; waiting for it to be mined…`);
  const receipt = await waitForSuccess(target, hash, 'sweep');
  const moved = sweepResult(receipt, address, getAddress(owner.payoutAddress));
  terminal.print(`Swept in block ${receipt.blockNumber} (${receipt.gasUsed} gas). Moved to ${owner.payoutAddress}:`);
  terminal.print(`  ${formatEther(moved.native)} ${target.chain.nativeCurrency.symbol}`);
  for (const { token, amount } of moved.tokens) {
    const holding = balances.tokens.find((candidate) => candidate.token === token);
    terminal.print(`  ${holding ? formatHolding({ ...holding, balance: amount }) : `${formatUnits(amount, 0)} of ${token}`}`);
  }
}

async function lookUpOwner(options: RecoverOptions, address: Address, terminal: Terminal): Promise<DepositAddressOwner> {
  const admin = await signInAsAdmin(options, terminal);
  try {
    return await admin.depositAddressOwner(address);
  } finally {
    await admin.signOut();
  }
}

function printBalances(terminal: Terminal, target: TargetChain, balances: DepositBalances): void {
  terminal.print('It holds:');
  terminal.print(`  ${formatEther(balances.native)} ${target.chain.nativeCurrency.symbol}`);
  for (const holding of balances.tokens) terminal.print(`  ${holding.missing ? `${holding.symbol}: no contract at ${holding.token} on this chain` : formatHolding(holding)}`);
}

function parseAddress(value: string, option: string): Address {
  if (!isAddress(value, { strict: false })) throw new CliError(`${option} must be an address: 0x followed by 40 hex digits.`);
  return getAddress(value);
}

function parseWholeNumber(value: string, option: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new CliError(`${option} must be a whole number.`);
  return Number(value);
}
