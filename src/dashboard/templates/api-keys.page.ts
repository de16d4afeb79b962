import type { ApiKey } from '../../api-keys/api-key.entity';
import { apiKeyStatus } from '../../api-keys/api-key.presenter';
import { html, SafeHtml } from '../../common/pages/html';
import { formatTime, maskedKey, modeBadge, statusCell } from './format';
import { layout } from './layout';

export interface ApiKeysView {
  email: string;
  keys: ApiKey[];
  /** The id to continue after, when there are older keys. */
  olderAfter?: string;
}

function actions(key: ApiKey): SafeHtml {
  const status = apiKeyStatus(key);
  if (status === 'revoked' || status === 'expired') return html``;
  return html`<a href="/dashboard/api-keys/${key.id}/roll">Roll<span class="sr-only"> ${key.name}</span></a>
<a href="/dashboard/api-keys/${key.id}/revoke" class="danger">Revoke<span class="sr-only"> ${key.name}</span></a>`;
}

function row(key: ApiKey): SafeHtml {
  return html`<tr data-key-id="${key.id}">
<td data-label="Name">${key.name}</td>
<td data-label="Mode">${modeBadge(key.mode)}</td>
<td data-label="Scopes"><ul class="scopes">${key.scopes.map((scope) => html`<li><code>${scope}</code></li>`)}</ul></td>
<td data-label="Key"><code>${maskedKey(key)}</code></td>
<td data-label="Created">${formatTime(key.createdAt)}</td>
<td data-label="Last used">${formatTime(key.lastUsedAt)}</td>
<td data-label="Status">${statusCell(key)}</td>
<td data-label="Actions" class="actions">${actions(key)}</td>
</tr>`;
}

export function apiKeysPage({ email, keys, olderAfter }: ApiKeysView): SafeHtml {
  return layout(
    { title: 'API keys', email, current: 'api-keys' },
    html`<div class="page-head">
<h1>API keys</h1>
<a class="button primary" href="/dashboard/api-keys/new">Create key</a>
</div>
${
  keys.length === 0
    ? html`<p>No keys yet. Create one to call the API.</p>`
    : html`<div class="table-wrap"><table class="keys">
<caption class="sr-only">API keys, newest first</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Mode</th><th scope="col">Scopes</th><th scope="col">Key</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>
${keys.map(row)}
</tbody>
</table></div>`
}
${olderAfter !== undefined && html`<p><a href="/dashboard/api-keys?startingAfter=${olderAfter}">Older keys</a></p>`}`,
  );
}
