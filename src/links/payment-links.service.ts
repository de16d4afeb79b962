import { Injectable } from '@nestjs/common';
import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import type { Mode } from '../common/auth/scopes';
import { ModeScopedRepository } from '../common/data/mode-scoped.repository';
import { ApiErrors } from '../common/errors/api-errors';
import { newId } from '../common/ids/type-id';
import { mergeMetadata } from '../common/metadata/merge-metadata';
import { assertPrice } from '../common/money/price';
import { ListQueryDto } from '../common/pagination/list-query.dto';
import { ListPage } from '../common/pagination/paginate';
import { AppConfig } from '../config/app-config';
import type { TxHost } from '../common/data/tx-host';
import { EventWriter } from '../events/event-writer';
import type { EventType } from '../events/event-types';
import { CreatePaymentLinkDto } from './dto/create-payment-link.dto';
import { UpdatePaymentLinkDto } from './dto/update-payment-link.dto';
import { PaymentLink } from './payment-link.entity';
import { presentPaymentLink } from './payment-link.presenter';

@Injectable()
export class PaymentLinksService {
  private readonly links: ModeScopedRepository<PaymentLink>;

  constructor(
    @InjectTransactionHost() txHost: TxHost,
    private readonly events: EventWriter,
    private readonly config: AppConfig,
  ) {
    this.links = new ModeScopedRepository(txHost, PaymentLink, 'plink');
  }

  present(link: PaymentLink) {
    return presentPaymentLink(link, this.config.publicBaseUrl);
  }

  @Transactional()
  async create(mode: Mode, input: CreatePaymentLinkDto): Promise<PaymentLink> {
    assertPrice(this.config.currencies, input.amount, input.currency);
    const link = await this.links.save(
      this.links.create(mode, {
        id: newId('plink'),
        name: input.name,
        amount: input.amount,
        currency: input.currency,
        active: true,
        metadata: input.metadata ?? {},
      }),
    );
    return this.recorded(mode, 'payment_link.created', link);
  }

  @Transactional()
  async update(mode: Mode, id: string, input: UpdatePaymentLinkDto): Promise<PaymentLink> {
    const link = await this.links.get(mode, id, { lock: true });
    if (!link.active) throw ApiErrors.stateConflict(`The payment link ${id} is archived and can no longer be changed.`);
    const amount = input.amount ?? link.amount;
    const currency = input.currency ?? link.currency;
    assertPrice(this.config.currencies, amount, currency);
    const previous = this.present(link);
    Object.assign(link, { amount, currency, name: input.name ?? link.name, metadata: mergeMetadata(link.metadata, input.metadata) });
    return this.recorded(mode, 'payment_link.updated', await this.links.save(link), previous);
  }

  /** Archiving is final: the link stops accepting payments and cannot be changed again. */
  @Transactional()
  async archive(mode: Mode, id: string): Promise<PaymentLink> {
    const link = await this.links.get(mode, id, { lock: true });
    if (!link.active) throw ApiErrors.stateConflict(`The payment link ${id} is already archived.`);
    link.active = false;
    return this.recorded(mode, 'payment_link.archived', await this.links.save(link));
  }

  list(mode: Mode, query: ListQueryDto): Promise<ListPage<PaymentLink>> {
    return this.links.list(mode, query);
  }

  /** The mode of a link addressed by id alone (`GET /pay/:id`, its public URL). */
  modeOf(id: string): Promise<Mode | undefined> {
    return this.links.modeOf(id);
  }

  /** `param` names the field that referenced the link, for the 404 (e.g. `paymentLink` on a session). */
  get(mode: Mode, id: string, param = 'id'): Promise<PaymentLink> {
    return this.links.get(mode, id, { param });
  }

  /** `previous`, the link as shown before an update, gives the event its `previousAttributes`. */
  private async recorded(mode: Mode, type: EventType, link: PaymentLink, previous?: object): Promise<PaymentLink> {
    await this.events.record(mode, type, this.present(link), { previous });
    return link;
  }
}
