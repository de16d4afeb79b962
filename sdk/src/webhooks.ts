import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from './errors.js';
import type { Event } from './types.js';

/** Seconds a signature stays acceptable either side of now (Standard Webhooks' default), against replays. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** Request headers as Node (`IncomingHttpHeaders`), fetch (`Headers`) or a plain object give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** Seconds of clock difference allowed; default 300. */
  tolerance?: number;
  /** The current time, for tests; default `new Date()`. */
  now?: Date;
}

function header(headers: WebhookHeaders, name: string): string {
  const value =
    headers instanceof Headers
      ? headers.get(name)
      : (headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]);
  const single = Array.isArray(value) ? value[0] : value;
  if (typeof single !== 'string' || single === '') throw new WebhookVerificationError(`Missing the ${name} header.`);
  return single;
}

function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new WebhookVerificationError('The webhook secret is not a whsec_… value.');
  return key;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.payload">`, as Standard Webhooks signs. */
export function signWebhook(payload: string, secret: string, id: string, timestamp: number): string {
  const digest = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${payload}`).digest('base64');
  return `v1,${digest}`;
}

/**
 * Checks a delivery's `webhook-signature` against the raw body and the
 * endpoint's secret and returns the event; throws `WebhookVerificationError`
 * otherwise. Pass the body exactly as received: re-serialised JSON does not verify.
 */
export function verifyWebhook(payload: string | Buffer, headers: WebhookHeaders, secret: string, options: VerifyOptions = {}): Event {
  const body = typeof payload === 'string' ? payload : payload.toString('utf8');
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');

  if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('The webhook-timestamp header is not a number of seconds.');
  const timestamp = Number(timestampText);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.tolerance ?? DEFAULT_TOLERANCE_SECONDS)) {
    throw new WebhookVerificationError('The webhook-timestamp is too far from now: a replay, or a wrong clock.');
  }

  const expected = Buffer.from(signWebhook(body, secret, id, timestamp).slice('v1,'.length), 'base64');
  // The header may carry several space-separated signatures (secret rotation); one match is enough.
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('No signature in webhook-signature matches the payload and secret.');

  try {
    return JSON.parse(body) as Event;
  } catch {
    throw new WebhookVerificationError('The webhook payload is not JSON.');
  }
}

/** `client.webhooks`: verification needs no API call, only the endpoint's secret. */
export class Webhooks {
  /** See {@link verifyWebhook}. */
  verify(payload: string | Buffer, headers: WebhookHeaders, secret: string, options?: VerifyOptions): Event {
    return verifyWebhook(payload, headers, secret, options);
  }

  /** The headers a delivery of `payload` would carry: for testing your webhook handler. */
  generateTestHeaders(payload: string, secret: string, options: { id?: string; timestamp?: number } = {}): Record<string, string> {
    const id = options.id ?? `msg_test_${Date.now()}`;
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(payload, secret, id, timestamp) };
  }
}
