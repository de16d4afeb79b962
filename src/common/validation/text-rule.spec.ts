import { textProblem } from './text-rule';

describe('textProblem', () => {
  it('accepts any well-formed Unicode without control characters', () => {
    for (const text of ['', 'Ada Lovelace', 'Zoë 🚀 中文', '\u007f\u0085\u00a0\u2028', '\uffff', '\u{10ffff}']) {
      expect(textProblem(text, 'plain')).toBeUndefined();
      expect(textProblem(text, 'free')).toBeUndefined();
    }
  });

  it('refuses every C0 control in plain text, naming it', () => {
    for (let code = 0; code < 0x20; code++) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      expect(textProblem(`a${String.fromCharCode(code)}b`, 'plain')).toBe(`must not contain control characters (found U+${hex})`);
    }
  });

  it('lets free text keep tab and line breaks, and nothing else', () => {
    expect(textProblem('one\ttwo\r\nthree\n', 'free')).toBeUndefined();
    expect(textProblem('a\u0000b', 'free')).toBe('must not contain control characters (found U+0000)');
    expect(textProblem('a\u000bb', 'free')).toBe('must not contain control characters (found U+000B)');
  });

  it('refuses unpaired surrogates, wherever they are', () => {
    for (const text of ['\ud800', 'a\udc00', '\udbff\ud800', '\udc00\ud800x']) {
      expect(textProblem(text, 'free')).toBe('must be valid Unicode (found an unpaired surrogate)');
    }
    expect(textProblem('\ud83d\ude80', 'plain')).toBeUndefined();
  });
});
