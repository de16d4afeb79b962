import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

/** A secp256k1 private key as hex: 64 digits, with or without `0x`. */
export function looksLikeHexPrivateKey(text: string): boolean {
  return /^(0x)?[0-9a-fA-F]{64}$/.test(text);
}

/**
 * The viem account of a hex private key, or undefined when it is not one. Only the account leaves
 * here: it signs, and serialises to its address and public key, never the private key.
 */
export function accountOfHexKey(text: string): PrivateKeyAccount | undefined {
  const key = text.trim();
  if (!looksLikeHexPrivateKey(key)) return undefined;
  try {
    return privateKeyToAccount((key.startsWith('0x') ? key : `0x${key}`) as `0x${string}`);
  } catch {
    return undefined;
  }
}
