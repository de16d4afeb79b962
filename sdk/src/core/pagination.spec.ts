import { CursorParams, PagePromise } from './pagination.js';

type Item = { id: string };
const items: Item[] = Array.from({ length: 7 }, (_, i) => ({ id: `cus_${String(7 - i).padStart(2, '0')}` }));

/** A fake list route over `items` (newest first) with the server's cursor semantics. */
function fakeList(calls: CursorParams[]) {
  return async (params: CursorParams) => {
    calls.push(params);
    const limit = params.limit ?? 10;
    if (params.endingBefore !== undefined) {
      const end = items.findIndex((i) => i.id === params.endingBefore);
      const start = Math.max(0, end - limit);
      return { object: 'list' as const, data: items.slice(start, end), hasMore: start > 0 };
    }
    const start = params.startingAfter === undefined ? 0 : items.findIndex((i) => i.id === params.startingAfter) + 1;
    return { object: 'list' as const, data: items.slice(start, start + limit), hasMore: start + limit < items.length };
  };
}

describe('pages', () => {
  it('awaits to the first page only', async () => {
    const calls: CursorParams[] = [];
    const page = await new PagePromise<Item>({ limit: 3 }, fakeList(calls));
    expect(page.data.map((i) => i.id)).toEqual(['cus_07', 'cus_06', 'cus_05']);
    expect(page.hasMore).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('sends nothing until awaited or iterated', () => {
    const calls: CursorParams[] = [];
    new PagePromise<Item>({}, fakeList(calls));
    expect(calls).toHaveLength(0);
  });

  it('walks every page with startingAfter when iterated', async () => {
    const calls: CursorParams[] = [];
    const seen: string[] = [];
    for await (const item of new PagePromise<Item>({ limit: 3 }, fakeList(calls))) seen.push(item.id);
    expect(seen).toEqual(items.map((i) => i.id));
    expect(calls).toEqual([{ limit: 3 }, { limit: 3, startingAfter: 'cus_05' }, { limit: 3, startingAfter: 'cus_02' }]);
  });

  it('walks towards newer objects from an endingBefore page', async () => {
    const calls: CursorParams[] = [];
    const seen: string[] = [];
    for await (const item of new PagePromise<Item>({ limit: 2, endingBefore: 'cus_02' }, fakeList(calls))) seen.push(item.id);
    expect(seen).toEqual(['cus_04', 'cus_03', 'cus_06', 'cus_05', 'cus_07']);
    expect(calls.map((c) => c.endingBefore)).toEqual(['cus_02', 'cus_04', 'cus_06']);
  });

  it('stops on an empty page even if hasMore says otherwise', async () => {
    let calls = 0;
    const seen: Item[] = [];
    const list = async () => {
      calls++;
      return { object: 'list' as const, data: [], hasMore: true };
    };
    for await (const item of new PagePromise<Item>({}, list)) seen.push(item);
    expect(seen).toEqual([]);
    expect(calls).toBe(1);
  });
});
