import type { ArgumentsHost } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ApiError } from '../errors/api-error';
import { toApiError } from '../errors/to-api-error';

export interface PageError {
  error: ApiError;
  request: Request;
  response: Response;
}

/**
 * What a page route's exception filter needs: the error as the API would classify it (a 5xx
 * keeps the exception for the request log). Undefined when the answer had already started: it is
 * ended, and there is no page left to send.
 */
export function pageErrorOf(exception: unknown, host: ArgumentsHost): PageError | undefined {
  const request = host.switchToHttp().getRequest<Request>();
  const response = host.switchToHttp().getResponse<Response>();
  const error = toApiError(exception, { method: request.method, path: request.path });
  if (error.status >= 500) response.err = exception as Error;
  if (response.headersSent) {
    response.end();
    return undefined;
  }
  return { error, request, response };
}
