import { Command } from 'commander';
import { formatEther } from 'viem';
import { DEPOSIT_FACTORY_ADDRESS, DETERMINISTIC_DEPLOYER } from '../../chains/deposit-factory';
import { assertCanPay, assertDeployerPresent, deployFactory, describeCost, estimateFactoryDeployment, hasCode } from '../factory-deployment';
import { readOperatorKey, requireOperatorKey, type KeyOptions } from '../operator-key';
import { connectChain } from '../target-chain';
import type { Terminal } from '../terminal';
import { keyOptions, rpcUrlOption, safetyOptions, type SafetyOptions } from './shared-options';

interface DeployFactoryOptions extends KeyOptions, SafetyOptions {
  network: string;
  rpcUrl?: string;
}

/** `deploy-factory`: puts the deposit factory on a catalogue network, through the deterministic deployment proxy. */
export function deployFactoryCommand(terminal: Terminal): Command {
  const command = new Command('deploy-factory')
    .description(`Deploy the deposit factory (${DEPOSIT_FACTORY_ADDRESS}) on a network, gas paid by your own key.`)
    .requiredOption('--network <name>', 'catalogue network, e.g. base')
    .addOption(rpcUrlOption());
  keyOptions(command);
  safetyOptions(command);
  return command.action((options: DeployFactoryOptions) => deployFactoryAction(options, terminal));
}

async function deployFactoryAction(options: DeployFactoryOptions, terminal: Terminal): Promise<void> {
  const target = await connectChain(options, process.env, false);
  terminal.print(`Network ${target.name} (chain id ${target.chain.id}) through ${target.where}.`);
  if (await hasCode(target, DEPOSIT_FACTORY_ADDRESS)) {
    terminal.print(`The deposit factory is already deployed at ${DEPOSIT_FACTORY_ADDRESS}: nothing to do.`);
    return;
  }
  await assertDeployerPresent(target);
  // A dry run needs no key; with one, it shows who would pay and what they hold.
  const account = options.dryRun ? await readOperatorKey(options, terminal) : await requireOperatorKey(options, terminal);
  const cost = await estimateFactoryDeployment(target, account?.address);
  terminal.print('Plan:');
  terminal.print(`  send the factory's init code to the deterministic deployment proxy ${DETERMINISTIC_DEPLOYER}`);
  terminal.print(`  the factory lands at ${DEPOSIT_FACTORY_ADDRESS} (the same address on every chain)`);
  terminal.print(`  cost: ${describeCost(cost, target)}`);
  if (account) terminal.print(`  paid by ${account.address} (holds ${formatEther(await target.client.getBalance({ address: account.address }))} ${target.chain.nativeCurrency.symbol})`);
  if (options.dryRun) {
    terminal.print('Dry run: nothing was sent.');
    return;
  }
  await assertCanPay(target, account!.address, cost);
  await terminal.confirm(`Deploy the factory on ${target.name}?`, options.yes === true);
  await deployFactory(target, account!, (line) => terminal.print(line));
}
