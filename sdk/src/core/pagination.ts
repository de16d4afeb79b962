import { CheckoutError } from '../errors.js';
import { APIPromise } from './api-promise.js';

/** Cursor parameters every list route takes (DESIGN §3). */
export interface CursorParams {
  limit?: number;
  startingAfter?: string;
  endingBefore?: string;
}

interface ListBody<T> {
  object: 'list';
  data: T[];
  hasMore: boolean;
}

type FetchPage<T, P> = (params: P) => APIPromise<ListBody<T>>;

/** The most `toArray` collects: a cap is required so that a forgotten filter cannot load a whole table into memory. */
export const MAX_TO_ARRAY = 10_000;

function loadPage<T extends { id: string }, P extends CursorParams>(params: P, fetchPage: FetchPage<T, P>, lazy: boolean): APIPromise<Page<T, P>> {
  return new APIPromise(
    () => fetchPage(params).withResponse().then((result) => ({ ...result, data: new Page(result.data, params, fetchPage) })),
    { lazy },
  );
}

/**
 * One page of a list, as the server gives it: newest first. Iterating it with
 * `for await` walks this page and every later one, fetching them as needed.
 */
export class Page<T extends { id: string }, P extends CursorParams = CursorParams> implements AsyncIterable<T> {
  readonly object = 'list';
  readonly data: T[];
  readonly hasMore: boolean;
  readonly #params: P;
  readonly #fetchPage: FetchPage<T, P>;

  constructor(body: ListBody<T>, params: P, fetchPage: FetchPage<T, P>) {
    this.data = body.data;
    this.hasMore = body.hasMore;
    this.#params = params;
    this.#fetchPage = fetchPage;
  }

  /** Whether `getNextPage()` has anything to fetch. */
  hasNextPage(): boolean {
    return this.hasMore && this.data.length > 0;
  }

  /**
   * The next page in the direction this one was listed: older objects after a
   * `startingAfter` (or first) page, newer ones after an `endingBefore` page.
   * Rejects with a `CheckoutError` when there is none (`hasNextPage()` is false).
   */
  getNextPage(): APIPromise<Page<T, P>> {
    if (!this.hasNextPage()) {
      const reason = this.data.length === 0 ? 'this page is empty' : 'this is the last page (hasMore is false)';
      return new APIPromise(() => Promise.reject(new CheckoutError(`No next page: ${reason}. Check hasNextPage() first.`)), { lazy: true });
    }
    const backwards = this.#params.endingBefore !== undefined;
    const params: P = backwards
      ? { ...this.#params, startingAfter: undefined, endingBefore: this.data[0]!.id }
      : { ...this.#params, startingAfter: this.data[this.data.length - 1]!.id };
    return loadPage(params, this.#fetchPage, false);
  }

  /**
   * Every object from this page on, in one order: newest first, or — for a list
   * started with `endingBefore`, which walks towards newer objects — oldest first
   * (each page reversed, as stripe-node does), so the walk is chronological.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return walk(this, this.#params.endingBefore !== undefined);
  }

  /** Up to `limit` objects from this page on, in the iteration order; `limit` (1–10,000) is required. */
  toArray(options: { limit: number }): Promise<T[]> {
    return collect(this, options);
  }
}

// A loop rather than recursion: a chain of nested generators would slow every item down as pages add up.
async function* walk<T extends { id: string }, P extends CursorParams>(first: Page<T, P>, chronological: boolean): AsyncGenerator<T> {
  for (let page = first; ; page = await page.getNextPage()) {
    yield* chronological ? [...page.data].reverse() : page.data;
    if (!page.hasNextPage()) return;
  }
}

async function collect<T>(items: AsyncIterable<T>, options: { limit: number } | undefined): Promise<T[]> {
  const limit = options?.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_TO_ARRAY) {
    throw new CheckoutError(`toArray() needs { limit }, a whole number from 1 to ${MAX_TO_ARRAY}: iterate with for await for more.`);
  }
  const collected: T[] = [];
  for await (const item of items) {
    collected.push(item);
    if (collected.length >= limit) break;
  }
  return collected;
}

/**
 * What `list()` returns: a real Promise of the first page (`await`, `.withResponse()`),
 * and an async iterable of every object (`for await (const c of client.customers.list())`).
 * Nothing is sent until it is awaited or iterated.
 */
export class PagePromise<T extends { id: string }, P extends CursorParams = CursorParams> extends APIPromise<Page<T, P>> implements AsyncIterable<T> {
  constructor(params: P, fetchPage: FetchPage<T, P>) {
    const first = loadPage(params, fetchPage, true);
    super(() => first.withResponse(), { lazy: true });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this;
  }

  /** Up to `limit` objects of the whole list, in the iteration order; `limit` (1–10,000) is required. */
  toArray(options: { limit: number }): Promise<T[]> {
    return collect(this, options);
  }
}
