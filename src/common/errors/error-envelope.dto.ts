import { ApiProperty } from '@nestjs/swagger';
import type { ErrorType } from './api-error';

const ERROR_TYPES: ErrorType[] = ['invalid_request', 'authentication', 'permission', 'idempotency', 'rate_limited', 'api_error'];

/** The body of every error (DESIGN.md §5), for the OpenAPI document. */
export class ApiErrorBody {
  @ApiProperty({ enum: ERROR_TYPES })
  type!: ErrorType;

  /**
   * Machine-readable reason, e.g. `parameter_invalid` or `resource_missing`.
   * @example "parameter_invalid"
   */
  code!: string;

  /**
   * Human-readable explanation; never contains secrets or internals.
   * @example "email must be an email."
   */
  message!: string;

  /**
   * The request field at fault, as a path such as `metadata` or `items[0].amount`.
   * @example "email"
   */
  param?: string;

  /** The scope the key lacked (403 `insufficient_scope` only). */
  requiredScope?: string;

  /**
   * The id also sent in the `Request-Id` header; quote it when reporting a problem.
   * @example "req_01jdqvtsjxf2nbrexx3vqjhp41"
   */
  requestId!: string;
}

export class ApiErrorEnvelope {
  error!: ApiErrorBody;
}
