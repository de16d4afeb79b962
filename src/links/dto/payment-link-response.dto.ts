import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../../common/metadata/metadata';

export class PaymentLinkResponse {
  /**
   * `plink_…`
   * @example "plink_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['payment_link'] })
  object!: 'payment_link';

  livemode!: boolean;

  /** @example "Pro plan" */
  name!: string;

  /**
   * Decimal string, exactly as given.
   * @example "12.34"
   */
  amount!: string;

  /** @example "USDC" */
  currency!: string;

  /** False once the link is archived. */
  active!: boolean;

  /**
   * The hosted page where a customer starts paying.
   * @example "https://pay.example.com/pay/plink_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  url!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Metadata;

  createdAt!: Date;
}

export class PaymentLinkListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: PaymentLinkResponse[];

  hasMore!: boolean;
}
