import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_FILE_NAME, loadWebhookSecretKey } from './webhook-secret-key';

describe('loadWebhookSecretKey', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'whkey-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('uses WEBHOOK_SECRET_KEY when set, and writes no file', async () => {
    const configured = randomBytes(32);
    expect(await loadWebhookSecretKey({ webhookSecretKey: configured, dataDir: root })).toBe(configured);
    await expect(stat(join(root, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a 32-byte key file readable by its owner only, in a data directory it creates', async () => {
    const dataDir = join(root, 'data');
    const key = await loadWebhookSecretKey({ webhookSecretKey: undefined, dataDir });
    expect(key).toHaveLength(32);
    const file = join(dataDir, KEY_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await readFile(file, 'utf8'), 'base64')).toEqual(key);
  });

  it('reads the same key on later starts, also when several start at once', async () => {
    const config = { webhookSecretKey: undefined, dataDir: root };
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadWebhookSecretKey(config)));
    const later = await loadWebhookSecretKey(config);
    for (const key of keys) expect(key).toEqual(later);
  });

  it('refuses to start with a key file that does not hold 32 bytes', async () => {
    await writeFile(join(root, KEY_FILE_NAME), 'c2hvcnQ=\n');
    await expect(loadWebhookSecretKey({ webhookSecretKey: undefined, dataDir: root })).rejects.toThrow(/32-byte/);
  });
});
