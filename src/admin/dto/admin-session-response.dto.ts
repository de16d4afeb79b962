import { ApiProperty } from '@nestjs/swagger';

export class AdminSessionResponse {
  @ApiProperty({ enum: ['admin_session'] })
  object!: 'admin_session';

  email!: string;

  /** The absolute end of the session; it also ends after a spell of inactivity. */
  expiresAt!: Date;
}
