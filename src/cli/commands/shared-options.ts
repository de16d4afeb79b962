import { Option, type Command } from 'commander';

export interface SafetyOptions {
  yes?: boolean;
  dryRun?: boolean;
}

export function rpcUrlOption(): Option {
  return new Option('--rpc-url <url>', "the network's RPC URL (default: the first of RPC_URLS_<NETWORK>)");
}

export function keyOptions(command: Command): Command {
  return command
    .option('--key-stdin', 'read your private key from stdin: typed without echo, or the first line of a pipe')
    .option('--key-file <path>', 'read your private key (64 hex digits) from a file');
}

export function safetyOptions(command: Command): Command {
  return command.option('--dry-run', 'print the plan and send nothing').option('-y, --yes', 'do not ask for confirmation (needed without a terminal)');
}

export interface AdminOptions {
  url?: string;
  email?: string;
  passwordStdin?: boolean;
}

export function adminOptions(command: Command): Command {
  return command
    .option('--url <url>', 'the service, e.g. https://pay.example.com (default: CHECKOUT_URL)')
    .option('--email <email>', 'an admin account to sign in with (default: CHECKOUT_ADMIN_EMAIL)')
    .option('--password-stdin', "read the admin password from stdin (after the key, with --key-stdin); without it you are asked on the terminal");
}
