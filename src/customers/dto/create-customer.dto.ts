import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { FreeText } from '../../common/validation/free-text.decorator';
import { Omittable } from '../../common/validation/omittable';
import { IsMetadata } from '../../common/metadata/metadata';
import type { Metadata } from '../../common/metadata/metadata';

export class CreateCustomerDto {
  /**
   * The customer's email address.
   * @example "ada@example.com"
   */
  @Omittable()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /**
   * The customer's full name or business name.
   * @example "Ada Lovelace"
   */
  @Omittable()
  @IsString()
  @Length(1, 256)
  @FreeText()
  name?: string;

  /** Up to 50 string keys (≤ 40 characters) with string values (≤ 500 characters). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @Omittable()
  @IsMetadata()
  metadata?: Metadata;
}
