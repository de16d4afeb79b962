import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { Omittable } from '../../common/validation/omittable';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

export class ListEventsQueryDto extends ListQueryDto {
  /** Only events of this type. */
  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @Omittable()
  @IsIn(EVENT_TYPES)
  type?: EventType;
}
