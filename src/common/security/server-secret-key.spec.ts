import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_FILE_NAME, loadServerSecretKey, ServerSecretKey } from './server-secret-key';

describe('loadServerSecretKey', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'whkey-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('uses WEBHOOK_SECRET_KEY when set, and writes no file', async () => {
    const configured = randomBytes(32);
    expect(await loadServerSecretKey({ webhookSecretKey: configured, dataDir: root })).toBe(configured);
    await expect(stat(join(root, KEY_FILE_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a 32-byte key file readable by its owner only, in a data directory it creates', async () => {
    const dataDir = join(root, 'data');
    const key = await loadServerSecretKey({ webhookSecretKey: undefined, dataDir });
    expect(key).toHaveLength(32);
    const file = join(dataDir, KEY_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await readFile(file, 'utf8'), 'base64')).toEqual(key);
  });

  it('reads the same key on later starts, also when several start at once', async () => {
    const config = { webhookSecretKey: undefined, dataDir: root };
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadServerSecretKey(config)));
    const later = await loadServerSecretKey(config);
    for (const key of keys) expect(key).toEqual(later);
  });

  it('refuses to start with a key file that does not hold 32 bytes', async () => {
    await writeFile(join(root, KEY_FILE_NAME), 'c2hvcnQ=\n');
    await expect(loadServerSecretKey({ webhookSecretKey: undefined, dataDir: root })).rejects.toThrow(/32-byte/);
  });
});

describe('ServerSecretKey.derive', () => {
  it('gives a stable 32-byte key per purpose, different for each purpose and from the server key', () => {
    const server = new ServerSecretKey(randomBytes(32));
    const page = server.derive('checkout-page-url v1');
    expect(page).toHaveLength(32);
    expect(server.derive('checkout-page-url v1')).toEqual(page);
    expect(server.derive('something else')).not.toEqual(page);
    expect(page).not.toEqual(server.key);
    expect(new ServerSecretKey(randomBytes(32)).derive('checkout-page-url v1')).not.toEqual(page);
  });
});
