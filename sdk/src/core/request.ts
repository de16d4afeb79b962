import { randomUUID } from 'node:crypto';
import { ConnectionError, errorFromResponse, TimeoutError } from '../errors.js';
import type { RequestOptions } from '../types.js';
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
export type RequestFn = <T>(request: ApiRequest) => Promise<T>;

export interface TransportConfig {
  apiKey: string;
  baseUrl: string;
  maxRetries: number;
  timeout: number;
  fetch: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const USER_AGENT = 'checkout-sdk-node/0.1.0';
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Attempt = { kind: 'response'; response: Response; body: unknown } | { kind: 'network'; error: ConnectionError };

/**
 * Builds the request function over one key. The key lives only in this
 * closure, so no object a caller can print or serialise holds it.
 */
export function createRequestFn(config: TransportConfig): RequestFn {
  const { apiKey, ...settings } = config;
  const sleep = settings.sleep ?? sleepFor;

  async function attempt(url: URL, init: RequestInit, timeout: number): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      const response = await settings.fetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { kind: 'response', response, body: parseJson(text) };
    } catch (error) {
      const timedOut = controller.signal.aborted;
      const wrapped = timedOut
        ? new TimeoutError(`No response within ${timeout} ms.`)
        : new ConnectionError('The connection to the Checkout API failed.', { cause: error });
      return { kind: 'network', error: wrapped };
    } finally {
      clearTimeout(timer);
    }
  }

  return async function request<T>({ method, path, query, body, options = {} }: ApiRequest): Promise<T> {
    const url = buildUrl(settings.baseUrl, path, query);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${apiKey}`,
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
    };
    // One key for the whole call, so a retry of a write that did run is replayed, not run again.
    if (method !== 'GET') headers['Idempotency-Key'] = options.idempotencyKey ?? randomUUID();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const maxRetries = options.maxRetries ?? settings.maxRetries;
    const timeout = options.timeout ?? settings.timeout;

    for (let retry = 0; ; retry++) {
      const result = await attempt(url, init, timeout);
      const canRetry = retry < maxRetries;
      if (result.kind === 'network') {
        if (!canRetry) throw result.error;
        await sleep(retryDelayMs(retry, undefined));
        continue;
      }
      const { response, body: parsed } = result;
      if (response.ok) return parsed as T;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const error = errorFromResponse(response.status, parsed, response.headers, retryAfter);
      const waitable = retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_SECONDS;
      if (!canRetry || !waitable || !isRetryableStatus(response.status, error.code)) throw error;
      await sleep(retryDelayMs(retry, retryAfter));
    }
  };
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
