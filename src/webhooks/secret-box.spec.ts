import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  it('decrypts what it encrypted, for the same context', () => {
    expect(box.decrypt(box.encrypt(secret, 'we_1'), 'we_1')).toBe(secret);
  });

  it('seals as v1:iv:tag:ciphertext with a fresh IV each time, never holding the plaintext', () => {
    const first = box.encrypt(secret, 'we_1');
    const second = box.encrypt(secret, 'we_1');
    expect(first).toMatch(/^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret.slice(6));
  });

  it.each([
    ['the ciphertext', 3],
    ['the tag', 2],
    ['the IV', 1],
  ])('detects a change to %s', (_part, index) => {
    const parts = box.encrypt(secret, 'we_1').split(':');
    const bytes = Buffer.from(parts[index], 'base64');
    bytes[0] ^= 1;
    parts[index] = bytes.toString('base64');
    expect(() => box.decrypt(parts.join(':'), 'we_1')).toThrow();
  });

  it('refuses a value sealed for another endpoint', () => {
    expect(() => box.decrypt(box.encrypt(secret, 'we_1'), 'we_2')).toThrow();
  });

  it('refuses a value sealed under another key', () => {
    expect(() => new SecretBox(randomBytes(32)).decrypt(box.encrypt(secret, 'we_1'), 'we_1')).toThrow();
  });

  it.each(['', 'v2:a:b:c', 'v1:a:b', 'v1:a:b:c:d', secret])('refuses the malformed value %p', (sealed) => {
    expect(() => box.decrypt(sealed, 'we_1')).toThrow();
  });

  it('takes only a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});
