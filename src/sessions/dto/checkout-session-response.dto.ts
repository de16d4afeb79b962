import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../../common/metadata/metadata';
import { SESSION_STATUSES } from '../checkout-session.entity';
import type { SessionStatus } from '../checkout-session.entity';

export class CheckoutSessionResponse {
  /**
   * `cs_…`
   * @example "cs_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['checkout_session'] })
  object!: 'checkout_session';

  livemode!: boolean;

  /** `open` until paid (`complete`) or past `expiresAt` / expired by request (`expired`). */
  @ApiProperty({ enum: SESSION_STATUSES })
  status!: SessionStatus;

  amount!: string;

  currency!: string;

  /** The payment link the price came from, if any. */
  paymentLink!: string | null;

  customer!: string | null;

  successUrl!: string | null;

  cancelUrl!: string | null;

  /**
   * The hosted page where the customer pays.
   * @example "https://pay.example.com/checkout/cs_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  url!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Metadata;

  expiresAt!: Date;

  completedAt!: Date | null;

  createdAt!: Date;
}

export class CheckoutSessionListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: CheckoutSessionResponse[];

  hasMore!: boolean;
}
