/** Every migration, oldest first; the files live in ./migrations. */
export const MIGRATIONS: Function[] = [];
