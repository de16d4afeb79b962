import type { ApiKey } from '../../api-keys/api-key.entity';
import type { ApiError } from '../../common/errors/api-error';
import { html, SafeHtml } from '../../common/pages/html';
import { issueTokenField } from '../issue-token';
import { alert, errorText, fieldError, formError, invalidAttrs } from './fields';
import { maskedKey, modeBadge } from './format';
import { layout } from './layout';

/** The overlaps offered: how long the old key keeps working after the roll. */
export const ROLL_OVERLAPS: { hours: number; label: string }[] = [
  { hours: 0, label: 'Stop it now' },
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
];

export function rollKeyPage(email: string, key: ApiKey, error?: ApiError): SafeHtml {
  const overlapError = fieldError(error, 'expiresInHours');
  return layout(
    { title: 'Roll an API key', email },
    html`<section class="narrow">
<h1>Roll this key</h1>
${alert(formError(error, ['expiresInHours']))}
<p><strong>${key.name}</strong> ${modeBadge(key.mode)} <code>${maskedKey(key)}</code></p>
<p>Rolling issues a new key with the same name, mode and scopes. The new key is shown once.</p>
<form method="post" action="/dashboard/api-keys/${key.id}/roll">
${issueTokenField()}
<div class="field">
<label for="expiresInHours">Keep the old key working for</label>
<select id="expiresInHours" name="expiresInHours"${invalidAttrs('expiresInHours', overlapError)}>
${ROLL_OVERLAPS.map(({ hours, label }) => html`<option value="${hours}"${hours === 24 && html` selected`}>${label}</option>`)}
</select>
${errorText('expiresInHours', overlapError)}
</div>
<div class="buttons"><button type="submit" class="primary">Roll key</button> <a href="/dashboard/api-keys">Cancel</a></div>
</form>
</section>`,
  );
}
