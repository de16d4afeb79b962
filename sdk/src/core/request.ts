import { CheckoutError, ConnectionError, errorFromResponse, TimeoutError, UserAbortError } from '../errors.js';
import type { RequestOptions } from '../types.js';
import { APIPromise, responseMetadata, type WithResponse } from './api-promise.js';
import type { Hooks } from './hooks.js';
import { isRetryableStatus, MAX_RETRY_AFTER_SECONDS, parseRetryAfter, retryDelayMs } from './retry-policy.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Path under the base URL, e.g. `/api/v1/customers`; ids in it are already encoded. */
  path: string;
  query?: object;
  body?: object;
  options?: RequestOptions;
}

/** The one function every resource calls. */
export type RequestFn = <T>(request: ApiRequest) => APIPromise<T>;

export interface TransportConfig extends Hooks {
  apiKey: string;
  baseUrl: string;
  maxRetries: number;
  timeout: number;
  fetch: typeof fetch;
  defaultHeaders: Record<string, string>;
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const USER_AGENT = 'checkout-sdk-node/0.1.0';
/** setTimeout's largest delay; a longer one fires at once, so longer timeouts are capped here (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value` as a retry count, or a CheckoutError naming `what`. */
export function checkMaxRetries(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw new CheckoutError(`${what} must be a whole number ≥ 0.`);
  return value;
}

/** `value` as a timeout in milliseconds (`Infinity` for none), or a CheckoutError naming `what`. */
export function checkTimeout(value: number, what: string): number {
  if (typeof value !== 'number' || !(value > 0)) throw new CheckoutError(`${what} must be a positive number of milliseconds (or Infinity).`);
  return value;
}

const aborted = (signal: AbortSignal) => new UserAbortError('The request was aborted by its signal.', { cause: signal.reason });

function sleepFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type Attempt =
  | { kind: 'response'; response: Response; text: string; durationMs: number }
  | { kind: 'network'; error: ConnectionError }
  | { kind: 'aborted'; error: UserAbortError };

/**
 * Builds the request function over one key. The key lives only in this
 * closure, so no object a caller can print or serialise holds it.
 */
export function createRequestFn(config: TransportConfig): RequestFn {
  const { apiKey, ...settings } = config;
  const sleep = settings.sleep ?? sleepFor;
  const { logger } = settings;

  async function attempt(url: URL, init: RequestInit, timeout: number, signal: AbortSignal | undefined): Promise<Attempt> {
    const timeoutController = new AbortController();
    const timer = timeout === Infinity ? undefined : setTimeout(() => timeoutController.abort(), Math.min(timeout, MAX_TIMER_MS));
    const started = Date.now();
    try {
      const response = await settings.fetch(url, {
        ...init,
        signal: signal ? AbortSignal.any([signal, timeoutController.signal]) : timeoutController.signal,
      });
      const text = await response.text();
      return { kind: 'response', response, text, durationMs: Date.now() - started };
    } catch (error) {
      if (signal?.aborted) return { kind: 'aborted', error: aborted(signal) };
      const wrapped = timeoutController.signal.aborted
        ? new TimeoutError(`No response within ${timeout} ms.`)
        : new ConnectionError('The connection to the Checkout API failed.', { cause: error });
      return { kind: 'network', error: wrapped };
    } finally {
      clearTimeout(timer);
    }
  }

  function headersFor(method: HttpMethod, body: object | undefined, options: RequestOptions): Headers {
    const headers = new Headers({ Accept: 'application/json', 'User-Agent': USER_AGENT });
    for (const [name, value] of Object.entries({ ...settings.defaultHeaders, ...options.headers })) headers.set(name, value);
    // The SDK's own headers come last: a default or call header cannot replace the key or break retries.
    headers.set('Authorization', `Bearer ${apiKey}`);
    // One key for the whole call, so a retry of a write that did run is replayed, not run again.
    if (method !== 'GET') headers.set('Idempotency-Key', options.idempotencyKey ?? crypto.randomUUID());
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    return headers;
  }

  function shown(headers: Headers): Record<string, string> {
    const copy = Object.fromEntries(headers);
    if (copy.authorization !== undefined) copy.authorization = 'Bearer [redacted]';
    return copy;
  }

  async function send<T>({ method, path, query, body, options = {} }: ApiRequest): Promise<WithResponse<T>> {
    const maxRetries = options.maxRetries === undefined ? settings.maxRetries : checkMaxRetries(options.maxRetries, 'The call’s `maxRetries`');
    const timeout = options.timeout === undefined ? settings.timeout : checkTimeout(options.timeout, 'The call’s `timeout`');
    const { signal } = options;
    const url = buildUrl(settings.baseUrl, path, query);
    const headers = headersFor(method, body, options);
    const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };

    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw aborted(signal);
      const info = { method, url: url.toString(), attempt: retry + 1 };
      logger?.debug('Checkout API request', info);
      settings.onRequest?.({ ...info, headers: shown(headers) });
      const result = await attempt(url, init, timeout, signal);
      if (result.kind === 'aborted') throw result.error;
      const canRetry = retry < maxRetries;
      if (result.kind === 'network') {
        if (!canRetry) throw result.error;
        const delayMs = retryDelayMs(retry, undefined);
        logger?.info('Retrying Checkout API request', { ...info, delayMs, reason: result.error.message });
        await sleep(delayMs, signal);
        continue;
      }

      const { response, text, durationMs } = result;
      const metadata = responseMetadata(response);
      logger?.debug('Checkout API response', { ...info, status: response.status, requestId: metadata.requestId, durationMs });
      settings.onResponse?.({ ...info, status: response.status, requestId: metadata.requestId, headers: response.headers, durationMs });
      if (response.ok) return { ...metadata, data: parseJson(text) as T };

      const error = errorFromResponse(response.status, text, response.headers);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const waitable = retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_SECONDS;
      if (!canRetry || !waitable || !isRetryableStatus(response.status, error.code)) throw error;
      const delayMs = retryDelayMs(retry, retryAfter);
      logger?.info('Retrying Checkout API request', { ...info, delayMs, reason: `${response.status} ${error.code}` });
      await sleep(delayMs, signal);
    }
  }

  return <T>(request: ApiRequest) => new APIPromise<T>(() => send<T>(request));
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function buildUrl(baseUrl: string, path: string, query: object | undefined): URL {
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
  }
  return url;
}
