import { Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import { ConfigError } from '../../config/environment';
import { checkGoingLive, formatGoingLiveReport, goingLiveSettings } from '../../going-live/going-live-check';
import { CliError } from '../cli-error';
import type { Terminal } from '../terminal';

/** `doctor`: the going-live check, read from the same environment as the service; it only reads, so it asks nothing. */
export function doctorCommand(terminal: Terminal): Command {
  return new Command('doctor')
    .description('Check each configured live network: RPC, chain id, factory, payout address, gas key, settlement rule. Exits 1 when something blocks live payments.')
    .action(async () => {
      let config;
      try {
        config = loadConfig(process.env);
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(`${error.message}\nThe service would not start with this configuration.`);
        throw error;
      }
      const report = await checkGoingLive(goingLiveSettings(config));
      for (const line of formatGoingLiveReport(report)) terminal.print(line);
      if (report.blocking) process.exitCode = 1;
    });
}
