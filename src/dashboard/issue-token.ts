import { randomBytes } from 'node:crypto';
import { html, SafeHtml } from '../common/pages/html';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/**
 * A hidden, one-time token in each form that issues a key (create, roll).
 * Without JavaScript, reloading the page that shows a new key makes the
 * browser offer to send the form again; the token, stored hashed with the
 * key, turns that second send into a conflict instead of a second key.
 */
export function issueTokenField(): SafeHtml {
  return html`<input type="hidden" name="issueToken" value="${randomBytes(24).toString('base64url')}">`;
}

/** The form's token, or undefined when absent or not of the shape this page hands out. */
export function issueTokenOf(body: Record<string, unknown>): string | undefined {
  const token = body.issueToken;
  return typeof token === 'string' && TOKEN_SHAPE.test(token) ? token : undefined;
}
