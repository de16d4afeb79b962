import { APIPromise } from '../core/api-promise.js';

/** An APIPromise of `data` as if the server had answered 200 with `headers`: for specs that need no HTTP. */
export function apiPromiseOf<T>(data: T | Promise<T>, headers: Record<string, string> = {}): APIPromise<T> {
  return new APIPromise(async () => ({
    data: await data,
    requestId: headers['request-id'],
    idempotentReplayed: false,
    rateLimit: undefined,
    status: 200,
    headers: new Headers(headers),
  }));
}
