import fc from 'fast-check';
import { REPLACEMENT_CHARACTER, storableAnswer, storableText } from './storable-text';

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('storableAnswer', () => {
  it('shows NUL and bytes that are not UTF-8 as U+FFFD', () => {
    expect(storableAnswer(Buffer.from('ok\0\xff', 'latin1'), false)).toBe(`ok${REPLACEMENT_CHARACTER}${REPLACEMENT_CHARACTER}`);
  });

  it('keeps UTF-8 text, control characters other than NUL included, as it is', () => {
    expect(storableAnswer(Buffer.from('{"ok":true}\t\n\u0001 € 🎉'), false)).toBe('{"ok":true}\t\n\u0001 € 🎉');
  });

  it('leaves out a character cut by the size limit, but shows an answer that really ends mid-character as U+FFFD', () => {
    const cut = Buffer.from('ab€').subarray(0, 4); // '€' is 3 bytes: only its first 2 are kept
    expect(storableAnswer(cut, true)).toBe('ab');
    expect(storableAnswer(cut, false)).toBe(`ab${REPLACEMENT_CHARACTER}`);
  });

  it('turns any bytes into text that JSON and jsonb can hold', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1024 }), fc.boolean(), (bytes, cut) => {
        const text = storableAnswer(bytes, cut);
        expect(text).not.toContain('\u0000');
        expect(text).not.toMatch(UNPAIRED_SURROGATE);
        expect(JSON.parse(JSON.stringify({ text })).text).toBe(text);
      }),
    );
  });
});

describe('storableText', () => {
  it('replaces NUL and unpaired surrogates, and keeps paired ones', () => {
    expect(storableText('a\u0000b\uD800c\uDC00d\uD83C\uDF89')).toBe(`a${REPLACEMENT_CHARACTER}b${REPLACEMENT_CHARACTER}c${REPLACEMENT_CHARACTER}d🎉`);
  });

  it('leaves any string without NUL or unpaired surrogates unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        fc.pre(!text.includes('\u0000'));
        expect(storableText(text)).toBe(text);
      }),
    );
  });
});
