// The built service's own modules (the scale test runs `dist/`, as production does), loaded on demand.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILT_MAIN = `${ROOT}dist/src/main.js`;
const require = createRequire(import.meta.url);

/** Fails with advice when `npm run build` has not been run. */
export function assertBuilt() {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first.`);
}

/** A CommonJS module of dist/, e.g. builtModule('database/scratch-database'). */
export const builtModule = (path) => require(`${ROOT}dist/src/${path}.js`);

/** A package as dist/ requires it (the same instance: TypeORM's entity metadata is per instance). */
export const packageOfBuilt = (name) => require(name);
