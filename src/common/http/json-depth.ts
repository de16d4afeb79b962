/**
 * How deeply a JSON body may nest, counting the top-level object as 1. Far
 * more than any request needs; far less than what would exhaust the stack of
 * the recursive code that later walks a body (validation, fingerprinting).
 */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests deeper than `limit`, found without recursion so the check itself cannot overflow. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth > limit) return true;
    for (const child of Object.values(item.value)) pending.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}
