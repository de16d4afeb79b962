import type { Metadata } from './metadata';

/** Stripe's update rule: given keys replace existing ones, and a key set to `""` is removed. */
export function mergeMetadata(current: Metadata, update: Metadata | undefined): Metadata {
  if (!update) return current;
  const merged = { ...current, ...update };
  for (const [key, value] of Object.entries(update)) if (value === '') delete merged[key];
  return merged;
}
