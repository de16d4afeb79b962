import { AdminClient } from './admin-client';
import { CliError } from './cli-error';
import type { AdminOptions } from './commands/shared-options';
import type { Terminal } from './terminal';

/**
 * Signs in to the service's admin API as the options say (`--url`/CHECKOUT_URL,
 * `--email`/CHECKOUT_ADMIN_EMAIL, the password typed or from stdin): for every command that asks
 * the service something. The caller signs out when done.
 */
export async function signInAsAdmin(options: AdminOptions, terminal: Terminal, env: NodeJS.ProcessEnv = process.env): Promise<AdminClient> {
  const url = options.url ?? env.CHECKOUT_URL;
  const email = options.email ?? env.CHECKOUT_ADMIN_EMAIL;
  if (!url) throw new CliError('Which service? Pass --url (e.g. https://pay.example.com) or set CHECKOUT_URL.');
  if (!email) throw new CliError('Sign in as whom? Pass --email or set CHECKOUT_ADMIN_EMAIL.');
  if (!options.passwordStdin && !terminal.interactive) throw new CliError('The admin password is needed: pass --password-stdin and pipe it, or run in a terminal to type it.');
  const password = await terminal.secret(`Password for ${email} (not shown): `, 'admin password');
  return AdminClient.signIn(url, email, password);
}

/** Signs in, asks, and signs out whatever happened. */
export async function askAsAdmin<T>(options: AdminOptions, terminal: Terminal, ask: (admin: AdminClient) => Promise<T>): Promise<T> {
  const admin = await signInAsAdmin(options, terminal);
  try {
    return await ask(admin);
  } finally {
    await admin.signOut();
  }
}
