import type { ApiError } from '../../common/errors/api-error';
import { html, SafeHtml } from '../../common/pages/html';

/** Messages a person can act on, by the `param` the API's validation names. */
const FIELD_MESSAGES: Record<string, string> = {
  email: 'Enter an email address, like you@example.com.',
  password: 'Enter your password.',
  name: 'Enter a name of 1 to 100 characters.',
  mode: 'Choose test or live.',
  scopes: 'Choose at least one scope.',
  expiresInHours: 'Choose how long the old key keeps working.',
};

/** The message to show next to `param`'s field, if this error is about it. */
export function fieldError(error: ApiError | undefined, param: string): string | undefined {
  if (!error || error.details.param === undefined) return undefined;
  const failed = error.details.param.replace(/\[\d+\]$/, '');
  return failed === param ? (FIELD_MESSAGES[param] ?? error.message) : undefined;
}

/** An error that is about no field (or a field this form does not have) goes at the top. */
export function formError(error: ApiError | undefined, params: string[]): string | undefined {
  if (!error) return undefined;
  const failed = error.details.param?.replace(/\[\d+\]$/, '');
  return failed !== undefined && params.includes(failed) ? undefined : error.message;
}

export function errorText(id: string, message: string | undefined): SafeHtml {
  return html`${message !== undefined && html`<p class="field-error" id="${id}-error">${message}</p>`}`;
}

/** `aria-invalid` and `aria-describedby` for a field that has an error. */
export function invalidAttrs(id: string, message: string | undefined): SafeHtml {
  return message === undefined ? html`` : html` aria-invalid="true" aria-describedby="${id}-error"`;
}

export function alert(message: string | undefined): SafeHtml {
  return html`${message !== undefined && html`<p class="alert" role="alert">${message}</p>`}`;
}
