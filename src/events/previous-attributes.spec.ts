import { previousAttributes } from './previous-attributes';

describe('previousAttributes', () => {
  it('gives the old values of the changed top-level fields only, nested values whole', () => {
    const before = { id: 'cus_1', name: 'Ada', email: 'a@example.com', metadata: { plan: 'free', team: 'x' } };
    const after = { id: 'cus_1', name: 'Ada L.', email: 'a@example.com', metadata: { plan: 'pro', team: 'x' } };
    expect(previousAttributes(before, after)).toEqual({ name: 'Ada', metadata: { plan: 'free', team: 'x' } });
  });

  it('is empty when nothing changed, comparing dates by their JSON form', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(previousAttributes({ createdAt: at, description: null }, { createdAt: at.toISOString(), description: null })).toEqual({});
  });

  it('shows a field that was null, and one the change added, as null', () => {
    expect(previousAttributes({ description: null }, { description: 'Orders', added: 1 })).toEqual({ description: null, added: null });
  });

  it('returns JSON values, not the live objects of the entity before the change', () => {
    const metadata = { plan: 'free' };
    const changed = previousAttributes({ metadata, at: new Date('2026-01-01T00:00:00Z') }, { metadata: {}, at: null });
    metadata.plan = 'mutated later';
    expect(changed).toEqual({ metadata: { plan: 'free' }, at: '2026-01-01T00:00:00.000Z' });
  });
});
