import { TypeID, typeid } from 'typeid-js';

/** TypeID prefixes of DESIGN.md §3, with the resource name used in messages. */
export const ID_PREFIXES = {
  key: 'API key',
  cus: 'customer',
  plink: 'payment link',
  cs: 'checkout session',
  we: 'webhook endpoint',
  evt: 'event',
  whd: 'webhook delivery',
  req: 'request',
  admin: 'admin user',
  sess: 'admin session',
  pay: 'payment',
  sweep: 'sweep',
} as const;

export type IdPrefix = keyof typeof ID_PREFIXES;

/** A new id: the prefix and a UUIDv7, so ids sort by creation time. */
export function newId(prefix: IdPrefix): string {
  return typeid(prefix).toString();
}

/** Whether `value` is a well-formed TypeID with exactly this prefix. */
export function isId(prefix: IdPrefix, value: unknown): boolean {
  if (typeof value !== 'string' || !value.startsWith(`${prefix}_`)) return false;
  try {
    return TypeID.fromString(value, prefix).getType() === prefix;
  } catch {
    return false;
  }
}
