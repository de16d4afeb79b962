import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { isId } from '../ids/type-id';
import { ServerSecretKey } from './server-secret-key';

/** The query parameter of a checkout page's URL that holds its secret. */
export const PAGE_SECRET_PARAM = 's';

/** base64url of an HMAC-SHA256: 43 characters. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Names the key's purpose in its derivation; changing it changes every page URL. */
const PURPOSE = 'crypto-checkout checkout-page-url v1';

/**
 * The URL of a session's hosted page (DESIGN.md §14): `/checkout/<id>?s=<secret>`, where the
 * secret is an HMAC-SHA256 of the session id under a key derived from the server's secret key.
 * Nothing stores it: it is derived again whenever a `url` is shown, so the API returns the same
 * URL every time and a copy of the database (events, idempotency records included) opens no page.
 */
@Injectable()
export class CheckoutPageUrls {
  private readonly key: Buffer;

  constructor(
    serverKey: ServerSecretKey,
    private readonly config: AppConfig,
  ) {
    this.key = serverKey.derive(PURPOSE);
  }

  secretOf(sessionId: string): string {
    return createHmac('sha256', this.key).update(sessionId).digest('base64url');
  }

  /** The page's path on this site, secret included: where its own links and redirects go. */
  path(sessionId: string): string {
    return `/checkout/${sessionId}?${PAGE_SECRET_PARAM}=${this.secretOf(sessionId)}`;
  }

  /** What a session's `url` says. */
  url(sessionId: string): string {
    return `${this.config.publicBaseUrl}${this.path(sessionId)}`;
  }

  /** In constant time: a wrong secret is told from a right one only by the answer. */
  matches(sessionId: string, secret: unknown): boolean {
    if (typeof secret !== 'string' || !SECRET_SHAPE.test(secret)) return false;
    return timingSafeEqual(Buffer.from(secret), Buffer.from(this.secretOf(sessionId)));
  }

  /** A JSON copy of an API value for storage (events, idempotency records): checkout sessions' `url` without the secret. */
  forStorage<T>(value: T): T {
    return withSessionUrls(value, (id) => `${this.config.publicBaseUrl}/checkout/${id}`);
  }

  /** A stored API value as the API shows it: checkout sessions' `url` with the secret again. */
  forOutput<T>(value: T): T {
    return withSessionUrls(value, (id) => this.url(id));
  }
}

function withSessionUrls<T>(value: T, urlOf: (id: string) => string): T {
  if (value === undefined || value === null) return value;
  return rewrite(JSON.parse(JSON.stringify(value)) as unknown, urlOf) as T;
}

function rewrite(value: unknown, urlOf: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, urlOf));
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, rewrite(item, urlOf)])) as Record<string, unknown>;
  if (copy.object === 'checkout_session' && isId('cs', copy.id) && typeof copy.url === 'string') copy.url = urlOf(copy.id as string);
  return copy;
}
