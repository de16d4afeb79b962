import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { IsMetadata } from '../../common/metadata/metadata';
import type { Metadata } from '../../common/metadata/metadata';
import { IsAmount } from '../../common/money/amount';

const WEB_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Either `amount` + `currency`, or `paymentLink` (whose price is copied). */
export class CreateCheckoutSessionDto {
  /**
   * A decimal string > 0 with at most the currency's decimals; with `currency`, instead of `paymentLink`.
   * @example "12.34"
   */
  @IsOptional()
  @IsAmount()
  amount?: string;

  @IsOptional()
  @IsString()
  @Length(1, 10)
  currency?: string;

  /**
   * A payment link of the same mode (`plink_…`) whose price the session copies; it must be active.
   * @example "plink_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  @IsOptional()
  @IsString()
  paymentLink?: string;

  /**
   * A customer of the same mode (`cus_…`).
   * @example "cus_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  @IsOptional()
  @IsString()
  customer?: string;

  /**
   * Where the customer is sent after paying (http or https).
   * @example "https://shop.example.com/thanks"
   */
  @IsOptional()
  @IsUrl(WEB_URL)
  @MaxLength(2048)
  successUrl?: string;

  /**
   * Where the customer is sent on giving up (http or https).
   * @example "https://shop.example.com/cart"
   */
  @IsOptional()
  @IsUrl(WEB_URL)
  @MaxLength(2048)
  cancelUrl?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;

  /**
   * When the session stops accepting payment: 30 minutes to 24 hours from now; default 1 hour.
   * @example "2026-11-26T12:00:00.000Z"
   */
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
