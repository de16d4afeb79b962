import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsMetadata } from '../../common/metadata/metadata';
import type { Metadata } from '../../common/metadata/metadata';

export class CreateCustomerDto {
  /**
   * The customer's email address.
   * @example "ada@example.com"
   */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /**
   * The customer's full name or business name.
   * @example "Ada Lovelace"
   */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  name?: string;

  /** Up to 50 string keys (≤ 40 characters) with string values (≤ 500 characters). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
