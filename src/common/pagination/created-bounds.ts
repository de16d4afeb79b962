import { TypeID } from 'typeid-js';
import type { IdPrefix } from '../ids/type-id';

// A UUIDv7 holds its creation millisecond in its first 48 bits.
const MAX_UUID7_MS = 2 ** 48 - 1;

/**
 * The smallest id of `prefix` created at `instant`'s millisecond: every id
 * created then or later sorts at or after it, every id created earlier sorts
 * before it. So `created >= t` is `id >= idAt(t)` and `created < t` is
 * `id < idAt(t)`, answered by the `(livemode, id)` index every list already
 * walks — no `created_at` index or sort needed. (Ids are stamped by the same
 * clock as `createdAt` to the millisecond; a sub-millisecond bound is
 * truncated to its millisecond.)
 */
export function idAt(prefix: IdPrefix, instant: string): string {
  const ms = Math.min(Math.max(Math.floor(Date.parse(instant)), 0), MAX_UUID7_MS);
  const hex = ms.toString(16).padStart(12, '0');
  return TypeID.fromUUID(prefix, `${hex.slice(0, 8)}-${hex.slice(8)}-0000-0000-000000000000`).toString();
}
