import type { EntityManager } from 'typeorm';

/** PostgreSQL channel on which every instance hears that a key was issued, revoked or rolled. */
export const KEY_CHANGES_CHANNEL = 'api_key_changes';

/**
 * After a transaction's key changes, a notice here (payload: a change id) asks every listener to
 * acknowledge them. A transaction's notices arrive in the order they were sent, so a listener that
 * reaches this one has already acted on the changes before it.
 */
export const KEY_CHANGE_ACK_REQUESTS_CHANNEL = 'api_key_change_ack_requests';

/** Where each listener acknowledges (payload: the change id; the sender's backend pid tells listeners apart). */
export const KEY_CHANGE_ACKS_CHANNEL = 'api_key_change_acks';

/** The listening connection's `application_name`, so it can be told apart in `pg_stat_activity`. */
export const KEY_CHANGES_APPLICATION_NAME = 'crypto-checkout key changes';

/** How much of a key's SHA-256 (hex) the index of issued keys keeps: 64 bits, so a made-up key all but never matches. */
const HASH_PREFIX_LENGTH = 16;

export interface KeyChange {
  keyId: string;
  /** The start of the key's hash, for `IssuedKeyIndex`. */
  hashPrefix: string;
}

export function hashPrefixOf(secretHash: string): string {
  return secretHash.slice(0, HASH_PREFIX_LENGTH);
}

/** The same prefix, computed by PostgreSQL over `column`. */
export function hashPrefixSql(column: string): string {
  return `left(${column}, ${HASH_PREFIX_LENGTH})`;
}

/** Queued in the caller's transaction: delivered to listeners only if it commits. */
export async function notifyKeyChanged(manager: EntityManager, key: { id: string; secretHash: string }): Promise<KeyChange> {
  const change = { keyId: key.id, hashPrefix: hashPrefixOf(key.secretHash) };
  await manager.query('SELECT pg_notify($1, $2)', [KEY_CHANGES_CHANNEL, `${change.keyId}:${change.hashPrefix}`]);
  return change;
}

/** The change a notice describes; undefined for a payload in another shape. */
export function parseKeyChange(payload: string): KeyChange | undefined {
  const [keyId, hashPrefix, ...rest] = payload.split(':');
  return keyId && hashPrefix && rest.length === 0 ? { keyId, hashPrefix } : undefined;
}
