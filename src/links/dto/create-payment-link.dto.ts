import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsMetadata } from '../../common/metadata/metadata';
import type { Metadata } from '../../common/metadata/metadata';
import { IsAmount } from '../../common/money/amount';
import { FreeText } from '../../common/validation/free-text.decorator';
import { Omittable } from '../../common/validation/omittable';

export class CreatePaymentLinkDto {
  /**
   * What the customer is paying for, shown on the hosted page.
   * @example "T-shirt"
   */
  @IsString()
  @Length(1, 256)
  @FreeText()
  name!: string;

  /**
   * A decimal string > 0, e.g. `"25.00"`, with at most the currency's decimals.
   * @example "25.00"
   */
  @IsAmount()
  amount!: string;

  /**
   * One of the accepted currencies (`CURRENCIES`; by default `USDC`, `USDT`, `ETH`).
   * @example "USDC"
   */
  @IsString()
  @Length(1, 10)
  currency!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @Omittable()
  @IsMetadata()
  metadata?: Metadata;
}
