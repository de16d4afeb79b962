import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { NETWORK_NAMES } from '../../chains/networks';
import { IsMetadata } from '../../common/metadata/metadata';
import type { Metadata } from '../../common/metadata/metadata';
import { IsAmount } from '../../common/money/amount';
import { IsDateTime } from '../../common/validation/date-time';
import { Omittable } from '../../common/validation/omittable';

const WEB_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Either `amount` + `currency`, or `paymentLink` (whose price is copied). */
export class CreateCheckoutSessionDto {
  /**
   * A decimal string > 0 with at most the currency's decimals; with `currency`, instead of `paymentLink`.
   * @example "12.34"
   */
  @Omittable()
  @IsAmount()
  amount?: string;

  @Omittable()
  @IsString()
  @Length(1, 10)
  currency?: string;

  /**
   * A payment link of the same mode (`plink_…`) whose price the session copies; it must be active.
   * @example "plink_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  @Omittable()
  @IsString()
  paymentLink?: string;

  /**
   * A customer of the same mode (`cus_…`).
   * @example "cus_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  @Omittable()
  @IsString()
  customer?: string;

  /**
   * Where the customer is sent after paying (http or https).
   * @example "https://shop.example.com/thanks"
   */
  @Omittable()
  @IsUrl(WEB_URL)
  @MaxLength(2048)
  successUrl?: string;

  /**
   * Where the customer is sent on giving up (http or https).
   * @example "https://shop.example.com/cart"
   */
  @Omittable()
  @IsUrl(WEB_URL)
  @MaxLength(2048)
  cancelUrl?: string;

  /**
   * Restricts the session to one network of its mode (by default: every enabled network offering the currency).
   * @example "base"
   */
  @ApiPropertyOptional({ enum: NETWORK_NAMES })
  @Omittable()
  @IsIn(NETWORK_NAMES, { message: `network must be one of ${NETWORK_NAMES.join(', ')}` })
  network?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @Omittable()
  @IsMetadata()
  metadata?: Metadata;

  /**
   * When the session stops accepting payment, as an RFC 3339 date-time: 30 minutes to 24 hours from now; default 1 hour.
   * @example "2026-11-26T12:00:00.000Z"
   */
  @Omittable()
  @IsDateTime()
  expiresAt?: string;
}

/**
 * The two shapes of the body, for the OpenAPI document only (a `oneOf`, so
 * generated clients type it as a union); `CreateCheckoutSessionDto` validates.
 */
export class CreateCheckoutSessionForAmount extends OmitType(CreateCheckoutSessionDto, ['amount', 'currency', 'paymentLink'] as const) {
  /**
   * A decimal string > 0 with at most the currency's decimals.
   * @example "12.34"
   */
  amount!: string;

  @ApiProperty({ minLength: 1, maxLength: 10, example: 'USDC' })
  currency!: string;
}

export class CreateCheckoutSessionForPaymentLink extends OmitType(CreateCheckoutSessionDto, ['amount', 'currency', 'paymentLink'] as const) {
  /**
   * A payment link of the same mode (`plink_…`) whose price the session copies; it must be active.
   * @example "plink_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  paymentLink!: string;
}

/** Example bodies; the first, Swagger UI's default, succeeds against any deployment. */
export const CREATE_CHECKOUT_SESSION_EXAMPLES = {
  amount: {
    summary: 'An amount and currency',
    value: { amount: '12.34', currency: 'USDC', successUrl: 'https://shop.example.com/thanks', metadata: { orderId: '6735' } },
  },
  paymentLink: {
    summary: "A payment link's price (use an id of your own)",
    value: { paymentLink: 'plink_01jdqvtsjxf2nbrexx3vqjhp41', successUrl: 'https://shop.example.com/thanks' },
  },
};
