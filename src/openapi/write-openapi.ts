import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { dump } from 'js-yaml';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi-document';

const TARGET = join(__dirname, '..', '..', '..', 'openapi.yaml');

/**
 * Writes `openapi.yaml` from the routes and DTOs (`npm run openapi`), or with
 * `--check` fails when the file on disk differs from what the code produces.
 * Preview mode builds the module graph without connecting to a database.
 */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: 'postgres://preview' }), {
    preview: true,
    logger: false,
  });
  const yaml = dump(buildOpenApiDocument(app), { sortKeys: true, lineWidth: -1, noRefs: true });
  await app.close();

  if (!process.argv.includes('--check')) {
    await writeFile(TARGET, yaml);
    return;
  }
  const current = await readFile(TARGET, 'utf8').catch(() => '');
  if (current !== yaml) {
    process.stderr.write('openapi.yaml is out of date with the code: run `npm run build && npm run openapi` and commit it.\n');
    process.exitCode = 1;
  }
}

void main();
