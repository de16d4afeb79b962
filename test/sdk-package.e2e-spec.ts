import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CheckoutClient } from '../sdk/src/index';
import { SCOPES } from '../src/common/auth/scopes';
import { createKey } from './factories/api-keys';
import { createTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const repo = join(__dirname, '..');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');

/** A consumer program: one call with .withResponse(), a typed error, a typed event; prints what it saw. */
const program = (where: string) => `
import { CheckoutClient, CheckoutResponseError, type Event } from '@your-org/checkout-sdk';

const nameOf = (event: Event): string | null => (event.type === 'customer.created' ? event.data.object.name : null);

export async function main(): Promise<void> {
  const client = new CheckoutClient();
  const { data, requestId, rateLimit } = await client.customers.create({ name: 'From ${where}' }).withResponse();
  const missing = await client.customers.retrieve('cus_01h2xcejqtf2nbrexx3vqjhp41').catch((error: unknown) => error);
  const events = await client.events.list({ type: 'customer.created', limit: 100 });
  console.log(JSON.stringify({
    id: data.id,
    name: data.name,
    requestId,
    limit: rateLimit?.limit,
    missing: missing instanceof CheckoutResponseError ? missing.code : String(missing),
    named: events.data.map(nameOf).includes('From ${where}'),
    loadedFrom: ${where === 'ESM' ? "import.meta.resolve('@your-org/checkout-sdk')" : "require.resolve('@your-org/checkout-sdk')"},
  }));
}
`;

/** Packs the SDK as a fresh clone would (its sources only, built by `prepack`), installs it in two throw-away projects, compiles each with tsc --strict and runs it against the real server. */
describe('the packed SDK in ESM and CommonJS projects', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let work: string;
  let tarball: string;
  let packed: string[];

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    work = await mkdtemp(join(tmpdir(), 'sdk-pack-'));
    const source = join(work, 'sdk');
    await cp(join(repo, 'sdk'), source, { recursive: true, filter: (path) => !/[/\\](dist|node_modules)$/.test(path) });
    // prepack builds with the repository's TypeScript, as `npm --prefix sdk` finds it in a clone.
    const env = { ...process.env, PATH: `${join(repo, 'node_modules/.bin')}:${process.env.PATH}` };
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source, env });
    const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    packed = info!.files.map((file) => file.path);
  }, 120_000);
  afterAll(async () => {
    await testApp.close();
    await rm(work, { recursive: true, force: true });
  });

  it('packs both builds with their declarations, and nothing of the sources or tests', () => {
    for (const file of ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'package.json', 'README.md']) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((file) => /^src\/|\.spec\.|testing\//.test(file))).toEqual([]);
  });

  it.each([
    {
      format: 'ESM',
      packageJson: { type: 'module' },
      compilerOptions: { module: 'nodenext' },
      entry: `import { main } from './program.js';\nawait main();\n`,
      builtFrom: '/dist/esm/index.js',
    },
    {
      format: 'CJS',
      packageJson: { type: 'commonjs' },
      compilerOptions: { module: 'commonjs' },
      entry: `import { main } from './program';\nvoid main();\n`,
      builtFrom: '/dist/cjs/index.js',
    },
  ])('installs, compiles with tsc --strict and calls the server from a $format project', async ({ format, packageJson, compilerOptions, entry, builtFrom }) => {
    const project = join(work, format.toLowerCase());
    await mkdir(join(project, 'src'), { recursive: true });
    const dependencies = { '@your-org/checkout-sdk': `file:${tarball}` };
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: `consumer-${format.toLowerCase()}`, private: true, ...packageJson, dependencies }));
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          ...compilerOptions,
          target: 'es2022',
          strict: true,
          // The SDK's published declarations are checked too.
          skipLibCheck: false,
          rootDir: 'src',
          outDir: 'dist',
          types: ['node'],
          typeRoots: [join(repo, 'node_modules/@types')],
        },
        include: ['src'],
      }),
    );
    await writeFile(join(project, 'src/program.ts'), program(format));
    await writeFile(join(project, 'src/index.ts'), entry);

    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project });
    const compiled = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--strict'], { cwd: project }).catch((error: { stdout: string }) => error);
    expect(compiled.stdout).toBe('');
    if (format === 'CJS') expect(await readFile(join(project, 'dist/program.js'), 'utf8')).toContain('require("@your-org/checkout-sdk")');

    const key = await createKey(testApp.app, { scopes: [...SCOPES] });
    const env = { ...process.env, CHECKOUT_API_KEY: key.secret, CHECKOUT_BASE_URL: baseUrl };
    const { stdout } = await run(process.execPath, ['dist/index.js'], { cwd: project, env });
    const seen = JSON.parse(stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({ name: `From ${format}`, missing: 'resource_missing', named: true, limit: 100000 });
    expect(seen.requestId).toMatch(/^req_/);
    expect(String(seen.loadedFrom)).toContain(`node_modules/@your-org/checkout-sdk${builtFrom}`);
    const created = await new CheckoutClient({ apiKey: key.secret, baseUrl }).customers.retrieve(String(seen.id));
    expect(created.name).toBe(`From ${format}`);
  }, 120_000);
});
