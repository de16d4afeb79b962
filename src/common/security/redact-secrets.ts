/**
 * Credentials we issue have recognisable shapes; any text that leaves the
 * process (log lines, echoed URLs) passes through here so a key pasted into
 * the wrong place is not written down.
 */
const API_KEY = /\b(ck_(?:live|test)_)[0-9A-Za-z]+/g;
const WEBHOOK_SECRET = /\b(whsec_)[0-9A-Za-z+/=]+/g;
/** A checkout page's secret in its URL (`/checkout/cs_…?s=…`): whoever reads a request log line must not be able to open the page. */
const PAGE_SECRET = /([?&]s=)[A-Za-z0-9_-]{16,}/g;

export function redactSecrets(text: string): string {
  // Every log line passes here; most hold none of the three shapes, which a substring search rules out cheaply.
  if (!text.includes('ck_') && !text.includes('whsec_') && !text.includes('s=')) return text;
  return text.replace(API_KEY, '$1[REDACTED]').replace(WEBHOOK_SECRET, '$1[REDACTED]').replace(PAGE_SECRET, '$1[REDACTED]');
}

export function containsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}
