import { Injectable, Logger } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Webhook } from 'standardwebhooks';
import type { TxHost } from '../common/data/tx-host';
import { Event } from '../events/event.entity';
import { presentEvent } from '../events/event.presenter';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { DeliveryAttempt, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { SendOutcome, WebhookSender } from './webhook-sender';

const JITTER = 0.1;

function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}

/**
 * One delivery attempt, start to finish: sign the event as `GET
 * /api/v1/events/:id` shows it (Standard Webhooks; `webhook-id` is the event
 * id, the same on every attempt), send it, and record the outcome — success,
 * a retry on the schedule (with jitter), or failure after the last attempt.
 * A 410 disables the endpoint. Reads and writes go through the transaction
 * host: inside a request (the test route, a manual retry — perhaps under an
 * Idempotency-Key) they join its transaction; from the worker they do not.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);

  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly sender: WebhookSender,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  /** The worker passes the endpoint and event it loaded for a whole batch; other callers let them be looked up. */
  async attempt(delivery: WebhookDelivery, loaded?: { endpoint?: WebhookEndpoint; event?: Event }): Promise<WebhookDelivery> {
    const tx = this.txHost.tx;
    const endpoint = loaded?.endpoint ?? (await tx.getRepository(WebhookEndpoint).findOne({ where: { id: delivery.endpointId }, withDeleted: true }));
    const event = loaded?.event ?? (await tx.getRepository(Event).findOneBy({ id: delivery.eventId }));
    if (!endpoint || endpoint.deletedAt || endpoint.status !== 'enabled') return this.giveUp(delivery, 'The endpoint was deleted or disabled.');
    if (!event) return this.giveUp(delivery, 'The event no longer exists.');
    const payload = JSON.stringify(presentEvent(event));
    const sentAt = new Date();
    const signature = new Webhook(this.secrets.decrypt(endpoint.secretCiphertext, endpoint.id)).sign(event.id, sentAt, payload);
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
    if (outcome.responseStatus === 410) {
      await this.txHost.tx.getRepository(WebhookEndpoint).update({ id: endpoint.id }, { status: 'disabled' });
    }
    return this.record(delivery, outcome, outcome.responseStatus === 410);
  }

  private giveUp(delivery: WebhookDelivery, reason: string): Promise<WebhookDelivery> {
    return this.record(delivery, { responseStatus: null, durationMs: 0, responseBody: null, error: reason }, true);
  }

  /** Stores the attempt and the delivery's next state; `final` ends it whatever the schedule says. */
  async record(delivery: WebhookDelivery, outcome: SendOutcome, final = false): Promise<WebhookDelivery> {
    const attempt: DeliveryAttempt = { attempt: delivery.attempts + 1, at: new Date().toISOString(), ...outcome };
    const delays = this.config.webhookDelivery.retryDelaysMs;
    const retryIn = !final && !isSuccess(outcome.responseStatus) ? delays[delivery.attempts] : undefined;
    const next: Partial<WebhookDelivery> = {
      attempts: attempt.attempt,
      attemptLog: [...delivery.attemptLog, attempt],
      leaseUntil: null,
      status: isSuccess(outcome.responseStatus) ? 'succeeded' : retryIn === undefined ? 'failed' : 'pending',
      nextAttemptAt: retryIn === undefined ? null : new Date(Date.now() + retryIn * (1 + (Math.random() * 2 - 1) * JITTER)),
    };
    try {
      await this.txHost.tx.getRepository(WebhookDelivery).update({ id: delivery.id }, next);
    } catch (error) {
      // Unrecorded, the attempt is made again when the claim's lease runs out, whatever the schedule says.
      this.logger.error(
        { err: error, deliveryId: delivery.id, eventId: delivery.eventId, attempt: attempt.attempt },
        'A webhook attempt could not be recorded: its event will be sent again when the lease ends',
      );
      throw error;
    }
    return Object.assign(delivery, next);
  }
}
