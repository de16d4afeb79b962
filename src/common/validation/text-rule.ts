/** Whether a string may hold tab, line feed and carriage return (prose: names, descriptions, metadata values). */
export type TextKind = 'free' | 'plain';

// C0 controls, U+0000–U+001F. PostgreSQL cannot store U+0000 at all; the rest
// has no business in an id, a URL or a key and would reach logs and pages.
/* eslint-disable no-control-regex -- matching control characters is the point */
const CONTROL = /[\u0000-\u001f]/;
const CONTROL_BUT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/* eslint-enable no-control-regex */
// An unpaired UTF-16 surrogate cannot be encoded as UTF-8: the database driver
// would store U+FFFD instead, so the object would not read back as sent.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (character: string) => `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The one rule for every string a request sends (README "Input rules"):
 * why `text` is not acceptable as `kind`, or undefined when it is.
 */
export function textProblem(text: string, kind: TextKind): string | undefined {
  const control = (kind === 'free' ? CONTROL_BUT_TAB_AND_LINE_BREAKS : CONTROL).exec(text);
  // One wording for both kinds: the check before validation does not know the field's kind.
  if (control) return `must not contain control characters (found ${codePoint(control[0])})`;
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (found an unpaired surrogate)';
  return undefined;
}
