import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import { randomBytes } from 'node:crypto';
import type { Mode } from '../common/auth/scopes';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import { assertOutsideTransaction } from '../common/data/outside-transaction';
import { ApiErrors } from '../common/errors/api-errors';
import { CommitStep } from '../common/idempotency/commit-step';
import { newId } from '../common/ids/type-id';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { ListPage } from '../common/pagination/paginate';
import type { TxHost } from '../common/data/tx-host';
import { DestinationPolicy, DestinationRefused } from './destination-policy';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import { EventWriter } from '../events/event-writer';
import { SecretBox } from './secret-box';
import { presentWebhookEndpoint } from './webhook-endpoint.presenter';
import { previousSecretContext, WebhookEndpoint } from './webhook-endpoint.entity';

const HOUR_MS = 3_600_000;

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpoint;
  /** The signing secret in clear: returned to the caller this once. */
  secret: string;
}

/** `whsec_` + base64 key: the Standard Webhooks secret format. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

@Injectable()
export class WebhookEndpointsService {
  private readonly endpoints: ModeScopedRepository<WebhookEndpoint>;

  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly destinations: DestinationPolicy,
    private readonly secrets: SecretBox,
    private readonly events: EventWriter,
  ) {
    this.endpoints = new ModeScopedRepository(txHost, WebhookEndpoint, 'we');
  }

  /** Checks the URL first (a DNS lookup in live mode), holding no transaction; the step inserts the endpoint. */
  async create(mode: Mode, input: CreateWebhookEndpointDto): Promise<CommitStep<CreatedWebhookEndpoint>> {
    const url = await this.destination(mode, input.url);
    return new CommitStep(() => this.insert(mode, url, input));
  }

  /** A new `url` is checked first, as on create (a DNS lookup in live mode, holding no transaction); the step writes the change. */
  async update(mode: Mode, id: string, input: UpdateWebhookEndpointDto): Promise<CommitStep<WebhookEndpoint>> {
    await this.endpoints.get(mode, id); // an unknown id is a 404 before any DNS lookup
    const url = input.url === undefined ? undefined : await this.destination(mode, input.url);
    return new CommitStep(() => this.applyUpdate(mode, id, url, input));
  }

  list(mode: Mode, query: ListQueryDto): Promise<ListPage<WebhookEndpoint>> {
    return this.endpoints.list(mode, query);
  }

  get(mode: Mode, id: string): Promise<WebhookEndpoint> {
    return this.endpoints.get(mode, id);
  }

  @Transactional()
  async delete(mode: Mode, id: string): Promise<WebhookEndpoint> {
    return this.endpoints.softRemove(await this.endpoints.get(mode, id, { lock: true }));
  }

  /**
   * Replaces the signing secret with a new one, returned in clear this once. The old secret keeps
   * signing deliveries beside it for `expiresInHours` (none when 0); a secret an earlier roll left in
   * use is dropped. Records a `webhook_endpoint.secret_rolled` event (without either secret).
   */
  @Transactional()
  async rollSecret(mode: Mode, id: string, expiresInHours: number): Promise<CreatedWebhookEndpoint> {
    const endpoint = await this.endpoints.get(mode, id, { lock: true });
    const secret = newSigningSecret();
    const overlaps = expiresInHours > 0;
    Object.assign(endpoint, {
      previousSecretCiphertext: overlaps ? this.secrets.encrypt(this.secrets.decrypt(endpoint.secretCiphertext, id), previousSecretContext(id)) : null,
      previousSecretExpiresAt: overlaps ? new Date(Date.now() + expiresInHours * HOUR_MS) : null,
      secretCiphertext: this.secrets.encrypt(secret, id),
    });
    const saved = await this.endpoints.save(endpoint);
    await this.events.record(mode, 'webhook_endpoint.secret_rolled', presentWebhookEndpoint(saved));
    return { endpoint: saved, secret };
  }

  /** The secret that signs deliveries to this endpoint. */
  async signingSecret(mode: Mode, id: string): Promise<string> {
    const endpoint = await this.endpoints.get(mode, id);
    return this.secrets.decrypt(endpoint.secretCiphertext, endpoint.id);
  }

  @Transactional()
  private async insert(mode: Mode, url: URL, input: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpoint> {
    const id = newId('we');
    const secret = newSigningSecret();
    const endpoint = await this.endpoints.save(
      this.endpoints.create(mode, {
        id,
        url: url.href,
        enabledEvents: input.enabledEvents,
        description: input.description ?? null,
        status: 'enabled',
        secretCiphertext: this.secrets.encrypt(secret, id),
        previousSecretCiphertext: null,
        previousSecretExpiresAt: null,
        deletedAt: null,
      }),
    );
    return { endpoint, secret };
  }

  @Transactional()
  private async applyUpdate(mode: Mode, id: string, url: URL | undefined, input: UpdateWebhookEndpointDto): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.get(mode, id, { lock: true });
    const previous = presentWebhookEndpoint(endpoint);
    Object.assign(endpoint, {
      url: url?.href ?? endpoint.url,
      enabledEvents: input.enabledEvents ?? endpoint.enabledEvents,
      description: input.description ?? endpoint.description,
      status: input.status ?? endpoint.status,
    });
    const saved = await this.endpoints.save(endpoint);
    await this.events.record(mode, 'webhook_endpoint.updated', presentWebhookEndpoint(saved), { previous });
    return saved;
  }

  private async destination(mode: Mode, url: string): Promise<URL> {
    assertOutsideTransaction(this.txHost, 'Checking a webhook URL (a DNS lookup in live mode)');
    try {
      return await this.destinations.check(mode, url);
    } catch (error) {
      if (error instanceof DestinationRefused) throw ApiErrors.parameterInvalid('url', error.message);
      throw error;
    }
  }
}
