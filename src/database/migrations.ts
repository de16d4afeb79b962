import { ApiKeysAndAdminSessions1795672900817 } from './migrations/1795672900817-ApiKeysAndAdminSessions';
import { CustomersAndEvents1795673607322 } from './migrations/1795673607322-CustomersAndEvents';

/** Every migration, oldest first; the files live in ./migrations. */
export const MIGRATIONS: Function[] = [ApiKeysAndAdminSessions1795672900817, CustomersAndEvents1795673607322];
