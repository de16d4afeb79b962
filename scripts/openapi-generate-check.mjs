// CI: feeds openapi.yaml to a second, independent generator (@hey-api/openapi-ts, fetch client) and
// compiles its output with `tsc --strict`. Passing our own validator and Redocly lint is not enough: a
// document must also generate cleanly, with no warning from the generator and no error from tsc.
// `--out DIR` keeps the generated client there (default: a temporary folder, removed afterwards).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : mkdtempSync(join(tmpdir(), 'openapi-generate-check-'));

function run(command, args) {
  const result = spawnSync(join(root, 'node_modules', '.bin', command), args, { cwd: root, encoding: 'utf8' });
  return { status: result.status, output: stripVTControlCharacters(`${result.stdout}${result.stderr}`) };
}

function fail(message, output) {
  console.error(`${message}\n${output}`);
  process.exitCode = 1;
}

try {
  const generated = run('openapi-ts', ['--input', 'openapi.yaml', '--output', out, '--client', '@hey-api/client-fetch', '--no-log-file']);
  const warnings = generated.output.split('\n').filter((line) => /warn|error|⚠|❗/i.test(line));
  if (generated.status !== 0 || warnings.length > 0) {
    fail('openapi-ts did not generate openapi.yaml cleanly:', warnings.join('\n') || generated.output);
  } else {
    writeFileSync(
      join(out, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] },
        include: ['**/*.ts'],
      }),
    );
    const compiled = run('tsc', ['--project', join(out, 'tsconfig.json')]);
    if (compiled.status !== 0 || compiled.output.trim()) fail('The client openapi-ts generated from openapi.yaml does not compile:', compiled.output);
    else console.log(`openapi.yaml generates a client that compiles (@hey-api/openapi-ts, tsc --strict)${outFlag > 0 ? `: ${out}` : ''}.`);
  }
} finally {
  if (outFlag < 0) rmSync(out, { recursive: true, force: true });
}
