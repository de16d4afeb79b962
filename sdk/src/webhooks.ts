import { readEnv } from './core/env.js';
import { CheckoutError, WebhookVerificationError } from './errors.js';
import type { Event } from './typed-events.js';

// Web platform APIs only (WebCrypto, TextEncoder, atob/btoa): this file runs unchanged on Node ≥ 20,
// Deno, Bun, Cloudflare Workers and Vercel Edge. Node's `crypto` module and `Buffer` are not used.

/** Seconds a signature stays acceptable either side of now (Standard Webhooks' default), against replays. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
/** Standard Webhooks secrets are 24 to 64 random bytes; anything shorter is a truncated copy. */
const MIN_SECRET_BYTES = 24;

/** The request body exactly as received: a string, or its bytes (a Node `Buffer` is a `Uint8Array`). */
export type WebhookPayload = string | Uint8Array | ArrayBuffer;

/** Request headers as fetch (`Headers`), Node (`IncomingHttpHeaders`) or a plain object give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface WebhookVerifyOptions {
  /** The endpoint's `whsec_…` secret; default the `webhookSecret` the client (or `Webhooks`) was given. */
  secret?: string;
  /** Seconds of clock difference allowed; default 300. */
  tolerance?: number;
  /** The current time, for tests; default `new Date()`. */
  now?: Date;
}

const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string {
  const value =
    typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get(name)
      : ((headers as Record<string, string | string[] | undefined>)[name] ??
        Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]);
  const single = Array.isArray(value) ? value[0] : value;
  if (typeof single !== 'string' || single === '') {
    throw new WebhookVerificationError(`Missing the ${name} header: pass the request's headers as received.`);
  }
  return single;
}

function bytesOf(payload: WebhookPayload): Uint8Array {
  if (typeof payload === 'string') return encoder.encode(payload);
  // Not instanceof: a Buffer or ArrayBuffer from another realm (a vm context, a worker) is still one.
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (Object.prototype.toString.call(payload) === '[object ArrayBuffer]') return new Uint8Array(payload as ArrayBuffer);
  // A parsed body cannot be verified: re-serialising it changes the bytes that were signed.
  throw new WebhookVerificationError(
    'The webhook body is not the raw body (a string or bytes) but an already-parsed value: pass the raw request body, e.g. express.raw({ type: "application/json" }) or await request.text().',
  );
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

const base64Of = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function secretBytes(secret: string | undefined): Uint8Array<ArrayBuffer> {
  if (secret === undefined || secret === '') {
    throw new CheckoutError('No webhook secret: pass `webhookSecret` to the client (or `secret` to this call), or set CHECKOUT_WEBHOOK_SECRET.');
  }
  const key = secret.startsWith('whsec_') ? base64Bytes(secret.slice('whsec_'.length)) : undefined;
  if (key === undefined || key.length < MIN_SECRET_BYTES) {
    // Never quote the secret, not even part of it.
    throw new WebhookVerificationError(
      `The webhook secret is not a whsec_… value of at least ${MIN_SECRET_BYTES} bytes: copy the whole secret the endpoint was created with.`,
    );
  }
  return key;
}

function hmacKey(secret: string | undefined) {
  return crypto.subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** The signed content of Standard Webhooks: `id.timestamp.` followed by the body's exact bytes. */
function signedContent(id: string, timestamp: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  return content;
}

/**
 * Verifying webhook deliveries (Standard Webhooks signatures); no API call, only the endpoint's
 * secret. `client.webhooks` is one; `new Webhooks({ secret })` works without a client or API key.
 */
export class Webhooks {
  readonly #secret: string | undefined;

  /** `secret` defaults to `process.env.CHECKOUT_WEBHOOK_SECRET` where the runtime has `process`. */
  constructor(options: { secret?: string } = {}) {
    this.#secret = options.secret ?? readEnv('CHECKOUT_WEBHOOK_SECRET');
  }

  /**
   * Checks a delivery's signature and timestamp against its raw body and returns the event,
   * typed by `type`. Rejects with `WebhookVerificationError` when it does not check out (do not
   * trust the body then): a parsed rather than raw body, a missing header, a timestamp more than
   * `tolerance` seconds from now, a secret that is not a whole `whsec_…` value, or no matching signature.
   */
  async unwrap(payload: WebhookPayload, headers: WebhookHeaders, options: WebhookVerifyOptions = {}): Promise<Event> {
    await this.verify(payload, headers, options);
    const text = new TextDecoder().decode(bytesOf(payload));
    try {
      return JSON.parse(text) as Event;
    } catch {
      throw new WebhookVerificationError('The webhook payload is signed but is not JSON.');
    }
  }

  /** Resolves when the delivery's signature checks out, as {@link unwrap} does, without parsing the body. */
  async verify(payload: WebhookPayload, headers: WebhookHeaders, options: WebhookVerifyOptions = {}): Promise<void> {
    const body = bytesOf(payload);
    const id = header(headers, 'webhook-id');
    const timestampText = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    const key = await hmacKey(options.secret ?? this.#secret);

    if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('The webhook-timestamp header is not a number of seconds.');
    const timestamp = Number(timestampText);
    const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const tolerance = options.tolerance ?? DEFAULT_TOLERANCE_SECONDS;
    if (Math.abs(now - timestamp) > tolerance) {
      throw new WebhookVerificationError(
        `The webhook-timestamp is ${Math.abs(now - timestamp)} s from now, more than the ${tolerance} s allowed: a replay, or a wrong clock.`,
      );
    }

    const content = signedContent(id, timestamp, body);
    // The header may carry several space-separated signatures (a secret being rolled); one match is enough.
    // crypto.subtle.verify compares in constant time.
    for (const entry of signatures.split(' ')) {
      const [version, signature] = entry.split(',', 2);
      const given = version === 'v1' && signature !== undefined ? base64Bytes(signature) : undefined;
      if (given && (await crypto.subtle.verify('HMAC', key, given, content))) return;
    }
    throw new WebhookVerificationError('No signature in webhook-signature matches the payload and secret.');
  }

  /** The headers a delivery of `payload` would carry: for testing your webhook handler. */
  async generateTestHeaders(
    payload: WebhookPayload,
    options: { secret?: string; id?: string; timestamp?: number } = {},
  ): Promise<Record<string, string>> {
    const id = options.id ?? `msg_test_${crypto.randomUUID()}`;
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const key = await hmacKey(options.secret ?? this.#secret);
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, signedContent(id, timestamp, bytesOf(payload))));
    return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${base64Of(signature)}` };
  }
}
