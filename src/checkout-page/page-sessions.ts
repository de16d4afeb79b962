import { Injectable } from '@nestjs/common';
import { isId } from '../common/ids/type-id';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import type { CheckoutSession } from '../sessions/checkout-session.entity';
import { CheckoutSessionsService } from '../sessions/checkout-sessions.service';
import { pageNotFound } from './page-errors';

/**
 * Opens the session a checkout page URL names, provided its secret is the session's. The secret
 * is checked first, in constant time and without the database: a wrong secret and an unknown id
 * cost the same and get the same 404.
 */
@Injectable()
export class PageSessions {
  constructor(
    private readonly urls: CheckoutPageUrls,
    private readonly sessions: CheckoutSessionsService,
  ) {}

  async open(id: string, secret: unknown): Promise<CheckoutSession> {
    if (!isId('cs', id) || !this.urls.matches(id, secret)) throw pageNotFound();
    const mode = await this.sessions.modeOf(id);
    if (!mode) throw pageNotFound();
    return this.sessions.get(mode, id);
  }
}
