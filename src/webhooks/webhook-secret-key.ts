import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export const KEY_FILE_NAME = 'webhook-secret.key';

type KeySettings = Pick<AppConfig, 'webhookSecretKey' | 'dataDir'>;

export function keyFilePath(config: KeySettings): string {
  return join(config.dataDir, KEY_FILE_NAME);
}

/**
 * The key that encrypts webhook secrets: WEBHOOK_SECRET_KEY when set, else a
 * key file under DATA_DIR, created on the first start.
 */
export async function loadWebhookSecretKey(config: KeySettings): Promise<Buffer> {
  if (config.webhookSecretKey) return config.webhookSecretKey;
  const path = keyFilePath(config);
  const key = Buffer.from((await readOrCreate(path, config.dataDir)).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key; restore it or set WEBHOOK_SECRET_KEY`);
  return key;
}

async function readOrCreate(path: string, dataDir: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Written under a temporary name and linked into place: instances starting
  // together agree on one key, and none reads a half-written file.
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(temporary, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return readFile(path, 'utf8');
}
