import { ApiKeysAndAdminSessions1795672900817 } from './migrations/1795672900817-ApiKeysAndAdminSessions';

/** Every migration, oldest first; the files live in ./migrations. */
export const MIGRATIONS: Function[] = [ApiKeysAndAdminSessions1795672900817];
