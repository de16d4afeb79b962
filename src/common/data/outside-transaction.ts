import type { TxHost } from './tx-host';

/**
 * The rule of issue 11 §3: no network I/O other than PostgreSQL while a
 * transaction (and so a pooled connection) is held — a slow receiver or
 * resolver would otherwise hold connections until the pool is empty. Every
 * outbound call (a webhook send, a webhook URL check) asserts it first, so breaking the
 * rule fails loudly in the first test that takes that path.
 */
export function assertOutsideTransaction(txHost: TxHost, what: string): void {
  if (txHost.isTransactionActive()) {
    throw new Error(`${what} must not run inside a database transaction: call out first, then write (see CommitStep)`);
  }
}
