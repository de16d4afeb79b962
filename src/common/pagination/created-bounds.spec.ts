import { TypeID } from 'typeid-js';
import { newId } from '../ids/type-id';
import { idAt } from './created-bounds';

describe('idAt', () => {
  it('sorts every id made in a millisecond at or after that millisecond bound and before the next one', () => {
    const before = Date.now();
    const id = newId('cus');
    const after = Date.now();
    expect(idAt('cus', new Date(before).toISOString()) <= id).toBe(true);
    expect(id < idAt('cus', new Date(after + 1).toISOString())).toBe(true);
  });

  it('reads the instant from any RFC 3339 offset and keeps the prefix', () => {
    expect(idAt('evt', '2026-11-26T13:00:00+01:00')).toBe(idAt('evt', '2026-11-26T12:00:00Z'));
    expect(TypeID.fromString(idAt('evt', '2026-11-26T12:00:00Z')).getType()).toBe('evt');
  });

  it('clamps instants before 1970 to the smallest id', () => {
    expect(idAt('cs', '1900-01-01T00:00:00Z')).toBe(idAt('cs', '1970-01-01T00:00:00Z'));
  });
});
