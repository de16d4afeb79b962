#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error';
import { balancesCommand } from './commands/balances';
import { deployFactoryCommand } from './commands/deploy-factory';
import { doctorCommand } from './commands/doctor';
import { recoverCommand } from './commands/recover';
import { sweepCommand } from './commands/sweep';
import { Terminal } from './terminal';

/**
 * `checkout-cli`: the operator's tool (issue 14 §3, §5). It signs with the operator's own key on
 * this machine; the service only ever answers questions (which session owns an address).
 */
async function main(argv: string[]): Promise<number> {
  const terminal = new Terminal();
  const program = new Command('checkout-cli')
    .description('Operator tools for Crypto Checkout: going live and collecting funds.')
    .showHelpAfterError()
    .exitOverride()
    .addCommand(doctorCommand(terminal))
    .addCommand(deployFactoryCommand(terminal))
    .addCommand(recoverCommand(terminal))
    .addCommand(balancesCommand(terminal))
    .addCommand(sweepCommand(terminal));
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      process.stderr.write(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    // Unexpected: its kind only; a library's message may quote an RPC URL or a request.
    process.stderr.write(`Error: unexpected ${error instanceof Error ? error.name : 'failure'}${error instanceof Error && 'shortMessage' in error ? `: ${String(error.shortMessage)}` : ''}\n`);
    return 1;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
