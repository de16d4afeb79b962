import { ValidationPipe } from '@nestjs/common';
import { validationErrorsToApiError } from '../errors/validation-errors';

/** The global pipe: strips nothing silently — an undeclared field is a 400. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: true },
    exceptionFactory: validationErrorsToApiError,
  });
}
