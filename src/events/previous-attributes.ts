/** A value as it will be stored and shown: JSON's own form (dates as ISO strings, no undefined). */
function asJson(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * Stripe's `previous_attributes`: of an object's top-level fields, those a change altered, with the
 * values they had before it (a nested value such as `metadata` is given whole). Fields compared as JSON,
 * so a date and its ISO string are the same value. A field the change added appears as `null`.
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const [old, now] = [asJson(before), asJson(after)];
  const changed: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) changed[key] = old[key] ?? null;
  }
  return changed;
}
