import type { ValidationError } from 'class-validator';
import { ApiError } from './api-error';
import { joinParamPath } from '../validation/param-path';
import { ApiErrors } from './api-errors';

function firstFailure(errors: ValidationError[], parent = ''): { path: string; error: ValidationError } | undefined {
  for (const error of errors) {
    const path = joinParamPath(parent, error.property ?? '');
    if (error.constraints && Object.keys(error.constraints).length > 0) return { path, error };
    const nested = firstFailure(error.children ?? [], path);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * The `ValidationPipe`'s exception factory: the first failing field becomes
 * one 400 naming it in `param`, with `parameter_unknown` for a field the DTO
 * does not declare, `parameter_missing` for a required field that was not
 * sent, and `parameter_invalid` otherwise.
 */
export function validationErrorsToApiError(errors: ValidationError[]): ApiError {
  const failure = firstFailure(errors);
  if (!failure || !failure.path) {
    return ApiErrors.bodyMalformed('The request body must be a JSON object.');
  }
  const { path, error } = failure;
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) return ApiErrors.parameterUnknown(path);
  if (error.value === undefined) return ApiErrors.parameterMissing(path);
  // class-validator's messages start with the bare property name; name the full path instead.
  const message = Object.values(constraints)[0] ?? 'is invalid';
  const namesProperty = message.startsWith(`${error.property} `);
  return ApiErrors.parameterInvalid(
    path,
    namesProperty ? `${path} ${message.slice(error.property.length + 1)}.` : `Invalid ${path}: ${message}.`,
  );
}
