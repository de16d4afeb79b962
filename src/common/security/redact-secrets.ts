/**
 * Credentials we issue have recognisable shapes; any text that leaves the
 * process (log lines, echoed URLs) passes through here so a key pasted into
 * the wrong place is not written down.
 */
const SECRET_SHAPES = /\b(ck_(?:live|test)_|whsec_)[0-9A-Za-z+/=]+/g;

export function redactSecrets(text: string): string {
  return text.replace(SECRET_SHAPES, '$1[REDACTED]');
}
