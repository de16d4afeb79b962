import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { requestIdOf } from '../common/logging/request-id';
import { pageErrorOf } from '../common/pages/page-error';
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
    const failed = pageErrorOf(exception, host);
    if (!failed) return;
    const { error, request, response } = failed;
    if (error.status === 401 && error.code === 'session_required') {
      // A POST's path is also a page (its form), so coming back to it is safe.
      response.redirect(303, signInUrl(request.method === 'GET' ? request.originalUrl : request.path));
      return;
    }
    response.set(error.headers);
    response.status(error.status).type('html').send(errorPage(error, requestIdOf(request, response)).value);
  }
}
