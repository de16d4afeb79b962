import { IsEmail, IsString, Length } from 'class-validator';
import { FreeText } from '../../common/validation/free-text.decorator';

export class SignInDto {
  @IsEmail()
  email!: string;

  // Typed by a person: tab and line breaks are kept like any other character.
  @IsString()
  @Length(1, 1024)
  @FreeText()
  password!: string;
}
