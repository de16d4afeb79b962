import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { IsTypeId } from '../../common/validation/is-type-id';
import { Omittable } from '../../common/validation/omittable';
import { SESSION_STATUSES } from '../checkout-session.entity';
import type { SessionStatus } from '../checkout-session.entity';

export class ListCheckoutSessionsQueryDto extends ListQueryDto {
  /** Only sessions with this status, as the API shows it: an open session past `expiresAt` counts as expired. */
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @Omittable()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  /**
   * Only sessions of this customer (`cus_…`).
   * @example "cus_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  @Omittable()
  @IsTypeId('cus')
  customer?: string;

  /**
   * Only sessions opened from this payment link (`plink_…`).
   * @example "plink_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  @Omittable()
  @IsTypeId('plink')
  paymentLink?: string;
}
