import { readFileSync } from 'node:fs';
import type { PrivateKeyAccount } from 'viem/accounts';
import { accountOfHexKey } from '../config/private-key';
import { CliError } from './cli-error';
import type { Terminal } from './terminal';

export interface KeyOptions {
  keyStdin?: boolean;
  keyFile?: string;
}

/**
 * The operator's own key, which pays the gas: from stdin (`--key-stdin`, typed without echo) or a
 * file (`--key-file`). It stays on this machine; only its account (address, signing) leaves here,
 * and no message ever quotes what was read.
 */
export async function readOperatorKey(options: KeyOptions, terminal: Terminal): Promise<PrivateKeyAccount | undefined> {
  if (options.keyStdin && options.keyFile) throw new CliError('Give the key one way: --key-stdin or --key-file, not both.');
  let text: string;
  if (options.keyFile) {
    try {
      text = readFileSync(options.keyFile, 'utf8');
    } catch {
      throw new CliError(`Cannot read the key file ${options.keyFile}.`);
    }
  } else if (options.keyStdin) {
    text = await terminal.secret('Operator private key (not shown): ', 'private key');
  } else {
    return undefined;
  }
  const account = accountOfHexKey(text);
  if (!account) throw new CliError(`The ${options.keyFile ? 'key file' : 'key given on stdin'} does not hold a hex private key (64 hex digits, with or without 0x).`);
  return account;
}

/** The key, required: a command that sends a transaction cannot go on without it. */
export async function requireOperatorKey(options: KeyOptions, terminal: Terminal): Promise<PrivateKeyAccount> {
  const account = await readOperatorKey(options, terminal);
  if (!account) throw new CliError('This command signs a transaction: give your key with --key-stdin (typed or piped) or --key-file <path>.');
  return account;
}
