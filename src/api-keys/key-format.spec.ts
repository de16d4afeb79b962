import { API_KEY_PATTERN, checkApiKey, generateApiKey, hashApiKey } from './key-format';

const SCANNER_PATTERN = /\bck_(?:live|test)_[0-9A-Za-z]{32}\b/;

describe('API key format', () => {
  it('is ck_{mode}_ and 32 base62 characters, matching the documented scanner pattern', () => {
    for (const mode of ['test', 'live'] as const) {
      const key = generateApiKey(mode);
      expect(key).toMatch(new RegExp(`^ck_${mode}_[0-9A-Za-z]{32}$`));
      expect(key).toMatch(API_KEY_PATTERN);
      expect(`leaked: "${key}".`).toMatch(SCANNER_PATTERN);
    }
  });

  it('carries a checksum that its own check accepts, with the mode', () => {
    const key = generateApiKey('live');
    expect(checkApiKey(key)).toBe('live');
    expect(checkApiKey(generateApiKey('test'))).toBe('test');
  });

  it('is refused when any single character is mistyped', () => {
    const key = generateApiKey('test');
    for (let i = 'ck_test_'.length; i < key.length; i++) {
      const replacement = key[i] === 'a' ? 'b' : 'a';
      expect(checkApiKey(key.slice(0, i) + replacement + key.slice(i + 1))).toBeUndefined();
    }
  });

  it('is refused when the mode is swapped, since the checksum covers it', () => {
    const key = generateApiKey('test');
    expect(checkApiKey(key.replace('ck_test_', 'ck_live_'))).toBeUndefined();
  });

  it('refuses invented keys of the right shape almost always', () => {
    let accepted = 0;
    for (let i = 0; i < 2_000; i++) {
      const invented = `ck_live_${generateApiKey('live').slice(8, 34)}${'000000'}`;
      if (checkApiKey(invented)) accepted += 1;
    }
    expect(accepted).toBeLessThan(2);
  });

  it.each([
    ['empty', ''],
    ['a bare prefix', 'ck_test_'],
    ['an unknown mode', 'ck_prod_0123456789012345678901234567890A'],
    ['another prefix', 'sk_test_0123456789012345678901234567890A'],
    ['10 kB of text', 'x'.repeat(10_000)],
  ])('refuses %s', (_label, candidate) => {
    expect(checkApiKey(candidate)).toBeUndefined();
  });

  it('uses every base62 character with about equal frequency (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      for (const char of generateApiKey('test').slice(8, 34)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (4_000 * 26) / 62;
    for (const count of counts.values()) {
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.15);
    }
  });

  it('is unique across many generations', () => {
    const keys = new Set(Array.from({ length: 5_000 }, () => generateApiKey('live')));
    expect(keys.size).toBe(5_000);
  });

  it('hashes to the hex SHA-256 stored in place of the key', () => {
    expect(hashApiKey('ck_test_abc')).toBe('9988c3392ae90fea2213f30a535aaf1dba10b6dd52e0a6733a9a537b993d9fef');
    expect(hashApiKey('ck_test_abc')).not.toBe(hashApiKey('ck_test_abd'));
  });
});
