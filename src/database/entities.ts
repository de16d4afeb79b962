/**
 * Every TypeORM entity of the application. Each feature module's entities are
 * added here when the module lands, so the CLI's migration drift check sees them.
 */
export const ENTITIES: Function[] = [];
