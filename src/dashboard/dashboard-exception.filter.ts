import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toApiError } from '../common/errors/to-api-error';
import { requestIdOf } from '../common/logging/request-id';
import { signInUrl } from './safe-next';
import { errorPage } from './templates/error.page';

/**
 * Dashboard errors as pages rather than JSON envelopes. A missing or ended
 * session (AdminSessionGuard's 401) sends the browser to sign in and, after
 * that, back to the page it asked for.
 */
@Catch()
export class DashboardExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const error = toApiError(exception, { method: request.method, path: request.path });
    if (error.status >= 500) response.err = exception as Error;
    if (response.headersSent) {
      response.end();
      return;
    }
    if (error.status === 401 && error.code === 'session_required') {
      // A POST's path is also a page (its form), so coming back to it is safe.
      response.redirect(303, signInUrl(request.method === 'GET' ? request.originalUrl : request.path));
      return;
    }
    response.set(error.headers);
    response.status(error.status).type('html').send(errorPage(error, requestIdOf(request, response)).value);
  }
}
