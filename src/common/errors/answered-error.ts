import type { Response } from 'express';
import type { ApiError } from './api-error';

const ANSWERED_ERROR = Symbol('answeredError');

type WithAnsweredError = Response & { [ANSWERED_ERROR]?: ApiError };

/** Kept on the response so observers of its end (metrics) can tell a 401's or 429's reason. */
export function rememberAnsweredError(response: Response, error: ApiError): void {
  (response as WithAnsweredError)[ANSWERED_ERROR] = error;
}

export function answeredErrorOf(response: Response): ApiError | undefined {
  return (response as WithAnsweredError)[ANSWERED_ERROR];
}
