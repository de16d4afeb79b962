import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { ApiErrors } from '../errors/api-errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const PRINTABLE_ASCII = /^[\x20-\x7e]{1,255}$/;

/** The header's value when present and well-formed; a 400 naming the header otherwise. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !PRINTABLE_ASCII.test(header)) {
    throw ApiErrors.parameterInvalid(IDEMPOTENCY_HEADER, `${IDEMPOTENCY_HEADER} must be 1 to 255 printable ASCII characters.`);
  }
  return header;
}

/** Same method, same path, same body (keys in any order) ⇔ same fingerprint. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${stringify(body ?? {})}`)
    .digest('hex');
}
