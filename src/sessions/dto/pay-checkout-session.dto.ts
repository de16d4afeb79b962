import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { NETWORK_NAMES } from '../../chains/networks';
import { IsAmount } from '../../common/money/amount';
import { Omittable } from '../../common/validation/omittable';

/** What the test helper sends to the session's deposit address; by default exactly what is due. */
export class PayCheckoutSessionDto {
  /**
   * A decimal string in `currency`; default: the session's `amountDue` (or its whole amount once nothing is due).
   * @example "4.5"
   */
  @Omittable()
  @IsAmount()
  amount?: string;

  /**
   * Another currency makes an unmatched payment; default: the session's.
   * @example "USDT"
   */
  @Omittable()
  @IsString()
  @Length(1, 10)
  currency?: string;

  /**
   * The network to pay on; default: the first of the session's networks. Another test network makes an unmatched payment.
   * @example "local"
   */
  @ApiPropertyOptional({ enum: NETWORK_NAMES })
  @Omittable()
  @IsIn(NETWORK_NAMES, { message: `network must be one of ${NETWORK_NAMES.join(', ')}` })
  network?: string;
}
