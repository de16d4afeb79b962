import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { requestIdOf } from '../logging/request-id';
import { rememberAnsweredError } from './answered-error';
import { toApiError } from './to-api-error';

/**
 * The single place where any exception becomes an HTTP response: the §5
 * envelope with the request id. For a 5xx the original error is attached to
 * the response so the request's completion log line carries its stack.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const error = toApiError(exception, { method: request.method, path: request.path });
    if (error.status >= 500) {
      response.err = exception as Error;
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    rememberAnsweredError(response, error);
    response.set(error.headers);
    response.status(error.status).json(error.toEnvelope(requestIdOf(request, response)));
  }
}
