import { parseKeyChange } from './key-changes';

describe('parseKeyChange', () => {
  it('reads a notice with a change id, which asks for an acknowledgement', () => {
    expect(parseKeyChange('key_1:0123456789abcdef:batch.0')).toEqual({ keyId: 'key_1', hashPrefix: '0123456789abcdef', changeId: 'batch.0' });
  });

  it('still reads a notice without one (an instance of the previous version)', () => {
    expect(parseKeyChange('key_1:0123456789abcdef')).toEqual({ keyId: 'key_1', hashPrefix: '0123456789abcdef' });
  });

  it('ignores any other shape', () => {
    for (const payload of ['', 'key_1', ':abc', 'key_1:', 'key_1:abc:id:extra']) expect(parseKeyChange(payload)).toBeUndefined();
  });
});
