import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../../common/metadata/metadata';

export class CustomerResponse {
  /**
   * `cus_…`
   * @example "cus_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  id!: string;

  @ApiProperty({ enum: ['customer'] })
  object!: 'customer';

  livemode!: boolean;

  email!: string | null;

  name!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  metadata!: Metadata;

  createdAt!: Date;
}

export class CustomerListResponse {
  @ApiProperty({ enum: ['list'] })
  object!: 'list';

  data!: CustomerResponse[];

  hasMore!: boolean;
}
