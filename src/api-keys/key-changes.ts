import type { EntityManager } from 'typeorm';

/** PostgreSQL channel on which every instance hears that a key was revoked or rolled. */
export const KEY_CHANGES_CHANNEL = 'api_key_changes';

/** Queued in the caller's transaction: delivered to listeners only if it commits. */
export async function notifyKeyChanged(manager: EntityManager, keyId: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [KEY_CHANGES_CHANNEL, keyId]);
}
