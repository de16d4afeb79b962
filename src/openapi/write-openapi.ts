import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { dump } from 'js-yaml';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import type { Audience } from './document-audiences';
import { buildOpenApiDocument } from './openapi-document';

const ROOT = join(__dirname, '..', '..', '..');
const TARGETS: Record<Audience, string> = { public: 'openapi.yaml', admin: 'openapi-admin.yaml' };

/**
 * Writes `openapi.yaml` and `openapi-admin.yaml` from the routes and DTOs
 * (`npm run openapi`), or with `--check` fails when a file on disk differs
 * from what the code produces.
 * Preview mode builds the module graph without connecting to a database.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: 'postgres://preview' }), {
    preview: true,
    logger: false,
  });
  const yamls = Object.fromEntries(
    (Object.keys(TARGETS) as Audience[]).map((audience) => [audience, dump(buildOpenApiDocument(app, audience), { sortKeys: true, lineWidth: -1, noRefs: true })]),
  ) as Record<Audience, string>;
  await app.close();

  for (const [audience, file] of Object.entries(TARGETS) as [Audience, string][]) {
    const target = join(ROOT, file);
    if (!process.argv.includes('--check')) {
      await writeFile(target, yamls[audience]);
      continue;
    }
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== yamls[audience]) {
      process.stderr.write(`${file} is out of date with the code: run \`npm run build && npm run openapi\` and commit it.\n`);
      process.exitCode = 1;
    }
  }
}

void main();
