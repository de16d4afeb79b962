import { hkdfSync, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';

/** The file's name predates its wider use (it first only sealed webhook secrets); kept so deployments keep their key. */
export const KEY_FILE_NAME = 'webhook-secret.key';

type KeySettings = Pick<AppConfig, 'webhookSecretKey' | 'dataDir'>;

export function keyFilePath(config: KeySettings): string {
  return join(config.dataDir, KEY_FILE_NAME);
}

/**
 * The server's secret key, which never leaves the server: WEBHOOK_SECRET_KEY when set, else a key
 * file under DATA_DIR, created on the first start. It seals webhook secrets at rest as it is
 * (`SecretBox`, unchanged since before any other use); every other use takes a key derived from
 * it for that purpose alone.
 */
export class ServerSecretKey {
  constructor(readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The server secret key must be 32 bytes');
  }

  static async load(config: KeySettings): Promise<ServerSecretKey> {
    return new ServerSecretKey(await loadServerSecretKey(config));
  }

  /** A 32-byte key for one purpose (HKDF-SHA256, the purpose as `info`): knowing it reveals neither the server key nor another purpose's. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), purpose, 32));
  }
}

export async function loadServerSecretKey(config: KeySettings): Promise<Buffer> {
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
