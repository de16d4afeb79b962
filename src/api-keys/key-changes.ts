import type { EntityManager } from 'typeorm';

/** PostgreSQL channel on which every instance hears that a key was revoked or rolled. */
export const KEY_CHANGES_CHANNEL = 'api_key_changes';

/** The listening connection's `application_name`, so it can be told apart in `pg_stat_activity`. */
export const KEY_CHANGES_APPLICATION_NAME = 'crypto-checkout key changes';

/** Queued in the caller's transaction: delivered to listeners only if it commits. */
export async function notifyKeyChanged(manager: EntityManager, keyId: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [KEY_CHANGES_CHANNEL, keyId]);
}
