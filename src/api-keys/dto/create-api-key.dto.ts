import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { MODES, SCOPES } from '../../common/auth/scopes';
import { FreeText } from '../../common/validation/free-text.decorator';
import type { Mode, Scope } from '../../common/auth/scopes';

export class CreateApiKeyDto {
  /**
   * What the key is for, shown in the dashboard. Names need not be unique.
   * @example "Shop backend"
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  @FreeText()
  name!: string;

  /** `test` keys see only test objects and never move real funds; `live` keys only live ones. */
  @ApiProperty({ enum: MODES })
  @IsIn(MODES)
  mode!: Mode;

  /** At least one of the nine scopes, each at most once. */
  @ApiProperty({ enum: SCOPES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(SCOPES.length)
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];
}
