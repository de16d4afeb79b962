import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/** bigint in JavaScript, text on the wire; null passes through (also for a left join that found nothing). */
export const bigintText: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/**
 * An on-chain amount in base units (wei, a token's smallest unit): `numeric(78, 0)` holds any
 * uint256, read back as a bigint, never a JavaScript number.
 */
export function BaseUnitsColumn(options: Omit<ColumnOptions, 'type' | 'precision' | 'scale' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', precision: 78, scale: 0, transformer: bigintText });
}
