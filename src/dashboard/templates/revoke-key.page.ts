import type { ApiKey } from '../../api-keys/api-key.entity';
import { html, SafeHtml } from '../../common/pages/html';
import { maskedKey, modeBadge } from './format';
import { layout } from './layout';

export function revokeKeyPage(email: string, key: ApiKey): SafeHtml {
  return layout(
    { title: 'Revoke an API key', email },
    html`<section class="narrow">
<h1>Revoke this key?</h1>
<p><strong>${key.name}</strong> ${modeBadge(key.mode)} <code>${maskedKey(key)}</code></p>
<p>Every request with this key is refused from now on. This cannot be undone.</p>
<form method="post" action="/dashboard/api-keys/${key.id}/revoke">
<div class="buttons"><button type="submit" class="danger">Revoke key</button> <a href="/dashboard/api-keys">Cancel</a></div>
</form>
</section>`,
  );
}
