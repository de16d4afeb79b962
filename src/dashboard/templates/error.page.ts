import type { ApiError } from '../../common/errors/api-error';
import { html, SafeHtml } from '../../common/pages/html';
import { layout } from './layout';

export function errorPage(error: ApiError, requestId: string): SafeHtml {
  return layout(
    { title: 'Something went wrong' },
    html`<section class="narrow">
<h1>${error.status === 403 ? 'Not allowed' : error.status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<p role="alert">${error.message}</p>
<p class="muted">Request id: <code>${requestId}</code></p>
<p><a href="/dashboard/api-keys">Back to API keys</a></p>
</section>`,
  );
}
