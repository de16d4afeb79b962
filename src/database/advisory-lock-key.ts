import { createHash } from 'node:crypto';

/**
 * Hashed in front of every lock name. Instances of different versions must
 * derive the same key for the same name, so this never changes.
 */
const KEY_NAMESPACE = 'crypto-checkout/leader-lock/';

/**
 * The 64-bit PostgreSQL advisory lock key of a named lock: the first 8 bytes
 * of SHA-256 over the namespace and the name, read as a signed big-endian
 * integer (PostgreSQL's `bigint`). Pass it to SQL as `key.toString()`.
 */
export function advisoryLockKey(name: string): bigint {
  return createHash('sha256').update(KEY_NAMESPACE + name, 'utf8').digest().readBigInt64BE(0);
}

/** How `pg_locks` shows an advisory lock taken with one `bigint` key (its `objsubid` is 1). */
export interface AdvisoryLockTag {
  /** The key's high 32 bits, unsigned. */
  classid: number;
  /** The key's low 32 bits, unsigned. */
  objid: number;
}

export function advisoryLockTag(key: bigint): AdvisoryLockTag {
  const unsigned = BigInt.asUintN(64, key);
  return { classid: Number(unsigned >> 32n), objid: Number(BigInt.asUintN(32, unsigned)) };
}
