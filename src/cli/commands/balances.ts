import { Command } from 'commander';
import type { BalancesOverview } from '../admin-client';
import { askAsAdmin } from '../admin-sign-in';
import { textTable } from '../text-table';
import type { Terminal } from '../terminal';
import { adminOptions, type AdminOptions } from './shared-options';

/** `balances`: the admin Balances page in a terminal. It only reads. */
export function balancesCommand(terminal: Terminal): Command {
  const command = new Command('balances').description('Print what each network received, swept and still holds at deposit addresses, per mode and currency, and the gas key\'s balances.');
  adminOptions(command);
  return command.action(async (options: AdminOptions) => {
    const overview = await askAsAdmin(options, terminal, (admin) => admin.balances());
    for (const line of formatBalances(overview)) terminal.print(line);
  });
}

export function formatBalances(overview: BalancesOverview): string[] {
  const rows = overview.data.map((row) => [
    row.livemode ? 'live' : 'test',
    row.network,
    row.currency,
    row.received,
    row.swept,
    row.waiting,
    row.lastSweep ? `${row.lastSweep.minedAt} ${row.lastSweep.txUrl ?? row.lastSweep.txHash}` : '-',
  ]);
  const lines = rows.length > 0 ? textTable(['Mode', 'Network', 'Currency', 'Received', 'Swept', 'Waiting', 'Last sweep'], rows) : ['No network is enabled and nothing was ever received.'];
  lines.push('');
  if (!overview.gasKey) {
    lines.push('Automatic sweeps are off (SWEEP_GAS_KEY is unset): sweep with `checkout-cli sweep --network <name>`.');
    return lines;
  }
  lines.push(`Gas key ${overview.gasKey.address} (pays automatic sweeps):`);
  for (const entry of overview.gasKey.networks) lines.push(`  ${entry.network}: ${entry.balance === null ? 'RPC did not answer' : `${entry.balance} ${entry.symbol}`}`);
  return lines;
}
