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

type FetchPage<T, P> = (params: P) => Promise<ListBody<T>>;

/**
 * One page of a list, newest first. Iterating it with `for await` walks this
 * page and every later one, fetching them as needed.
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
   */
  async getNextPage(): Promise<Page<T, P>> {
    const backwards = this.#params.endingBefore !== undefined;
    const params: P = backwards
      ? { ...this.#params, startingAfter: undefined, endingBefore: this.data[0]!.id }
      : { ...this.#params, startingAfter: this.data[this.data.length - 1]!.id };
    return new Page(await this.#fetchPage(params), params, this.#fetchPage);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return walk(this);
  }
}

// A loop rather than recursion: a chain of nested generators would slow every item down as pages add up.
async function* walk<T extends { id: string }, P extends CursorParams>(first: Page<T, P>): AsyncGenerator<T> {
  for (let page = first; ; page = await page.getNextPage()) {
    yield* page.data;
    if (!page.hasNextPage()) return;
  }
}

/**
 * What `list()` returns: await it for the first page, or iterate it directly
 * (`for await (const c of client.customers.list())`) to walk every page.
 */
export class PagePromise<T extends { id: string }, P extends CursorParams = CursorParams>
  implements PromiseLike<Page<T, P>>, AsyncIterable<T>
{
  readonly #params: P;
  readonly #fetchPage: FetchPage<T, P>;
  #first: Promise<Page<T, P>> | undefined;

  constructor(params: P, fetchPage: FetchPage<T, P>) {
    this.#params = params;
    this.#fetchPage = fetchPage;
  }

  // Fetched on first use, not at construction: an unused list() sends nothing and cannot reject unobserved.
  #load(): Promise<Page<T, P>> {
    this.#first ??= this.#fetchPage(this.#params).then((body) => new Page(body, this.#params, this.#fetchPage));
    return this.#first;
  }

  then<R1 = Page<T, P>, R2 = never>(
    onfulfilled?: ((page: Page<T, P>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#load().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T, P> | R> {
    return this.#load().catch(onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* await this.#load();
  }
}
