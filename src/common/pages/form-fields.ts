/** A form field that may be sent once, several times (checkboxes) or not at all. */
export function fieldList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

/** A single text field; a repeated one is taken as missing rather than guessed at. */
export function field(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
