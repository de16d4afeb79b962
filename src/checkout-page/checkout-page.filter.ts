import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { requestIdOf } from '../common/logging/request-id';
import { pageErrorOf } from '../common/pages/page-error';
import { AppConfig } from '../config/app-config';
import { messagePage } from './templates/message.page';

/** What the payer reads for each kind of failure: never the API's wording, ids or internals. */
const MESSAGES: Record<number, { heading: string; message: string }> = {
  404: { heading: 'Page not found', message: 'This checkout link is not valid. Check the link you were given, or ask the shop for a new one.' },
  410: { heading: 'No longer available', message: 'This payment link is no longer available. Ask the shop for a new one.' },
  429: { heading: 'Too many checkouts', message: 'Too many checkouts were started from your network just now. Wait a minute, then try again.' },
};

/** Errors of the payer's pages as pages (with the status), not JSON envelopes. */
@Catch()
export class CheckoutPageExceptionFilter implements ExceptionFilter {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const failed = pageErrorOf(exception, host);
    if (!failed) return;
    const { error, request, response } = failed;
    const known = MESSAGES[error.status];
    const text =
      known ??
      (error.status < 500
        ? { heading: 'That did not work', message: error.message }
        : { heading: 'Something went wrong', message: `Please try again in a moment. If it keeps happening, tell the shop this reference: ${requestIdOf(request, response)}.` });
    response.set(error.headers);
    response.status(error.status).type('html').send(messagePage({ merchantName: this.config.merchantName, ...text }).value);
  }
}
