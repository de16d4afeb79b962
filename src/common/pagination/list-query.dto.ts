import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { IsDateTime } from '../validation/date-time';
import { Omittable } from '../validation/omittable';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

/** Query parameters shared by every list route (DESIGN.md §3). */
export class ListQueryDto {
  /** How many objects to return, from 1 to 100. */
  // Explicit: the swagger plugin would read the initializer as a required `number`.
  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  /** An object id: return the objects created just before it (the next page). */
  @Omittable()
  @IsString()
  startingAfter?: string;

  /** An object id: return the objects created just after it (the previous page). */
  @Omittable()
  @IsString()
  endingBefore?: string;

  /** An RFC 3339 date-time: only objects created at or after it. */
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z' })
  @Omittable()
  @IsDateTime()
  createdGte?: string;

  /** An RFC 3339 date-time: only objects created before it. */
  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z' })
  @Omittable()
  @IsDateTime()
  createdLt?: string;
}
