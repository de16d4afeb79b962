import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { Mode } from '../common/auth/scopes';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 26;
const CHECKSUM_LENGTH = 6;

/**
 * `ck_{mode}_{26 random base62}{6 base62 CRC32}` — 32 characters after the
 * mode, as DESIGN.md §4 says. The checksum (as GitHub's tokens carry) covers
 * everything before it, mode included, so a mistyped or invented key is
 * refused without a database lookup and a scanner can confirm a leak offline.
 * A secret scanner's pattern: `\bck_(?:live|test)_[0-9A-Za-z]{32}\b`.
 */
export const API_KEY_PATTERN = /^ck_(live|test)_([0-9A-Za-z]{26})([0-9A-Za-z]{6})$/;

/** `length` base62 characters from the CSPRNG, by rejection sampling: bytes ≥ 248 are dropped, so no character is likelier than another. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function base62Checksum(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function generateApiKey(mode: Mode): string {
  const body = `ck_${mode}_${randomBase62(RANDOM_LENGTH)}`;
  return body + base62Checksum(body);
}

/** The key's mode when its shape and checksum are right, else undefined. */
export function checkApiKey(candidate: string): Mode | undefined {
  const match = API_KEY_PATTERN.exec(candidate);
  if (!match) return undefined;
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  return base62Checksum(body) === match[3] ? (match[1] as Mode) : undefined;
}

/** What the database stores instead of the key: its SHA-256, hex (one-shot `crypto.hash`: a third of `createHash`'s cost, on every request). */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}
