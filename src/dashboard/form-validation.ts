import type { Type } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import { createValidationPipe } from '../common/http/validation.pipe';

const pipe = createValidationPipe();

export type FormResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * Validates a form with the same DTO and pipe as the JSON admin API, so both
 * accept exactly the same input; the error's `param` says which field to mark.
 */
export async function validateForm<T extends object>(dto: Type<T>, input: Record<string, unknown>): Promise<FormResult<T>> {
  try {
    return { ok: true, value: (await pipe.transform(input, { type: 'body', metatype: dto })) as T };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error };
    throw error;
  }
}
