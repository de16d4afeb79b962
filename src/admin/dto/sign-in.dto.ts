import { IsEmail, IsString, Length } from 'class-validator';

export class SignInDto {
  @IsEmail()
  email!: string;

  @IsString()
  @Length(1, 1024)
  password!: string;
}
