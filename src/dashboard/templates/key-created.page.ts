import type { ApiKey } from '../../api-keys/api-key.entity';
import { html, SafeHtml } from '../../common/pages/html';
import { modeBadge } from './format';
import { layout } from './layout';

export interface KeyCreatedView {
  email: string;
  heading: string;
  key: ApiKey;
  /** The raw key. This page, the direct answer to the POST, is the only place it ever appears. */
  secret: string;
}

export function keyCreatedPage({ email, heading, key, secret }: KeyCreatedView): SafeHtml {
  return layout(
    { title: heading, email },
    html`<section class="narrow">
<h1>${heading}</h1>
<div class="secret-panel" role="region" aria-labelledby="secret-label" data-shown-once="/dashboard/api-keys">
<p id="secret-label"><strong>${key.name}</strong> ${modeBadge(key.mode)}</p>
<p class="alert" role="alert">Copy this key now and store it safely. It will never be shown again.</p>
<div class="secret-row">
<label class="sr-only" for="secret">The new API key</label>
<input id="secret" class="secret" type="text" readonly value="${secret}" spellcheck="false" autocomplete="off">
<button type="button" class="copy" data-copy="secret" hidden>Copy</button>
</div>
<p class="copy-status muted" aria-live="polite"></p>
</div>
<p><a class="button" href="/dashboard/api-keys">I have stored it — back to API keys</a></p>
</section>`,
  );
}
