import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { ListQueryDto } from '../../common/pagination/list-query.dto';
import { Omittable } from '../../common/validation/omittable';
import { EVENT_TYPES } from '../event-types';
import type { EventType } from '../event-types';

/** `types=a&types=b`, `types=a,b` or both: one flat list (anything else is left for the validators to refuse). */
function typeList({ value }: { value: unknown }): unknown {
  const values = Array.isArray(value) ? value : [value];
  return values.every((item) => typeof item === 'string') ? (values as string[]).flatMap((item) => item.split(',')) : value;
}

export class ListEventsQueryDto extends ListQueryDto {
  /** Only events of this type. */
  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @Omittable()
  @IsIn(EVENT_TYPES)
  type?: EventType;

  /**
   * Only events of any of these types (up to 20): repeat the parameter (`types=a&types=b`) or separate
   * them with commas. Not together with `type`.
   */
  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: [...EVENT_TYPES] }, maxItems: 20 })
  @Omittable()
  @Transform(typeList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsIn(EVENT_TYPES, { each: true })
  types?: EventType[];
}
