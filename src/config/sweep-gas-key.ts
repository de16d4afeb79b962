import { readFileSync } from 'node:fs';
import type { PrivateKeyAccount } from 'viem/accounts';
import { accountOfHexKey, looksLikeHexPrivateKey } from './private-key';

/**
 * `SWEEP_GAS_KEY`: a hex private key, or the path of a file holding one (so it need not sit in the
 * environment). It pays the gas of sweeps and nothing else: the factory sends funds only to the
 * payout address bound into each deposit address, so the key cannot redirect money.
 *
 * Only the viem account leaves this function: it signs, and serialises to its address and public
 * key, never the private key, so a logged config cannot leak it. Problems name the variable only.
 */
export function readSweepGasKey(value: string | undefined): { problem?: string; account?: PrivateKeyAccount } {
  if (!value) return {};
  let key = value.trim();
  if (!looksLikeHexPrivateKey(key)) {
    try {
      key = readFileSync(key, 'utf8').trim();
    } catch {
      return { problem: 'SWEEP_GAS_KEY must be a hex private key (64 hex digits) or the path of a readable file holding one' };
    }
    if (!looksLikeHexPrivateKey(key)) return { problem: 'SWEEP_GAS_KEY names a file that does not hold a hex private key (64 hex digits)' };
  }
  const account = accountOfHexKey(key);
  return account ? { account } : { problem: 'SWEEP_GAS_KEY is not a valid secp256k1 private key' };
}
