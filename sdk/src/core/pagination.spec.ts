import { CheckoutError } from '../errors.js';
import { apiPromiseOf } from '../testing/api-promise-of.js';
import { CursorParams, Page, PagePromise } from './pagination.js';

type Item = { id: string };
const items: Item[] = Array.from({ length: 7 }, (_, i) => ({ id: `cus_${String(7 - i).padStart(2, '0')}` }));

/** A fake list route over `items` (newest first) with the server's cursor semantics. */
function fakeList(calls: CursorParams[]) {
  return (params: CursorParams) => {
    calls.push(params);
    const limit = params.limit ?? 10;
    if (params.endingBefore !== undefined) {
      const end = items.findIndex((i) => i.id === params.endingBefore);
      const start = Math.max(0, end - limit);
      return apiPromiseOf({ object: 'list' as const, data: items.slice(start, end), hasMore: start > 0 }, { 'request-id': `req_${calls.length}` });
    }
    const start = params.startingAfter === undefined ? 0 : items.findIndex((i) => i.id === params.startingAfter) + 1;
    return apiPromiseOf(
      { object: 'list' as const, data: items.slice(start, start + limit), hasMore: start + limit < items.length },
      { 'request-id': `req_${calls.length}` },
    );
  };
}

const emptyButHasMore = () => apiPromiseOf({ object: 'list' as const, data: [] as Item[], hasMore: true });

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

  it('is a real Promise: instanceof, .finally, Promise.all, and one request however often it is awaited', async () => {
    const calls: CursorParams[] = [];
    const list = new PagePromise<Item>({ limit: 2 }, fakeList(calls));
    expect(list).toBeInstanceOf(Promise);
    let settled = false;
    const page = await list.finally(() => {
      settled = true;
    });
    expect(settled).toBe(true);
    expect(page).toBeInstanceOf(Page);
    const [again] = await Promise.all([list]);
    expect(again).toBe(page);
    expect(calls).toHaveLength(1);
  });

  it('offers withResponse() on the first page and on getNextPage()', async () => {
    const calls: CursorParams[] = [];
    const first = await new PagePromise<Item>({ limit: 3 }, fakeList(calls)).withResponse();
    expect(first.requestId).toBe('req_1');
    expect(first.data.data).toHaveLength(3);
    const next = await first.data.getNextPage().withResponse();
    expect(next.requestId).toBe('req_2');
    expect(next.data.data.map((i) => i.id)).toEqual(['cus_04', 'cus_03', 'cus_02']);
  });

  it('walks every page with startingAfter when iterated, newest first', async () => {
    const calls: CursorParams[] = [];
    const seen: string[] = [];
    for await (const item of new PagePromise<Item>({ limit: 3 }, fakeList(calls))) seen.push(item.id);
    expect(seen).toEqual(items.map((i) => i.id));
    expect(calls).toEqual([{ limit: 3 }, { limit: 3, startingAfter: 'cus_05' }, { limit: 3, startingAfter: 'cus_02' }]);
  });

  it('walks from an endingBefore page towards newer objects in one order: oldest first, across page boundaries', async () => {
    const calls: CursorParams[] = [];
    const seen: string[] = [];
    for await (const item of new PagePromise<Item>({ limit: 2, endingBefore: 'cus_02' }, fakeList(calls))) seen.push(item.id);
    expect(seen).toEqual(['cus_03', 'cus_04', 'cus_05', 'cus_06', 'cus_07']);
    expect(calls.map((c) => c.endingBefore)).toEqual(['cus_02', 'cus_04', 'cus_06']);
  });

  it('leaves an awaited endingBefore page as the server listed it, newest first', async () => {
    const page = await new PagePromise<Item>({ limit: 2, endingBefore: 'cus_02' }, fakeList([]));
    expect(page.data.map((i) => i.id)).toEqual(['cus_04', 'cus_03']);
  });

  it('stops on an empty page even if hasMore says otherwise', async () => {
    let calls = 0;
    const seen: Item[] = [];
    const list = () => {
      calls++;
      return emptyButHasMore();
    };
    for await (const item of new PagePromise<Item>({}, list)) seen.push(item);
    expect(seen).toEqual([]);
    expect(calls).toBe(1);
  });

  it('gives a clear CheckoutError, not a TypeError, for getNextPage() on an empty or the last page', async () => {
    const empty = await new PagePromise<Item>({}, emptyButHasMore);
    expect(empty.hasNextPage()).toBe(false);
    const fromEmpty = await empty.getNextPage().then(() => undefined, (error: unknown) => error);
    expect(fromEmpty).toBeInstanceOf(CheckoutError);
    expect((fromEmpty as Error).message).toMatch(/No next page: this page is empty.*hasNextPage/);

    const calls: CursorParams[] = [];
    const last = await new PagePromise<Item>({ limit: 10 }, fakeList(calls));
    expect(last.hasMore).toBe(false);
    await expect(last.getNextPage()).rejects.toThrow(/No next page: this is the last page/);
    expect(calls).toHaveLength(1);
  });

  it('collects up to the required cap with toArray, fetching no page beyond it', async () => {
    const calls: CursorParams[] = [];
    const five = await new PagePromise<Item>({ limit: 3 }, fakeList(calls)).toArray({ limit: 5 });
    expect(five.map((i) => i.id)).toEqual(['cus_07', 'cus_06', 'cus_05', 'cus_04', 'cus_03']);
    expect(calls).toHaveLength(2);

    const all = await new PagePromise<Item>({ limit: 3, endingBefore: 'cus_01' }, fakeList([])).toArray({ limit: 100 });
    expect(all.map((i) => i.id)).toEqual(['cus_02', 'cus_03', 'cus_04', 'cus_05', 'cus_06', 'cus_07']);

    const page = await new PagePromise<Item>({ limit: 3 }, fakeList([]));
    expect((await page.toArray({ limit: 4 })).map((i) => i.id)).toEqual(['cus_07', 'cus_06', 'cus_05', 'cus_04']);
  });

  it.each([undefined, {}, { limit: 0 }, { limit: 2.5 }, { limit: 10_001 }, { limit: Infinity }])('refuses toArray(%p): a cap is required', async (options) => {
    const calls: CursorParams[] = [];
    const list = new PagePromise<Item>({}, fakeList(calls));
    await expect(list.toArray(options as { limit: number })).rejects.toThrow(/toArray\(\) needs \{ limit \}/);
    expect(calls).toHaveLength(0);
  });
});
