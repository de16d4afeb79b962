import type { ApiError } from '../../common/errors/api-error';
import type { Scope } from '../../common/auth/scopes';
import { html, SafeHtml } from '../../common/pages/html';
import { issueTokenField } from '../issue-token';
import { alert, errorText, fieldError, formError, invalidAttrs } from './fields';
import { layout } from './layout';

export interface NewKeyView {
  email: string;
  values?: { name?: string; mode?: string; scopes?: string[] };
  error?: ApiError;
}

/** The nine scopes by resource, read and write side by side (events have no write). */
const RESOURCES: { label: string; read: Scope; write?: Scope }[] = [
  { label: 'Payment links', read: 'links:read', write: 'links:write' },
  { label: 'Checkout sessions', read: 'sessions:read', write: 'sessions:write' },
  { label: 'Customers', read: 'customers:read', write: 'customers:write' },
  { label: 'Webhook endpoints', read: 'webhooks:read', write: 'webhooks:write' },
  { label: 'Events', read: 'events:read' },
];

function scopeBox(scope: Scope, action: string, resource: string, checked: boolean): SafeHtml {
  const id = `scope-${scope.replace(':', '-')}`;
  return html`<span class="check"><input type="checkbox" id="${id}" name="scopes" value="${scope}"${checked && html` checked`}>
<label for="${id}">${action}<span class="sr-only"> ${resource}</span> <code>${scope}</code></label></span>`;
}

export function newKeyPage({ email, values = {}, error }: NewKeyView): SafeHtml {
  const chosen = new Set(values.scopes ?? []);
  const mode = values.mode === 'live' ? 'live' : 'test';
  const nameError = fieldError(error, 'name');
  const modeError = fieldError(error, 'mode');
  const scopesError = fieldError(error, 'scopes');
  return layout(
    { title: 'Create an API key', email },
    html`<section class="narrow">
<h1>Create an API key</h1>
${alert(formError(error, ['name', 'mode', 'scopes']))}
<form method="post" action="/dashboard/api-keys" novalidate>
${issueTokenField()}
<div class="field">
<label for="name">Name</label>
<input id="name" name="name" type="text" maxlength="100" required autocomplete="off" value="${values.name ?? ''}"${invalidAttrs('name', nameError)}>
<p class="hint">What the key is for, e.g. “Shop backend”.</p>
${errorText('name', nameError)}
</div>
<fieldset class="field"${invalidAttrs('mode', modeError)}>
<legend>Mode</legend>
<span class="check"><input type="radio" id="mode-test" name="mode" value="test"${mode === 'test' && html` checked`}>
<label for="mode-test">Test <span class="muted">— test objects only, never moves real funds</span></label></span>
<span class="check"><input type="radio" id="mode-live" name="mode" value="live"${mode === 'live' && html` checked`}>
<label for="mode-live">Live <strong class="live-warning">— moves real funds</strong></label></span>
${errorText('mode', modeError)}
</fieldset>
<fieldset class="field"${invalidAttrs('scopes', scopesError)}>
<legend>Scopes</legend>
<p class="hint">Read never implies write. Choose only what the key needs.</p>
<table class="scope-grid">
<thead><tr><th scope="col">Resource</th><th scope="col">Read</th><th scope="col">Write</th></tr></thead>
<tbody>
${RESOURCES.map(
  ({ label, read, write }) => html`<tr><th scope="row">${label}</th>
<td>${scopeBox(read, 'Read', label, chosen.has(read))}</td>
<td>${write ? scopeBox(write, 'Write', label, chosen.has(write)) : html`<span class="muted">—</span>`}</td></tr>`,
)}
</tbody>
</table>
${errorText('scopes', scopesError)}
</fieldset>
<div class="buttons"><button type="submit" class="primary">Create key</button> <a href="/dashboard/api-keys">Cancel</a></div>
</form>
</section>`,
  );
}
