import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Webhook } from 'standardwebhooks';
import { assertOutsideTransaction } from '../common/data/outside-transaction';
import type { TxHost } from '../common/data/tx-host';
import { Event } from '../events/event.entity';
import { CheckoutPageUrls } from '../common/security/checkout-page-urls';
import { presentEvent } from '../events/event.presenter';
import { SecretBox } from './secret-box';
import type { DeliveryAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { previousSecretContext, WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookSender } from './webhook-sender';

/** One attempt's outcome, before it is recorded (`DeliveryLeases.record` numbers it). */
export type Attempt = Omit<DeliveryAttempt, 'attempt'> & {
  /** No later attempt can succeed: the endpoint is gone or disabled (410 disables it), or the event no longer exists. */
  final: boolean;
};

/**
 * Sends one delivery attempt: signs the event as `GET /api/v1/events/:id`
 * shows it (Standard Webhooks; `webhook-id` is the event id, the same on every
 * attempt) and posts it. Network I/O only: callers claim the delivery before
 * and record the attempt after, never holding a transaction meanwhile.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly sender: WebhookSender,
    private readonly secrets: SecretBox,
    private readonly pageUrls: CheckoutPageUrls,
  ) {}

  /** Looks up the delivery's endpoint and event (one short query each), then sends. */
  async sendDelivery(delivery: WebhookDelivery): Promise<Attempt> {
    const [endpoint, event] = await Promise.all([
      this.txHost.tx.getRepository(WebhookEndpoint).findOne({ where: { id: delivery.endpointId }, withDeleted: true }),
      this.txHost.tx.getRepository(Event).findOneBy({ id: delivery.eventId }),
    ]);
    return this.send(endpoint, event);
  }

  async send(endpoint: WebhookEndpoint | null | undefined, event: Event | null | undefined): Promise<Attempt> {
    assertOutsideTransaction(this.txHost, 'Sending a webhook');
    const sentAt = new Date();
    if (!endpoint || endpoint.deletedAt || endpoint.status !== 'enabled') return notSent(sentAt, 'The endpoint was deleted or disabled.');
    if (!event) return notSent(sentAt, 'The event no longer exists.');
    const payload = JSON.stringify(presentEvent(event, this.pageUrls));
    const signature = this.signingSecrets(endpoint, sentAt)
      .map((secret) => new Webhook(secret).sign(event.id, sentAt, payload))
      .join(' ');
    const outcome = await this.sender.send(
      endpoint.livemode ? 'live' : 'test',
      endpoint.url,
      {
        'content-type': 'application/json',
        'user-agent': 'CryptoCheckout-Webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      payload,
    );
    return { at: sentAt.toISOString(), ...outcome, final: outcome.responseStatus === 410 };
  }

  /**
   * The current secret, and while a roll's overlap lasts the previous one too: Standard Webhooks puts
   * several space-separated signatures in one header, and a receiver accepts the delivery if any matches.
   */
  private signingSecrets(endpoint: WebhookEndpoint, at: Date): string[] {
    const current = this.secrets.decrypt(endpoint.secretCiphertext, endpoint.id);
    const { previousSecretCiphertext: previous, previousSecretExpiresAt: until } = endpoint;
    if (!previous || !until || until <= at) return [current];
    return [current, this.secrets.decrypt(previous, previousSecretContext(endpoint.id))];
  }
}

function notSent(at: Date, reason: string): Attempt {
  return { at: at.toISOString(), responseStatus: null, durationMs: 0, responseBody: null, error: reason, final: true };
}
